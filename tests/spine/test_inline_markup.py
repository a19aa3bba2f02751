"""`PieceRenderer` writes of an inline run what markdown-it's own `renderInline` writes, with
the same typed pieces, and the plain text `inline_plain` makes of it, for every inline run
of the CommonMark spec's examples and of cases with references, terms, footnotes, links,
images and author HTML, prepared as rendering prepares them: every inline run of every text
is rendered through it, so it must change no byte of any text."""

from __future__ import annotations

from markdown_it.renderer import RendererHTML

from normkit.sources.markdown import parser
from normkit.sources.pieces import PIECES_KEY, PieceRenderer
from normkit.sources.plain import inline_plain
from tests.spine.test_lone_paragraph import _prepared


def test_every_inline_run_of_the_spec() -> None:
    md = parser()
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    compared = 0
    for tokens, env in _prepared():
        for inline in (token for token in tokens if token.type == "inline"):
            children = inline.children or []
            expected_env = {**env, PIECES_KEY: []}
            expected = (
                renderer.renderInline(children, md.options, expected_env),
                inline_plain(children),
            )
            pieces = PieceRenderer(env, reuse=False)
            assert pieces._inline(children) == expected, children
            assert pieces._typed == expected_env[PIECES_KEY], children
            compared += 1
    assert compared > 600  # (677 inline runs)
