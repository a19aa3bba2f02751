"""Guidance editions: explanatory text per criterion, revised on their own cycle."""

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import field

from normkit.model.location import Location
from normkit.model.records import record
from normkit.model.standard import Section, VersionStatus
from normkit.model.text import Text
from normkit.model.translation import Translation


@record(kw_only=True)
class GuidanceSection:
    """A sub-section of guidance for one criterion (intent, implementation, evidence …)."""

    key: str
    """Slug of the sub-heading (`intent`)."""
    title: str
    """Sub-heading text."""
    text: Text
    """Content."""


@record(kw_only=True)
class GuidanceEntry:
    """Guidance for one criterion."""

    criterion_id: str
    """Id of the criterion this guidance is for."""
    title: str
    """Heading text (usually the criterion's title)."""
    intro: Text
    """Text before the first sub-section."""
    sections: tuple[GuidanceSection, ...]
    """Sub-sections in source order."""
    terms: tuple[str, ...]
    """Ids of defined terms used."""
    location: Location
    """Where the heading is."""


@record(kw_only=True)
class GuidanceEdition:
    """One edition of the guidance for one standard version."""

    standard: str
    """Slug of the standard."""
    name: str
    """Edition name, also its folder name (`v3-2025`)."""
    title: str
    """Full title."""
    serves: str
    """Name of the standard version it explains."""
    status: VersionStatus
    """Lifecycle status."""
    published: datetime.date | None
    """Date of publication."""
    supersedes: str | None
    """Edition it revises, if any."""
    summary: str
    """Description from `edition.yml`."""
    sections: tuple[Section, ...]
    """Structural sections (introductions); they carry no criteria."""
    entries: tuple[GuidanceEntry, ...]
    """Guidance per criterion, in source order."""
    location: Location
    """Location of `edition.yml`."""
    key_locations: Mapping[str, Location] = field(default_factory=dict)
    """Where each key of `edition.yml` is written, for precise diagnostics."""
    languages: tuple[str, ...] = ()
    """Languages it is translated into (its own, else those of the version it serves)."""
    translation: Translation | None = None
    """In a translated corpus: the language and each unit's status; None in the source."""
    _entries_by_criterion: Mapping[str, GuidanceEntry] = field(
        init=False, repr=False, compare=False
    )
    """Index of `entries` by criterion id (the first entry of a criterion)."""

    def __post_init__(self) -> None:
        entries: dict[str, GuidanceEntry] = {}
        for entry in self.entries:
            entries.setdefault(entry.criterion_id, entry)
        object.__setattr__(self, "_entries_by_criterion", entries)

    @property
    def key(self) -> str:
        return f"{self.standard}@{self.name}"

    def located(self, key: str) -> Location:
        """Location of an `edition.yml` key's value, or of the file."""
        return self.key_locations.get(key, self.location)

    def entry(self, criterion_id: str) -> GuidanceEntry | None:
        return self._entries_by_criterion.get(criterion_id)

    def all_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk_sections()
