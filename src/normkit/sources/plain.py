"""Plain text of prepared tokens: what search, diffs and the JSON `plain` field read.

Rendering computes it beside the HTML, in the same walk of the tokens
(`pieces.PieceRenderer.render`), from the steps defined here; `plain_text` takes them on
its own, and tests hold the two walks to the same text."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Sequence
from html.parser import HTMLParser

from markdown_it.token import Token

from normkit.sources.html_policy import REMOVED_WITH_CONTENT, sanitise
from normkit.sources.plugins import refs, terms

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


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """The text a reader sees of author HTML, after the HTML policy."""
    reader = _TextOf()
    reader.feed(sanitise(html))
    reader.close()
    return " ".join("".join(reader.parts).split())


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


def plain_text(
    tokens: Sequence[Token],
    inline_text: Callable[[list[Token]], str] = inline_plain,
    lettered: Container[int] = (),
) -> str:
    """Plain text (as `PieceRenderer.render` computes it): blocks on their own lines, list
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
