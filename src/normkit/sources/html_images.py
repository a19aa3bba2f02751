"""An author's lone `<img>` written in HTML, read as the Markdown image it stands for."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it.token import Token

_IMG_TAG = re.compile(r"^\s*<img\b[^<>]*>\s*$", re.IGNORECASE)


class _ImgAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes = {name: value or "" for name, value in attrs}

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def html_image(content: str) -> Token | None:
    """An author's lone `<img src=… alt=…>` as a Markdown image token (checked like one)."""
    if _IMG_TAG.match(content) is None:
        return None
    reader = _ImgAttributes()
    reader.feed(content)
    src = reader.attributes.get("src", "").strip()
    if not src:
        return None
    image = Token("image", "img", 0)
    image.attrs = {"src": src, "alt": ""}
    if reader.attributes.get("title"):
        image.attrs["title"] = reader.attributes["title"]
    alt = Token("text", "", 0)
    alt.content = reader.attributes.get("alt", "")
    image.children = [alt]
    image.content = alt.content
    return image
