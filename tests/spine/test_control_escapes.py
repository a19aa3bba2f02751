"""Control characters written as escapes (`source.control-escape`): located where written, and
in no output; a reference inside code is text, not a reference."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normkit.pipeline import check_project
from normkit.sources.control import is_control
from normkit.sources.markdown import parse
from tests.spine.miniprojects import materialise

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def test_no_text_of_the_model_carries_a_control_character(tmp_path: Path) -> None:
    result = check_project(materialise("source__control-escape", tmp_path / "project"))
    assert {d.code.code for d in result.diagnostics} == {"source.control-escape"}
    texts = list(result.corpus.texts())
    assert texts
    for text in texts:
        assert not CONTROL.search(text.html) and not CONTROL.search(text.plain), text.markdown
    intro = next(t for t in texts if "[31m" in t.plain)
    assert "keeps its [31mintegrity (written &#27; in code, which is text)." in intro.plain
    # In author HTML too; there `&#150;` is Windows-1252's en dash, as browsers read it.
    raw = next(t for t in texts if "Raw HTML" in t.plain)
    assert "Raw HTML: [0m is left out, \u2013 is a dash." in raw.plain


@pytest.mark.parametrize(
    ("code", "control"),
    [(0, True), (8, True), (9, False), (10, False), (11, True), (12, True), (13, False),
     (27, True), (31, True), (32, False), (127, True), (0x85, True), (0x9F, True),
     (0xA0, False), (0xD800, True), (0xDFFF, True), (0xFFFD, False)],
)  # fmt: skip
def test_what_a_control_character_is(code: int, control: bool) -> None:
    assert is_control(code) is control
    rendered = parse(f"a&#{code};b\n")[1].children
    assert rendered is not None
    text = "".join(child.content for child in rendered)
    assert (text == "ab") is control
