"""Plain text of prepared tokens: what search, diffs and the JSON `plain` field read.

Rendering computes it beside the HTML, in the same walk of the tokens
(`pieces.PieceRenderer.render`), from the steps defined here; a test takes the same steps
in a walk of their own (`tests/spine/test_plain_walk.py`) and holds the two to the same
text."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from functools import cache
from typing import TYPE_CHECKING

from markdown_it.token import Token

from normkit.sources.html_policy import REMOVED_WITH_CONTENT, sanitise
from normkit.sources.plugins import refs, terms

if TYPE_CHECKING:
    from html.parser import HTMLParser

PART_LETTERS = "abcdefghijklmnopqrstuvwxyz"
BLOCK_ENDS = {
    "paragraph_close",
    "heading_close",
    "fence",
    "code_block",
    "tr_close",
    "dt_close",
    "dd_close",
    "html_block",
    "hr",
}


@cache
def _text_of() -> Callable[[list[str]], HTMLParser]:
    """The class collecting the text of HTML (into the list it is given), made the first
    time: `html.parser` is imported for sources that hold author HTML, not by every run."""
    from html.parser import HTMLParser

    class TextOf(HTMLParser):
        def __init__(self, parts: list[str]) -> None:
            super().__init__(convert_charrefs=True)
            self.parts = parts

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    return TextOf


def html_text(html: str) -> str:
    """The text a reader sees of author HTML, after the HTML policy."""
    parts: list[str] = []
    reader = _text_of()(parts)
    reader.feed(sanitise(html))
    reader.close()
    return " ".join("".join(parts).split())


_TAG = re.compile(r"^<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


def inline_plain(children: Iterable[Token]) -> str:
    out: list[str] = []
    hidden: str | None = None
    """A script-like element opened by inline HTML: its text is not text a reader sees."""
    for child in children:
        kind = child.type
        if kind == "html_inline":
            tag = _TAG.match(child.content)
            if tag and tag.group(2).lower() in REMOVED_WITH_CONTENT:
                hidden = None if tag.group(1) else tag.group(2).lower()
            continue
        if hidden is not None:
            continue
        if kind == "text" or kind == "code_inline":
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == refs.TOKEN_TYPE:
            target = child.meta.get("resolved")
            out.append(str(child.meta.get("text") or (target.label if target else child.content)))
        elif kind == terms.TOKEN_TYPE:
            out.append(str(child.meta.get("text") or child.content))
        elif kind == "image":
            out.append(inline_plain(child.children or []))
        elif kind == "footnote_ref":
            out.append(f"[{int(child.meta['id']) + 1}]")
    return "".join(out)


def tidy_plain(text: str) -> str:
    """Plain text without blanks at the ends of lines, more than one blank line in a row,
    or blank lines around it."""
    if " \n" in text or "\t\n" in text:  # (the searches cost a tenth of the substitutions)
        text = _TRAILING_BLANKS.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


_TRAILING_BLANKS = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def list_start(token: Token) -> int:
    """The number an ordered list's first item shows in plain text (0: lettered, `a`)."""
    if token.attrs.get("type") == "a":
        return 0
    start = token.attrs.get("start", 1)
    return int(start) if isinstance(start, (int, str)) else 1


def item_marker(token: Token, counters: list[int | None], lettered: Container[int]) -> str:
    indent = "  " * (len(counters) - 1)
    counter = counters[-1] if counters else None
    if counter is None:
        return f"{indent}- "
    if id(token) in lettered:
        counters[-1] = counter + 1
        return f"{indent}{PART_LETTERS[counter % 26]}. "
    counters[-1] = counter + 1
    return f"{indent}{counter}. "
