"""`PieceRenderer.render` writes of a text's tokens what markdown-it's own `render` writes
(typed pieces at their markers), for every CommonMark spec example and the cases of the
plain-text walk, as parsed and with every hidden paragraph shown (as a lettered part shows
its item's): the walk writes the commonest block tokens itself, without `block_markup`."""

from __future__ import annotations

import pytest
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from normkit.sources.context import RenderContext, Rendered
from normkit.sources.documents import parse_document
from normkit.sources.files import SourceFile
from normkit.sources.markdown import parser
from normkit.sources.pieces import MARKER, PIECES_KEY, PieceRenderer
from normkit.sources.render import _prepare
from normkit.sources.tokens import copy_token
from tests.spine.test_plain_walk import _sources
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
    for source in _sources():
        document, _ = parse_document(SourceFile(path="x.md", text=source))
        for chunk in document.chunks:
            context = RenderContext(
                resolver=resolver(), path="x.md", lines=document.lines, result=Rendered((), "")
            )
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
