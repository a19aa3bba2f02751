"""A crawler over a built static site: every internal link and anchor must resolve."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}
SKIPPED_PAGES = ("404.html",)
"""Material's 404 page is served at any address, so its relative links are not checked."""


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.links.append(str(values[attribute]))


def _parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: str, link: str) -> tuple[Path, str] | None:
    """The file and anchor an internal link points at; None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None
    base = posixpath.dirname("/" + page)
    path = (
        posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else "/" + page
    )
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    file = site / path.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """`page: link` for every internal link whose file or anchor does not exist."""
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    parsed = {p: _parse(p) for p in pages}
    broken = []
    for path, parser in parsed.items():
        page = path.relative_to(site).as_posix()
        if page in SKIPPED_PAGES:
            continue
        for link in parser.links:
            target = _target(site, page, link)
            if target is None:
                continue
            file, anchor = target
            if not file.is_file():
                broken.append(f"{page}: {link} (no file)")
            elif anchor and file.suffix == ".html":
                ids = parsed[file].ids if file in parsed else _parse(file).ids
                if anchor not in ids:
                    broken.append(f"{page}: {link} (no anchor)")
    return broken
