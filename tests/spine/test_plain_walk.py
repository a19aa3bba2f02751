"""The plain text that rendering computes beside the HTML, in the same walk of the tokens
(`PieceRenderer.render`), is what a walk of its own makes of the same steps (`plain_text`,
the definition, kept here), for every CommonMark spec example and for lettered parts,
footnotes, tables, definition lists and author HTML."""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Iterator, Sequence
from pathlib import Path

import pytest
from markdown_it.token import Token

from normkit.sources.context import RenderContext, Rendered
from normkit.sources.documents import ParsedDocument, parse_document
from normkit.sources.files import SourceFile
from normkit.sources.pieces import PieceRenderer, render_pieces
from normkit.sources.plain import (
    BLOCK_ENDS,
    html_text,
    inline_plain,
    item_marker,
    list_start,
    tidy_plain,
)
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


def _documents() -> Iterator[tuple[str, ParsedDocument]]:
    """Each source of `_sources`, parsed."""
    for source in _sources():
        yield source, parse_document(SourceFile(path="x.md", text=source))[0]


def _context(document: ParsedDocument) -> RenderContext:
    """A fresh render context for a text of `document`."""
    return RenderContext(
        resolver=resolver(), path="x.md", lines=document.lines, result=Rendered((), "")
    )


def plain_text(
    tokens: Sequence[Token],
    inline_text: Callable[[list[Token]], str] = inline_plain,
    lettered: Container[int] = (),
) -> str:
    """The definition `PieceRenderer.render` is held to: blocks on their own lines, list
    items marked (those whose `id` is in `lettered` with their part's letter), table cells
    apart, paragraphs separated by a blank line; each inline run's text from `inline_text`."""
    out: list[str] = []
    counters: list[int | None] = []
    for token in tokens:
        kind = token.type  # (one lookup: this loop runs for every token of every text)
        if kind == "inline":
            out.append(inline_text(token.children or []))
        elif kind in BLOCK_ENDS:
            if kind == "fence" or kind == "code_block":
                out.append(token.content)
            elif kind == "html_block":
                out.append(html_text(token.content))
            out.append("\n" if counters or kind == "tr_close" or kind == "dt_close" else "\n\n")
        elif kind == "list_item_open":
            out.append(item_marker(token, counters, lettered))
        elif kind == "bullet_list_open":
            counters.append(None)
        elif kind == "ordered_list_open":
            counters.append(list_start(token))
        elif kind == "bullet_list_close" or kind == "ordered_list_close":
            counters.pop()
            out.append("\n")
        elif (kind == "th_open" or kind == "td_open") and out and not out[-1].endswith("\n"):
            out.append(" | ")
        elif kind == "tr_open" and out and not out[-1].endswith("\n"):
            out.append("\n")
    return tidy_plain("".join(out))


@pytest.mark.parametrize("lettered", [False, True])
def test_plain_text_is_computed_beside_the_html(lettered: bool) -> None:
    compared = 0
    for source, document in _documents():
        for chunk in document.chunks:
            context = _context(document)
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
