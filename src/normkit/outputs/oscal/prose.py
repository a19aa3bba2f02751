"""Texts as OSCAL prose: the model's HTML pieces, rendered for one catalog, as Markdown.

OSCAL `prose` is Markdown (CommonMark with `^sup^` and `~sub~`). Texts are rendered with an
OSCAL `TextStyle` (cross-references become `#control` links, defined terms links to their
back-matter resource, links within the project plain text) and the sanitised HTML that
results, a known and small set of elements, is written out as Markdown here.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TypeVar, cast

from normkit.model.text import (
    FootnoteMark,
    FootnoteRef,
    Image,
    LinkTarget,
    PartAnchor,
    Reference,
    TargetKind,
    TermUse,
    Text,
    TextStyle,
)

VOID = frozenset({"br", "hr", "img", "wbr", "col"})
BLOCKS = frozenset(
    {
        "p", "div", "section", "blockquote", "ul", "ol", "li", "pre", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "table", "dl", "dt", "dd", "details", "summary", "figure",
        "figcaption", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup",
    }
)  # fmt: skip
PARTS_CLASS = "nk-parts"
"""The class of the ordered list whose items are a criterion's lettered parts."""

_SPACE = re.compile(r"\s+")
_ESCAPED = re.compile(r"([\\`*_\[\]<>{}~^|!])")
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])(?=\s|$)")
_ENTITY = re.compile(r"&(?=#?\w+;)")


class OscalStyle(TextStyle):
    """Pieces rendered for one catalog: links by `#` fragment, terms to their resources."""

    def __init__(
        self, reference_href: Callable[[Reference], str | None], term_href: dict[str, str]
    ) -> None:
        self.reference_href = reference_href
        self.term_href = term_href

    def reference_url(self, piece: Reference) -> str | None:
        return self.reference_href(piece)

    def term_url(self, piece: TermUse) -> str | None:
        return self.term_href.get(piece.term_id)

    def link_url(self, target: LinkTarget) -> str | None:
        # A file of the project has no address outside the build: its text stays.
        return target.value if target.kind is TargetKind.EXTERNAL else None

    def image(self, piece: Image) -> str:
        if piece.target.kind is TargetKind.EXTERNAL:
            src, alt = html_lib.escape(piece.target.value), html_lib.escape(piece.alt)
            return f'<img src="{src}" alt="{alt}" />'
        return html_lib.escape(piece.alt)

    def footnote_ref(self, piece: FootnoteRef) -> str:
        return f"[{piece.note}]"

    def footnote_mark(self, piece: FootnoteMark) -> str:
        if piece.role == "note-start":
            return f'<div data-footnote="{piece.note}">'
        if piece.role == "note-end":
            return "</div>"
        return ""

    def part_anchor(self, piece: PartAnchor) -> str:
        return "<li>" if piece.item else ""


@dataclass(slots=True)
class _Node:
    """An HTML element of the tree, with its children."""

    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """The HTML as a tree; the sanitiser has already made it well formed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _tree(html: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def escape(text: str) -> str:
    """Plain text as Markdown that reads back as the same text."""
    text = _ESCAPED.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}{_escape_marker(m.group(2))}", text)


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return f"{marker[:-1]}\\{marker[-1]}"
    return f"\\{marker}"


def _is_block(node: _Node | str) -> bool:
    return isinstance(node, _Node) and node.tag in BLOCKS


class _Writer:
    """One tree as Markdown blocks."""

    def inline(self, nodes: list[_Node | str]) -> str:
        out = "".join(self._inline(node) for node in nodes)
        return _SPACE.sub(" ", out.replace("\\\n", "\x00")).replace("\x00", "\\\n").strip()

    def _inline(self, node: _Node | str) -> str:
        if isinstance(node, str):
            return escape(node)
        inner = "".join(self._inline(child) for child in node.children)
        tag = node.tag
        if not inner.strip() and tag not in ("br", "img"):
            return inner
        if tag in ("em", "i", "cite", "dfn", "var"):
            return f"*{inner.strip()}*"
        if tag in ("strong", "b"):
            return f"**{inner.strip()}**"
        if tag in ("code", "kbd", "samp"):
            return _code_span("".join(_text(child) for child in node.children))
        if tag == "sup":
            return f"^{inner.strip()}^"
        if tag == "sub":
            return f"~{inner.strip()}~"
        if tag == "q":
            return f"“{inner}”"
        if tag == "br":
            return "\\\n"
        if tag == "img":
            return f"![{escape(node.attrs.get('alt', ''))}]({_destination(node.attrs['src'])})"
        if tag == "a" and node.attrs.get("href"):
            return f"[{inner.strip()}]({_destination(node.attrs['href'])})"
        return inner

    def blocks(self, nodes: list[_Node | str]) -> list[str]:
        """Block-level Markdown of `nodes`; runs of inline content become paragraphs."""
        out: list[str] = []
        run: list[_Node | str] = []
        for node in nodes:
            if _is_block(node):
                self._flush(run, out)
                assert isinstance(node, _Node)
                out.extend(self.block(node))
            else:
                run.append(node)
        self._flush(run, out)
        return out

    def _flush(self, run: list[_Node | str], out: list[str]) -> None:
        text = self.inline(run)
        if text:
            out.append(text)
        run.clear()

    def block(self, node: _Node) -> list[str]:
        tag = node.tag
        if tag in ("p", "dd", "summary", "figcaption", "caption", "td", "th", "tr"):
            return self.blocks(node.children)
        if tag == "dt":
            text = self.inline(node.children)
            return [f"**{text}**"] if text else []
        if tag.startswith("h") and tag[1:].isdigit():
            text = self.inline(node.children)
            return [f"{'#' * int(tag[1:])} {text}"] if text else []
        if tag == "hr":
            return ["* * *"]
        if tag == "pre":
            return [_fence("".join(_text(child) for child in node.children), node)]
        if tag == "blockquote":
            quoted = "\n\n".join(self.blocks(node.children))
            return ["\n".join(f"> {line}".rstrip() for line in quoted.split("\n"))]
        if tag in ("ul", "ol"):
            return [self.list(node)]
        if tag == "table":
            return [self.table(node)]
        if tag == "div" and "data-footnote" in node.attrs:
            inner = self.blocks(node.children)
            marker = f"\\[{node.attrs['data-footnote']}\\]"
            return [f"{marker} {inner[0]}", *inner[1:]] if inner else []
        return self.blocks(node.children)

    def list(self, node: _Node) -> str:
        ordered = node.tag == "ol"
        written = node.attrs.get("start", "").strip()
        start = int(written) if ordered and written.isdigit() else 1
        items = [child for child in node.children if isinstance(child, _Node)]
        rendered = []
        loose = False
        for index, item in enumerate(items):
            marker = f"{start + index}." if ordered else "-"
            blocks = self.blocks(item.children) or [""]
            loose = loose or len(blocks) > 1
            pad = " " * (len(marker) + 1)
            body = "\n\n".join(blocks)
            lines = body.split("\n")
            text = f"{marker} {lines[0]}" + "".join(
                f"\n{pad}{line}" if line else "\n" for line in lines[1:]
            )
            rendered.append(text.rstrip())
        return ("\n\n" if loose else "\n").join(rendered)

    def table(self, node: _Node) -> str:
        rows = [row for row in _descendants(node, "tr")]
        cells = [
            [
                self.inline(cell.children).replace("\\\n", " ")
                for cell in row.children
                if isinstance(cell, _Node) and cell.tag in ("td", "th")
            ]
            for row in rows
        ]
        if not cells:
            return ""
        width = max(len(row) for row in cells)
        cells = [row + [""] * (width - len(row)) for row in cells]
        lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
        lines.extend("| " + " | ".join(row) + " |" for row in cells[1:])
        return "\n".join(lines)


def _descendants(node: _Node, tag: str) -> list[_Node]:
    found: list[_Node] = []
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == tag:
                found.append(child)
            else:
                found.extend(_descendants(child, tag))
    return found


def _text(node: _Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text(child) for child in node.children)


def _code_span(text: str) -> str:
    ticks = "`"
    while ticks in text:
        ticks += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fence(text: str, node: _Node) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    code = next((c for c in node.children if isinstance(c, _Node) and c.tag == "code"), None)
    language = (code.attrs.get("class", "") if code else "").removeprefix("language-")
    return f"{fence}{language}\n{text.rstrip(chr(10))}\n{fence}"


def _destination(url: str) -> str:
    if any(ch in url for ch in " <>()"):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


Converted = TypeVar("Converted")
_converted: ContextVar[dict[tuple[str, str], object] | None] = ContextVar(
    "oscal_prose_converted", default=None
)
"""Within `converted_once`: prose by (kind, rendered HTML)."""


@contextmanager
def converted_once() -> Iterator[None]:
    """Within: each distinct rendered text is converted to prose once. The versions of a
    standard share most of their texts, and the conversion (an HTML parse and a walk of its
    tree) depends on the rendered HTML only; the memory is released on leaving."""
    token = _converted.set({})
    try:
        yield
    finally:
        _converted.reset(token)


def _once(convert: Callable[[str], Converted], html: str) -> Converted:
    """`convert(html)`, or within `converted_once` what it gave for this HTML before."""
    seen = _converted.get()
    if seen is None:
        return convert(html)
    key = (convert.__name__, html)
    if key not in seen:
        seen[key] = convert(html)
    return cast(Converted, seen[key])


def markdown(text: Text, style: OscalStyle) -> str:
    """A whole text as OSCAL prose."""
    return _once(_markdown, text.render(style))


def _markdown(html: str) -> str:
    return "\n\n".join(_Writer().blocks(_tree(html).children))


def statement(text: Text, style: OscalStyle) -> tuple[str, str]:
    """A criterion's body split around its lettered parts: (the prose before the parts'
    list, the prose after it); the parts themselves are written from `Criterion.parts`."""
    return _once(_statement, text.render(style))


def _statement(html: str) -> tuple[str, str]:
    before: list[_Node | str] = []
    after: list[_Node | str] = []
    current = before
    for node in _tree(html).children:
        if (
            isinstance(node, _Node)
            and node.tag == "ol"
            and PARTS_CLASS in node.attrs.get("class", "").split()
        ):
            current = after
            continue
        current.append(node)
    writer = _Writer()
    return "\n\n".join(writer.blocks(before)), "\n\n".join(writer.blocks(after))
