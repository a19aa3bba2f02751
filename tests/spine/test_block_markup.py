"""`block_markup` writes what markdown-it's own `renderToken` writes, for every block and
inline token of the CommonMark spec's examples and of lettered parts (tokens shown that were
hidden), so that rendering through it changes no byte of any text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from normkit.sources.markdown import parser
from normkit.sources.pieces import PARTS_ATTRS, block_markup
from normkit.sources.tokens import copy_token

SPEC = Path(__file__).resolve().parents[1] / "commonmark" / "commonmark.json"
EXTRA = [
    "Term\n: its definition\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Text[^1] and ~~struck~~.\n\n[^1]: A note\n\n    with code.\n",
    "1. tight\n2. list\n   > quoted\n3. <kbd>html</kbd>\n\n***\n",
]


def _examples() -> list[str]:
    return [example["markdown"] for example in json.loads(SPEC.read_text("utf-8"))] + EXTRA


def _renderer_and_options() -> tuple[RendererHTML, object]:
    md = parser()
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    return renderer, md.options


def _compare(tokens: list[Token]) -> int:
    renderer, options = _renderer_and_options()
    for xhtml_out in (True, False):
        settings = {**options, "xhtmlOut": xhtml_out}  # type: ignore[dict-item]
        for index in range(len(tokens)):
            expected = RendererHTML.renderToken(renderer, tokens, index, settings, {})
            assert block_markup(tokens, index, xhtml_out) == expected, (tokens[index], index)
    return len(tokens)


@pytest.mark.parametrize("shown", [False, True], ids=["as-parsed", "hidden-shown"])
def test_every_block_token_of_the_spec(shown: bool) -> None:
    """As parsed, and with every hidden paragraph shown, as a lettered part shows its item's
    paragraphs."""
    md = parser()
    compared = 0
    for markdown in _examples():
        tokens = md.parse(markdown, {})
        if shown:
            tokens = [copy_token(token, hidden=False) for token in tokens]
        compared += _compare(tokens)
        for token in tokens:  # the inline tokens no rule renders go through it too
            if token.type == "inline" and token.children:
                compared += _compare(token.children)
    assert compared > 3000  # (the spec's 652 examples were read: 3,062 block tokens)


def test_attributes_and_void_elements() -> None:
    """Attributes are escaped as markdown-it escapes them; a void block element is closed
    as the `xhtmlOut` option says."""
    opened = Token("ordered_list_open", "ol", 1)
    opened.attrs = {"type": "a", "class": 'nk-"parts"&', "start": 3}
    opened.block = True
    rule = Token("hr", "hr", 0)
    rule.block = True
    closed = Token("ordered_list_close", "ol", -1)
    closed.block = True
    inline_open = Token("em_open", "em", 1)
    _compare([opened, rule, closed, inline_open])
    assert block_markup([rule], 0, True) == "<hr />\n"
    assert block_markup([opened, closed], 0, True).startswith('<ol type="a" class="nk-&quot;')


def test_the_lettered_list() -> None:
    """The lettered list's attributes, written once rather than for every criterion, are
    what markdown-it writes for them, and a list with other attributes is not taken for it."""
    lettered = Token("ordered_list_open", "ol", 1)
    lettered.attrs = dict(PARTS_ATTRS)
    lettered.block = True
    started = copy_token(lettered, attrs={**PARTS_ATTRS, "start": 2})
    reordered = copy_token(lettered, attrs={"class": "nk-parts", "type": "a"})
    item = Token("list_item_open", "li", 1)
    item.block = True
    for opened in (lettered, started, reordered):
        _compare([opened, item])
    assert block_markup([lettered, item], 0, False) == '<ol type="a" class="nk-parts">\n'
