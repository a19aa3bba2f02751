"""Mutable drafts of standards and versions, read before anything is rendered."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from normkit.assemble.outline import DraftNode
from normkit.metadata.schema import Block
from normkit.model.location import Location
from normkit.model.numbering import DEFAULT_NUMBERING, Numbering
from normkit.model.standard import (
    ApplicabilityCode,
    CriterionStatus,
    FieldSpec,
    FieldValue,
    IntendedChanges,
    VersionStatus,
    Withdrawal,
)


@dataclass(slots=True)
class CriterionDraft:
    """A criterion's metadata, validated, with its unrendered node."""

    id: str
    number: str
    title: str
    applies_to: tuple[str, ...]
    fields: dict[str, FieldValue]
    replaces: tuple[tuple[str, Location], ...]
    node: DraftNode
    part_count: int
    status: CriterionStatus = CriterionStatus.ACTIVE
    withdrawn_to: tuple[tuple[str, Location], ...] = ()
    withdrawn_as: Withdrawal = Withdrawal.INCORPORATED
    withdrawn_reason: str = ""

    @property
    def location(self) -> Location:
        return self.node.chunk.location


@dataclass(slots=True)
class VersionDraft:
    """A version as read from its files, before its sections and criteria are built."""

    standard: str
    name: str
    title: str
    status: VersionStatus
    published: datetime.date | None
    effective: datetime.date | None
    transition_end: datetime.date | None
    consultation_closes: datetime.date | None
    supersedes: str | None
    summary: str
    location: Location
    comments_to: str = ""
    key_locations: dict[str, Location] = field(default_factory=dict)
    fields: tuple[FieldSpec, ...] = ()
    """Custom fields of this version (the standard's, with the version's changes)."""
    broken_fields: frozenset[str] = frozenset()
    """Fields whose declaration is malformed: values are neither checked nor unknown."""
    retired_fields: frozenset[str] = frozenset()
    """Fields of the standard that this version retires."""
    intended_changes: IntendedChanges | None = None
    languages: tuple[str, ...] | None = None
    """`languages` of version.yml (None: the standard's); made effective before building."""
    lineage_known: bool = True
    """False when version.yml is missing or broken and its `supersedes` could not be
    recovered: criteria's `replaces` are then left out (they could only cascade)."""
    sources: str = ""
    """Digest of the files this draft was read from (see `assemble/reuse.py`)."""
    outline: list[DraftNode] = field(default_factory=list)
    criteria: dict[int, CriterionDraft] = field(default_factory=dict)
    """Criterion drafts by `id()` of their node, so the tree walk finds them."""
    section_values: dict[int, dict[str, FieldValue]] = field(default_factory=dict)
    """Field values of structural headings by `id()` of their node."""
    criterion_blocks: dict[frozenset[str], Block] = field(default_factory=dict)
    """What a criterion block of this version accepts, by the keys left unchecked: made
    once, not for every criterion (making one took as long as reading the block)."""

    @property
    def key(self) -> str:
        return f"{self.standard}@{self.name}"

    @property
    def criterion_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(spec for spec in self.fields if spec.on_criteria)

    def section_fields(self, level: str) -> tuple[FieldSpec, ...]:
        return tuple(spec for spec in self.fields if spec.on == level)


@dataclass(slots=True)
class StandardDraft:
    """A standard as read from its `standard.yml`, before its versions are built."""

    slug: str
    code: str
    title: str
    owner: str
    licence: str
    description: str
    section_levels: tuple[str, ...]
    applicability: tuple[ApplicabilityCode, ...]
    fields: tuple[FieldSpec, ...]
    location: Location
    numbering: Numbering = DEFAULT_NUMBERING
    """How display numbers are written at the start of headings."""
    namespace: str = ""
    """`namespace` from standard.yml (empty: not given)."""
    languages: tuple[str, ...] = ()
    """Default translation languages of its versions."""
    required_languages: tuple[str, ...] = ()
    """Languages every published version must be translated into."""
    versions: list[VersionDraft] = field(default_factory=list)
    broken_fields: frozenset[str] = frozenset()
    """Fields whose declaration is malformed: values are neither checked nor unknown."""
    trusted: bool = True
    """False when standard.yml is missing or broken: criteria are then not validated
    against its vocabulary and fields, so one broken file gives one diagnostic."""
    sources: str = ""
    """Digest of `standard.yml`, which every version's draft is also read with."""
    vocabulary_known: bool = True
    """False when the applicability vocabulary could not be read: `applies_to` codes are
    then not checked (one malformed list, one error)."""
