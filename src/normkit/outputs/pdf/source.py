"""Typst source for one document: a skeleton we write, with HTML fragments pandoc converts."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from normkit.outputs.pdf.links import (
    LI_ID,
    anchor_parts,
    footnotes,
    is_safe_anchor,
    rewrite_links,
    sanitise_links,
)

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


@dataclass(slots=True)
class SourceBuilder:
    """Collects typst lines and HTML fragments; resolves links once every anchor is known."""

    here: str = ""
    """`standard/version` whose cross-references are internal links."""
    lines: list[str] = field(default_factory=list)
    fragments: list[str] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)

    def add(self, line: str) -> None:
        self.lines.append(line)

    def label(self, anchor: str) -> str:
        """` <anchor>` for a new, valid anchor; empty for duplicates and odd names."""
        if not anchor or anchor in self.anchors or not is_safe_anchor(anchor):
            return ""
        self.anchors.add(anchor)
        return f" <{anchor}>"

    def fragment(self, html: str) -> str:
        """A placeholder for converted HTML; register the anchors the HTML itself carries."""

        def keep_new(match: re.Match[str]) -> str:
            anchor = match.group("id")
            if anchor in self.anchors or not is_safe_anchor(anchor):
                return f"<li>{match.group('p') or ''}"
            self.anchors.add(anchor)
            return match.group(0)

        self.fragments.append(anchor_parts(LI_ID.sub(keep_new, html), ANCHOR_PREFIX))
        return PLACEHOLDER.format(index=len(self.fragments) - 1)

    def heading(self, level: int, text: str, anchor: str, *, outlined: bool = True) -> None:
        flags = "" if outlined else ", outlined: false, bookmarked: false"
        self.add(
            f"#heading(level: {max(1, min(level, 6))}{flags}){content(text)}{self.label(anchor)}"
        )

    def job(self, name: str, *, dated: bool = True) -> PrintJob:
        resolved = tuple(
            sanitise_links(
                rewrite_links(footnotes(html, f"f{index}-"), self.anchors, self.here),
                self.anchors,
            )
            for index, html in enumerate(self.fragments)
        )
        skeleton = "\n".join(self.lines) + "\n"
        return PrintJob(name=name, skeleton=skeleton, fragments=resolved, dated=dated)


def fill(skeleton: str, converted: list[str]) -> str:
    """Put converted fragments in place of their placeholders."""
    return PLACEHOLDER_PATTERN.sub(lambda match: converted[int(match.group(1))], skeleton)
