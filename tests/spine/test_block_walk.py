"""`PieceRenderer.render` writes of a text's tokens what markdown-it's own `render` writes
(typed pieces at their markers), for every CommonMark spec example and the cases of the
plain-text walk, as parsed and with every hidden paragraph shown (as a lettered part shows
its item's): the walk writes the commonest block tokens itself, without `block_markup`."""

from __future__ import annotations

import pytest
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from normkit.sources.documents import parse_document
from normkit.sources.files import SourceFile
from normkit.sources.markdown import parser
from normkit.sources.pieces import MARKER, PIECES_KEY, PieceRenderer, render_pieces
from normkit.sources.render import (
    _footnote_block,
    _prepare,
    _prepared_notes,
    render,
    render_lettered,
)
from normkit.sources.tokens import copy_token
from tests.spine.test_plain_walk import _context, _documents
from tests.spine.test_plugins import resolver


def _markdown_it(tokens: list[Token], env: dict[str, object]) -> tuple[str, list[object]]:
    md = parser()
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    typed: list[object] = []
    html = renderer.render(tokens, md.options, {**env, PIECES_KEY: typed})
    return html.strip(), typed


@pytest.mark.parametrize("shown", [False, True], ids=["as-parsed", "hidden-shown"])
def test_every_text_of_the_spec(shown: bool) -> None:
    compared = 0
    for source, document in _documents():
        for chunk in document.chunks:
            context = _context(document)
            tokens = _prepare(chunk.tokens, context, None)
            if shown:
                tokens = [copy_token(token, hidden=False) for token in tokens]
            expected_html, expected_typed = _markdown_it(tokens, document.env)
            for renderer in (PieceRenderer(document.env), PieceRenderer(document.env)):
                pieces, _ = renderer.render(tokens, has_html=False)
                html = "".join(piece if isinstance(piece, str) else MARKER for piece in pieces)
                assert html == expected_html, source
                assert [piece for piece in pieces if not isinstance(piece, str)] == expected_typed
            compared += 1
    assert compared > 600


@pytest.mark.parametrize("lettered", [False, True])
def test_a_lone_paragraph_rendered_as_walked(lettered: bool) -> None:
    """A text that is one paragraph (or nothing) is rendered without the walk
    (`render._lone_body`): as the walk renders it, for every spec example and every
    paragraph of one."""
    compared = 0
    for source, document in _documents():
        texts = [chunk.tokens for chunk in document.chunks]
        for tokens in list(texts):
            texts.extend(tokens[index - 1 : index + 2] for index in _inlines(tokens))
        texts.append([])
        for tokens in texts:
            context = _context(document)
            anchors: dict[int, str] = {}
            prepared = _prepare(tokens, context, "c-1" if lettered else None, anchors)
            notes = _prepared_notes(prepared, document.env, context)
            prepared.extend(_footnote_block(notes.values()))
            expected = render_pieces(
                prepared, document.env, has_html=context.has_html, anchors=anchors
            )
            kept = dict(path="x.md", lines=document.lines, env=document.env)
            if lettered:
                rendered, _ = render_lettered(tokens, resolver(), **kept, parts_anchor="c-1")
            else:
                rendered = render(tokens, resolver(), **kept)
            assert (list(rendered.pieces), rendered.plain) == expected, source
            compared += 1
    assert compared > 1000


def _inlines(tokens: list[Token]) -> list[int]:
    return [index for index, token in enumerate(tokens) if token.type == "inline" and index]


def test_a_paragraph_with_attributes_is_walked() -> None:
    document, _ = parse_document(SourceFile(path="x.md", text="One paragraph.\n"))
    opening, inline, closing = document.chunks[0].tokens
    tokens = [copy_token(opening, attrs={"id": "p-1"}), inline, closing]
    kept = dict(path="x.md", lines=document.lines, env=document.env)
    assert render(tokens, resolver(), **kept).pieces == ('<p id="p-1">One paragraph.</p>',)
    rendered, _ = render_lettered(tokens, resolver(), **kept, parts_anchor="c-1")
    assert rendered.pieces == ('<p id="p-1">One paragraph.</p>',)
