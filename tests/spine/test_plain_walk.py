"""The plain text that rendering computes beside the HTML, in the same walk of the tokens
(`PieceRenderer.render`), is `plain_text`'s, for every CommonMark spec example and for
lettered parts, footnotes, tables, definition lists and author HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normkit.sources.context import RenderContext, Rendered
from normkit.sources.documents import parse_document
from normkit.sources.files import SourceFile
from normkit.sources.pieces import PieceRenderer, render_pieces
from normkit.sources.plain import plain_text
from normkit.sources.render import _prepare
from tests.spine.test_plugins import resolver

SPEC = Path(__file__).resolve().parents[1] / "commonmark" / "commonmark.json"
EXTRA = [
    "Term\n: its definition\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Text[^1] and ~~struck~~ by the Entity.\n\n[^1]: A note\n\n    with code.\n",
    "Intro.\n\n1. tight, the Entity\n2. list\n   > quoted\n3. <kbd>html</kbd>\n\n***\n",
    "1. loose\n\n   second\n\n   - nested\n   - points\n\n2. <b>b</b>\n\n5. again\n6. more\n",
    "<div>\n<script>x</script>\n</div>\n\n| h | i |\n|---|---|\n|  | <b>2</b> |\n",
]


def _sources() -> list[str]:
    return [example["markdown"] for example in json.loads(SPEC.read_text("utf-8"))] + EXTRA


@pytest.mark.parametrize("lettered", [False, True])
def test_plain_text_is_computed_beside_the_html(lettered: bool) -> None:
    compared = 0
    for source in _sources():
        document, _ = parse_document(SourceFile(path="x.md", text=source))
        for chunk in document.chunks:
            context = RenderContext(
                resolver=resolver(), path="x.md", lines=document.lines, result=Rendered((), "")
            )
            anchors: dict[int, str] = {}
            prepared = _prepare(chunk.tokens, context, "c-1" if lettered else None, anchors)
            expected = plain_text(prepared, lettered=anchors)
            has_html = context.has_html
            _, once = render_pieces(prepared, document.env, has_html=has_html, anchors=anchors)
            renderer = PieceRenderer(document.env)
            _, first = renderer.render(prepared, has_html=has_html, anchors=anchors)
            _, again = renderer.render(prepared, has_html=has_html, anchors=anchors)
            assert once == first == again == expected, source
            compared += 1
    assert compared > 600
