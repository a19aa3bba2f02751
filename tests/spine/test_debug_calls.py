"""The shared parser's block rules skip markdown-it's debug logging only where nothing
would show it, and parse exactly as markdown-it's own rules do."""

from __future__ import annotations

import importlib
import json
import logging
from pathlib import Path

import pytest

from normkit.sources import markdown
from normkit.sources.markdown import configured, parser

SPEC = Path(__file__).resolve().parents[1] / "commonmark" / "commonmark.json"
EXTRA = [
    "# Title\n\n```criterion\nid: a\n```\n\nText [[ref]] and [=term=].\n\n- a\n  - b\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nTerm\n: its definition\n\nA note[^1].\n\n[^1]: Foot.\n",
    "> quote\n> > nested\n\n***\n\n    code\n\n<div>\nhtml\n</div>\n\n[x]: /url\n",
    "Setext\n======\n\n1. one\n2. two\n\n~~strike~~ &#0; &#x7;\n",
]


def _texts() -> list[str]:
    return [case["markdown"] for case in json.loads(SPEC.read_text(encoding="utf-8"))] + EXTRA


def _debug_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name.startswith("markdown_it")]


def test_same_tokens_as_markdown_its_own_rules() -> None:
    quiet, plain = parser(), configured()
    for text in _texts():
        assert quiet.parse(text, {}) == plain.parse(text, {}), text


def test_no_debug_call_where_it_would_be_dropped(caplog: pytest.LogCaptureFixture) -> None:
    quiet = parser()  # built with no DEBUG level set, as in a run
    caplog.set_level(logging.DEBUG, logger="markdown_it")  # records would now be kept
    quiet.parse("# heading\n\n- item\n\n> quote\n\nparagraph\n", {})
    assert not _debug_records(caplog)
    configured().parse("# heading\n", {})  # markdown-it's own rules do log it
    assert _debug_records(caplog)


def test_rules_kept_where_debug_logging_is_on(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="markdown_it")
    md = configured()
    markdown._without_debug_calls(md)
    md.parse("# heading\n\nparagraph\n", {})
    assert any("entering heading" in record.getMessage() for record in _debug_records(caplog))


def test_markdown_its_modules_unchanged() -> None:
    module = importlib.import_module("markdown_it.rules_block.heading")
    parser()
    assert isinstance(module.LOGGER, logging.Logger)
    assert any(rule.fn is module.heading for rule in configured().block.ruler.__rules__)
    assert not any(rule.fn is module.heading for rule in parser().block.ruler.__rules__)
