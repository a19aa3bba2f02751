"""Typst source for one document: a skeleton we write, with HTML fragments pandoc converts."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from normkit.model.corpus import Corpus
from normkit.model.text import Image, TargetKind, Text
from normkit.outputs.pdf.links import PrintDocument, PrintStyle, claim_parts, is_safe_anchor

ANCHOR_PREFIX = "nk-anchor--"
"""Empty spans with this id prefix become locatable typst anchors after conversion."""
PLACEHOLDER = "/*nk-fragment:{index}*/"
PLACEHOLDER_PATTERN = re.compile(r"/\*nk-fragment:(\d+)\*/")


def string(value: str) -> str:
    """A typst string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "").replace("\t", " ")
    return f'"{escaped}"'


def content(value: str) -> str:
    """Plain text as a typst content block (no markup is interpreted)."""
    return f"[#{string(value)}]"


def pairs(rows: Iterable[tuple[str, str]]) -> str:
    """A typst array of (label, value) string pairs."""
    items = [f"({string(label)}, {string(value)})" for label, value in rows]
    return "(" + "".join(f"{item}, " for item in items) + ")"


def date(day: datetime.date | None) -> str:
    if day is None:
        return "none"
    return f"datetime(year: {day.year}, month: {day.month}, day: {day.day})"


@dataclass(frozen=True, slots=True)
class PrintJob:
    """Everything needed to render one PDF; hashable input for the cache."""

    name: str
    """File stem, for example `performance-v3`."""
    skeleton: str
    """Typst source with `/*nk-fragment:N*/` placeholders."""
    fragments: tuple[str, ...]
    """HTML fragments, in placeholder order."""
    dated: bool = True
    """Whether the document sets a date; PDF/A needs one, PDF/UA does not."""
    images: tuple[str, ...] = ()
    """Project-relative paths of the images the fragments embed (typst reads them)."""
    root: str = ""
    """The project folder the image paths are relative to."""
    font_paths: tuple[str, ...] = ()
    """Font folders typst reads besides its own (CJK fonts for a Chinese document)."""


@dataclass(slots=True)
class SourceBuilder:
    """Collects typst lines and text fragments; renders links once every anchor is known."""

    here: str = ""
    """`standard/version` whose cross-references are internal links."""
    corpus: Corpus | None = None
    lines: list[str] = field(default_factory=list)
    fragments: list[Text | str] = field(default_factory=list)
    """Model texts, or HTML that normkit's own templates made."""
    owned: list[set[str]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    markers: bool = False
    """Whether to place the invisible start and end markers that line maps read back."""

    def add(self, line: str) -> None:
        self.lines.append(line)

    def label(self, anchor: str) -> str:
        """` <anchor>` for a new, valid anchor; empty for duplicates and odd names."""
        if not anchor or anchor in self.anchors or not is_safe_anchor(anchor):
            return ""
        self.anchors.add(anchor)
        return f" <{anchor}>"

    def fragment(self, text: Text | str) -> str:
        """A placeholder for the converted text; register the part anchors it defines."""
        self.fragments.append(text)
        self.owned.append(claim_parts(text, self.anchors) if isinstance(text, Text) else set())
        return PLACEHOLDER.format(index=len(self.fragments) - 1)

    def heading(
        self, level: int, text: str, anchor: str, *, outlined: bool = True, muted: bool = False
    ) -> None:
        """A heading; `muted` greys it (a withdrawn criterion)."""
        flags = "" if outlined else ", outlined: false, bookmarked: false"
        body = f"[#text(fill: nk-muted){content(text)}]" if muted else content(text)
        self.add(f"#heading(level: {max(1, min(level, 6))}{flags}){body}{self.label(anchor)}")

    def job(
        self, name: str, *, dated: bool = True, root: str = "", font_paths: tuple[str, ...] = ()
    ) -> PrintJob:
        document = PrintDocument(self.corpus, self.here, self.anchors, ANCHOR_PREFIX)
        resolved = tuple(
            text.render(PrintStyle(document, owned, f"f{index}-"))
            if isinstance(text, Text)
            else text
            for index, (text, owned) in enumerate(zip(self.fragments, self.owned, strict=True))
        )
        images = sorted(
            {
                piece.target.value
                for text in self.fragments
                if isinstance(text, Text)
                for piece in text.links()
                if isinstance(piece, Image) and piece.target.kind is TargetKind.PROJECT
            }
        )
        skeleton = "\n".join(self.lines) + "\n"
        return PrintJob(
            name=name,
            skeleton=skeleton,
            fragments=resolved,
            dated=dated,
            images=tuple(images),
            root=root,
            font_paths=font_paths,
        )


def fill(skeleton: str, converted: list[str]) -> str:
    """Put converted fragments in place of their placeholders."""
    return PLACEHOLDER_PATTERN.sub(lambda match: converted[int(match.group(1))], skeleton)
