"""Crosswalks: how the criteria of one of our standards relate to another scheme's clauses."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import field
from enum import StrEnum

from normkit.model.location import Location
from normkit.model.records import record


class Relationship(StrEnum):
    """NIST IR 8477's set-theory relationships, read "our criterion <relationship> their
    clause"."""

    EQUAL = "equal"
    """Both say the same thing."""
    SUBSET_OF = "subset-of"
    """Ours is narrower: meeting their clause covers ours, not the other way round."""
    SUPERSET_OF = "superset-of"
    """Ours is wider: meeting ours covers their clause."""
    INTERSECTS_WITH = "intersects-with"
    """They overlap; each asks for something the other does not."""
    NO_RELATIONSHIP = "no-relationship"
    """Reviewed, and nothing in their scheme corresponds (the clause may be left out)."""

    @property
    def label(self) -> str:
        """How readers see it: `subset of`."""
        return self.value.replace("-", " ")

    @property
    def oscal(self) -> str:
        """The OSCAL mapping model's token (`equal-to` for equal)."""
        return "equal-to" if self is Relationship.EQUAL else self.value

    @property
    def related(self) -> bool:
        return self is not Relationship.NO_RELATIONSHIP


RELATIONSHIP_ORDER: tuple[Relationship, ...] = tuple(Relationship)
"""Strongest first: a criterion with several entries counts under its first in this order."""


@record(kw_only=True)
class Scheme:
    """The other scheme, as its owner publishes it."""

    title: str
    owner: str
    version: str
    url: str
    licence: str
    """Under what terms its clause titles are quoted here."""


@record(kw_only=True)
class CrosswalkEntry:
    """One of our criteria (or a lettered part of it) and one clause of theirs."""

    criterion_id: str
    part: str | None
    """The lettered part (`b`) when the entry is for a part."""
    clause: str
    """Their clause's identifier as they write it (`4.2.1`, `E-3`); empty for a
    `no-relationship` entry that names none."""
    clause_title: str
    relationship: Relationship
    note: str
    """Why the relationship holds, or what differs."""
    location: Location
    """Where the entry starts."""
    criterion_location: Location
    """Where its `criterion` is written."""

    @property
    def key(self) -> str:
        """`id` or `id.part`."""
        return self.criterion_id if self.part is None else f"{self.criterion_id}.{self.part}"


@record(kw_only=True)
class Crosswalk:
    """`crosswalks/<slug>/crosswalk.yml`."""

    slug: str
    """Folder name: the crosswalk's page and file names."""
    scheme: Scheme
    standard: str
    """Slug of our standard."""
    reviewed_against: str
    """The version of our standard the entries were last reviewed against."""
    reviewed: datetime.date | None
    """When that review was made."""
    description: str
    entries: tuple[CrosswalkEntry, ...]
    complete: bool
    """False when an entry was malformed (and reported): coverage is then not judged."""
    location: Location
    """Location of `crosswalk.yml`."""
    key_locations: Mapping[str, Location] = field(default_factory=dict)
    """Where each top-level key is written."""

    def located(self, key: str) -> Location:
        return self.key_locations.get(key, self.location)

    def entries_for(self, criterion_id: str) -> tuple[CrosswalkEntry, ...]:
        """Entries for a criterion or any of its parts."""
        return tuple(e for e in self.entries if e.criterion_id == criterion_id)
