"""Rendering keeps a parsed inline token, rather than a copy, where preparing it changes none
of its children (`render._inline`): so no render may change a parsed token in place, which
every spec example, with references, terms, footnotes, links, images and HTML, checks."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from normkit.sources.context import RenderContext, Rendered
from normkit.sources.documents import parse_document
from normkit.sources.files import SourceFile
from normkit.sources.render import _prepare, render, render_lettered
from tests.spine.test_lone_paragraph import EXTRA
from tests.spine.test_plugins import resolver

SPEC = Path(__file__).resolve().parents[1] / "commonmark" / "commonmark.json"


def _state(tokens: list[Token]) -> list[Any]:
    """Every field of the tokens, their children's too."""
    return [(token.as_dict(children=False), _state(token.children or [])) for token in tokens]


def test_no_render_changes_a_parsed_token() -> None:
    sources = [example["markdown"] for example in json.loads(SPEC.read_text("utf-8"))]
    rendered = 0
    for source in [*sources, *EXTRA]:
        document, _ = parse_document(SourceFile(path="x.md", text=source))
        for chunk in document.chunks:
            before = copy.deepcopy(_state(chunk.tokens))
            where: dict[str, Any] = {"path": "x.md", "lines": document.lines, "env": document.env}
            render(chunk.tokens, resolver(), **where)
            render_lettered(chunk.tokens, resolver(), **where, parts_anchor="c")
            assert _state(chunk.tokens) == before, source
            rendered += 1
    assert rendered > 600


def test_a_run_that_needs_no_change_is_not_copied() -> None:
    text = "Plain *words*.\n\nThe Entity.\n\nSee [[ghg-targets]].\n\n1. an item\n"
    document, _ = parse_document(SourceFile(path="x.md", text=text))
    (chunk,) = document.chunks
    context = RenderContext(
        resolver=resolver(), path="x.md", lines=document.lines, result=Rendered((), "")
    )
    parsed = [token for token in chunk.tokens if token.type == "inline"]
    prepared = [token for token in _prepare(chunk.tokens, context, None) if token.type == "inline"]
    # (a term linked and a reference resolved: copies; the others are the parse's own)
    assert [token is original for token, original in zip(prepared, parsed, strict=True)] == [
        True,
        False,
        False,
        True,
    ]
