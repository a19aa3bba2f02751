"""An author's lone `<img>` written in HTML, read as the Markdown image it stands for."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from markdown_it.token import Token

if TYPE_CHECKING:
    from html.parser import HTMLParser

_IMG_TAG = re.compile(r"^\s*<img\b[^<>]*>\s*$", re.IGNORECASE)


def _img_attributes(content: str) -> dict[str, str]:
    """The attributes of the tag in `content`, as an HTML parser reads them."""
    found: dict[str, str] = {}
    _reader()(found).feed(content)
    return found


@cache
def _reader() -> Callable[[dict[str, str]], HTMLParser]:
    """The parser's class, made the first time: `html.parser` (and its parent's module) is
    imported for the lone `<img>` tags an author writes, not by every run (~2.5 M
    instructions)."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self, found: dict[str, str]) -> None:
            super().__init__(convert_charrefs=True)
            self.found = found

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found.clear()  # only the last tag's attributes count
            self.found.update((name, value or "") for name, value in attrs)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.handle_starttag(tag, attrs)

    return Reader


def html_image(content: str) -> Token | None:
    """An author's lone `<img src=… alt=…>` as a Markdown image token (checked like one)."""
    if _IMG_TAG.match(content) is None:
        return None
    attributes = _img_attributes(content)
    src = attributes.get("src", "").strip()
    if not src:
        return None
    image = Token("image", "img", 0)
    image.attrs = {"src": src, "alt": ""}
    if attributes.get("title"):
        image.attrs["title"] = attributes["title"]
    alt = Token("text", "", 0)
    alt.content = attributes.get("alt", "")
    image.children = [alt]
    image.content = alt.content
    return image
