"""`PieceRenderer.paragraph` makes what `PieceRenderer.render` makes of a shown paragraph
holding the same inline run, for every inline run of the CommonMark spec's examples and of
cases with references, terms, footnotes, links and images, prepared as rendering prepares
them: a lettered part of one paragraph is rendered through it (`render._part`), so it must
change no byte of any part."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from normkit.sources.context import RenderContext, Rendered
from normkit.sources.documents import parse_document
from normkit.sources.files import SourceFile
from normkit.sources.pieces import PieceRenderer
from normkit.sources.render import _prepare
from tests.spine.test_plugins import resolver

SPEC = Path(__file__).resolve().parents[1] / "commonmark" / "commonmark.json"
EXTRA = [
    "See [[ghg-targets]] and [[plain|its text]] and [[nothing]], by the Entity and its GHG"
    " Emissions, [=Entity|shown=] and [=unknown=].\n",
    'Text[^1] with a [link](https://example.org "title") and ![an *image*](x.png).\n\n'
    "[^1]: A note.\n",
    "Blanks at the end  \nof a line,\\\nand `code  `.\n",
    "1. tight, the Entity\n2. list with <kbd>html</kbd>\n\n***\n",
    "See [[ghg-targets]], the Entity and [a link](x.md), then <kbd>html</kbd> and\n[[plain]].\n",
]


def _prepared() -> Iterator[tuple[list[Token], dict[str, Any]]]:
    sources = [example["markdown"] for example in json.loads(SPEC.read_text("utf-8"))]
    for source in sources + EXTRA:
        document, _ = parse_document(SourceFile(path="x.md", text=source))
        for chunk in document.chunks:
            context = RenderContext(
                resolver=resolver(), path="x.md", lines=document.lines, result=Rendered((), "")
            )
            yield _prepare(chunk.tokens, context, None), document.env


def _alone(inline: Token) -> list[Token]:
    """The tokens `_part` renders for an item of one paragraph: the paragraph shown."""
    return [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]


def test_every_inline_run_of_the_spec() -> None:
    compared = 0
    for tokens, env in _prepared():
        inlines = [token for token in tokens if token.type == "inline"]
        inlines.append(Token("inline", "", 0))  # (an empty paragraph: no children)
        for inline in inlines:
            expected = PieceRenderer(env, reuse=False).render(_alone(inline), has_html=False)
            assert PieceRenderer(env, reuse=False).paragraph(inline) == expected, tokens
            compared += 1
    assert compared > 1000


def test_an_inline_run_the_body_rendered_is_reused() -> None:
    """As in a criterion: the body is rendered first, then each part, with one renderer."""
    for tokens, env in _prepared():
        renderer = PieceRenderer(env)
        renderer.render(tokens, has_html=False)
        for inline in (token for token in tokens if token.type == "inline"):
            expected = PieceRenderer(env, reuse=False).render(_alone(inline), has_html=False)
            assert renderer.paragraph(inline) == expected, tokens
            assert renderer.paragraph(inline) == expected, tokens  # (now from its cache)
