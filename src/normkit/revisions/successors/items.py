"""What the successor engine knows of a criterion: its words, its place, nothing else."""

from __future__ import annotations

import re
from collections.abc import Iterable

from normkit.model.guidance import GuidanceEdition, GuidanceEntry
from normkit.model.records import record
from normkit.model.standard import Criterion, Version

SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+|\n+")
"""Sentence and list-item boundaries: full stops, semicolons, colons, line breaks."""


@record(kw_only=True)
class Item:
    """A criterion as the successor engine sees it."""

    key: str
    """Its id."""
    title: str
    """Heading title (may be empty)."""
    body: str
    """Body as plain text."""
    sections: tuple[str, ...]
    """Titles of the enclosing sections, outermost first."""
    number: str = ""
    """Display number from the heading (`5.3.1`, `AC-2(3)`); may be empty. Compared only
    with numbers of the same version (for its hierarchy), never across versions."""
    guidance: str = ""
    """The guidance edition's text for it, as plain text (may be empty)."""

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}".strip()

    def sentences(self) -> tuple[str, ...]:
        """The body's sentences and list items (the title when the body is empty)."""
        pieces = [p.strip() for p in SENTENCE_END.split(self.body)]
        found = tuple(p for p in pieces if any(ch.isalnum() for ch in p))
        return found or (self.title,)


def guidance_text(entry: GuidanceEntry | None) -> str:
    if entry is None:
        return ""
    pieces = [entry.intro.plain, *(f"{s.title}\n{s.text.plain}" for s in entry.sections)]
    return "\n".join(piece for piece in pieces if piece.strip())


def criterion_item(
    criterion: Criterion, section_titles: dict[str, str], guidance: GuidanceEntry | None = None
) -> Item:
    return Item(
        key=criterion.id,
        title=criterion.title,
        body=criterion.body.plain,
        sections=tuple(section_titles.get(key, key) for key in criterion.section_path),
        number=criterion.number,
        guidance=guidance_text(guidance),
    )


def version_items(version: Version, guidance: GuidanceEdition | None = None) -> list[Item]:
    """The version's criteria in document order, withdrawn ones left out: a withdrawn
    criterion is a record whose successors its `withdrawn_to` already names. `guidance`,
    the edition serving the version, adds each criterion's guidance text."""
    titles = {section.key: section.title for section in version.all_sections()}
    return [
        criterion_item(c, titles, guidance.entry(c.id) if guidance else None)
        for c in version.criteria()
        if not c.is_withdrawn
    ]


def keys(items: Iterable[Item]) -> list[str]:
    return [item.key for item in items]
