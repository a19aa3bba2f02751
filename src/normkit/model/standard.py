"""Standards, their versions, sections and criteria."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import field
from enum import StrEnum

from normkit.model.location import Location
from normkit.model.numbering import DEFAULT_NUMBERING, Numbering
from normkit.model.records import record
from normkit.model.text import EMPTY_TEXT, Text
from normkit.model.translation import Translation


class VersionStatus(StrEnum):
    """Lifecycle of a standard version or guidance edition."""

    DRAFT = "draft"
    CONSULTATION = "consultation"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"

    @property
    def is_prerelease(self) -> bool:
        return self in (VersionStatus.DRAFT, VersionStatus.CONSULTATION)

    @property
    def is_in_force(self) -> bool:
        return self is VersionStatus.PUBLISHED


class CriterionStatus(StrEnum):
    """Whether a criterion is in the version as a requirement or kept only as a record."""

    ACTIVE = "active"
    """A requirement of the version (the default)."""
    WITHDRAWN = "withdrawn"
    """No longer a requirement; kept, with its number, to say where it went."""


class Withdrawal(StrEnum):
    """How a withdrawn criterion's requirement lives on in its `withdrawn_to` targets."""

    INCORPORATED = "incorporated"
    """It now forms part of the targets ("incorporated into")."""
    MOVED = "moved"
    """It was moved, as it is, to the targets ("moved to")."""

    @property
    def phrase(self) -> str:
        """`incorporated into` or `moved to`, for "Withdrawn — … AC-3"."""
        # Literal labels (not `N_`): the model imports nothing of the outputs; the phrases are
        # in normkit.pot all the same, and outputs translate them with `_()`.
        return "moved to" if self is Withdrawal.MOVED else "incorporated into"


class FieldType(StrEnum):
    """Types a standard may declare for its custom criterion fields."""

    STRING = "string"
    BOOLEAN = "boolean"
    DATE = "date"
    NUMBER = "number"
    ENUM = "enum"
    ENUM_LIST = "list-of-enum"
    STRING_LIST = "list-of-string"
    NUMBER_LIST = "list-of-number"
    URL = "url"


FieldValue = (
    str | bool | float | int | datetime.date | tuple[str, ...] | tuple[int | float, ...] | None
)
"""A custom field's value; list types are tuples (`list-of-enum` in choice order)."""


@record(kw_only=True)
class FieldSpec:
    """A custom field of criteria or of one level of sections, declared in `standard.yml`
    (and added or changed by a version's `fields`)."""

    name: str
    """Key used in criterion blocks and in the JSON (snake_case)."""
    label: str
    """Human label shown on the site and in print."""
    type: FieldType
    """Value type."""
    required: bool
    """Whether every criterion must give a value."""
    default: FieldValue
    """Value used when a criterion gives none (None: no value)."""
    choices: tuple[str, ...]
    """Allowed values for `enum` and `list-of-enum`; empty otherwise."""
    description: str
    """What the field means, for authors and readers."""
    location: Location
    """Where the field is declared."""
    on: str = "criterion"
    """`criterion`, or the name of the section level (`section_levels`) it is given on."""

    @property
    def on_criteria(self) -> bool:
        return self.on == "criterion"


@record(kw_only=True)
class ApplicabilityCode:
    """One code of a standard's applicability vocabulary (a supply-chain activity)."""

    code: str
    """Short code used in `applies_to` (for example `mining`)."""
    label: str
    """Human label."""
    description: str
    """Longer explanation; may be empty."""


SECTION_TARGET_PREFIX = "section:"
"""How `withdrawn_to` names a section (`section:<key>`), as comment forms do."""


@record(kw_only=True)
class SectionReference:
    """A section of the same version named in a source: `section:<key>` in `withdrawn_to`."""

    key: str
    """The section's key (`4-climate-change`)."""
    location: Location
    """Where it is written."""

    @property
    def written(self) -> str:
        return f"{SECTION_TARGET_PREFIX}{self.key}"


@record(kw_only=True)
class Reference:
    """A cross-reference written in a source, resolved to its target."""

    standard: str
    """Slug of the target's standard."""
    version: str
    """Version name the target was resolved in."""
    criterion_id: str
    """Stable id of the target criterion."""
    part: str | None
    """Part label (`b`) when the reference names a lettered part."""
    location: Location
    """Where the reference is written."""

    @property
    def key(self) -> str:
        """`id` or `id.part`, as written after the standard prefix."""
        return self.criterion_id if self.part is None else f"{self.criterion_id}.{self.part}"


@record(kw_only=True)
class Part:
    """A lettered part of a criterion: one item of its top-level ordered list."""

    label: str
    """Letter: a, b, c …"""
    number: str
    """Display number, for example `5.3.b`."""
    text: Text
    """The item's content."""
    location: Location
    """Where the item starts."""


@record(kw_only=True)
class Criterion:
    """A requirement: a heading followed by a `criterion` block and its body."""

    id: str
    """Stable identifier, unique within the standard and kept across versions."""
    number: str
    """Display number from the heading (`5.3`, `AC-2(1)`); may be empty."""
    title: str
    """Heading text without the number; empty when the heading is only a number."""
    body: Text
    """Everything under the heading up to the next heading of the same or higher level."""
    parts: tuple[Part, ...]
    """Lettered parts from the body's top-level ordered list."""
    applies_to: tuple[str, ...]
    """Applicability codes, in vocabulary order; all codes when the source says `all`."""
    fields: Mapping[str, FieldValue]
    """Custom field values, every declared field present (defaults applied)."""
    replaces: tuple[str, ...]
    """Ids in earlier versions that this criterion succeeds."""
    references: tuple[Reference, ...]
    """Resolved cross-references, in source order."""
    terms: tuple[str, ...]
    """Ids of defined terms used in the body, sorted."""
    section_path: tuple[str, ...]
    """Keys of the enclosing sections, outermost first."""
    content_hash: str
    """`sha256:` digest of the criterion's normative content."""
    location: Location
    """Where the heading is."""
    replaces_locations: tuple[Location, ...] = ()
    """Where each id of `replaces` is written."""
    status: CriterionStatus = CriterionStatus.ACTIVE
    """`withdrawn` when the criterion is kept only as a record."""
    withdrawn_to: tuple[Reference, ...] = ()
    """Where a withdrawn criterion's requirement went: criteria or parts of the same
    version, as written (`ac-3`, `ac-2.k`); `check` reports targets that do not exist."""
    withdrawn_to_sections: tuple[SectionReference, ...] = ()
    """Sections of the same version it went to (`section:4-climate-change`), when a
    requirement moved into a section rather than into a criterion."""
    withdrawn_as: Withdrawal = Withdrawal.INCORPORATED
    """How it went there (meaningful only when withdrawn)."""
    withdrawn_reason: str = ""
    """Why it was withdrawn, as the authors put it; may be empty."""
    withdrawal_note: Text = EMPTY_TEXT
    """What readers see for a withdrawn criterion: "Withdrawn — incorporated into AC-2,
    AU-6." (each target a cross-reference) and the reason; empty while it is in force."""

    @property
    def is_withdrawn(self) -> bool:
        return self.status is CriterionStatus.WITHDRAWN

    @property
    def label(self) -> str:
        """How readers name it: `5.3 Title`, the number alone, or the title alone."""
        return f"{self.number} {self.title}".strip() or self.id


@record(kw_only=True)
class SectionNote:
    """Section text written after a criterion's end marker (`<!-- end -->`): it belongs to
    the section, not to the criterion, and is shown after the criterion it follows."""

    after: str | None
    """Id of the criterion it follows; None when no criterion precedes it in the section."""
    text: Text
    """The text."""
    location: Location
    """Where the end marker is."""


@record(kw_only=True)
class Section:
    """A structural heading (pillar, principle, part) and what lies under it."""

    key: str
    """Anchor and page slug, unique within the version (`5-climate-change`)."""
    number: str
    """Display number from the heading; may be empty."""
    title: str
    """Heading text without the number; empty when the heading is only a number."""
    level: int
    """Heading level (1 for `#`)."""
    intro: Text
    """Text between the heading and its first sub-heading."""
    criteria: tuple[Criterion, ...]
    """Criteria directly under this section, in source order."""
    children: tuple[Section, ...]
    """Sub-sections, in source order."""
    location: Location
    """Where the heading is."""
    fields: Mapping[str, FieldValue] = field(default_factory=dict)
    """Values of the fields declared for this section's level (defaults applied)."""
    notes: tuple[SectionNote, ...] = ()
    """Section text after end markers, in source order (each placed after a criterion)."""

    @property
    def label(self) -> str:
        """`5 Climate change`, the number alone, or the title alone."""
        return f"{self.number} {self.title}".strip()

    def notes_after(self, criterion_id: str | None) -> tuple[SectionNote, ...]:
        """The notes that follow a criterion (None: those before the first criterion)."""
        return tuple(note for note in self.notes if note.after == criterion_id)

    def walk_criteria(self) -> Iterator[Criterion]:
        """Criteria of this section and all sub-sections, in document order."""
        yield from self.criteria
        for child in self.children:
            yield from child.walk_criteria()

    def walk_sections(self) -> Iterator[Section]:
        """This section and all its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk_sections()


@record(kw_only=True)
class IntendedChange:
    """One entry of `changes.yml`'s `criteria`."""

    kinds: tuple[str, ...]
    """Change kinds, as written (`added`, `text-changed` …)."""
    old: tuple[str, ...]
    """Ids in the old version."""
    new: tuple[str, ...]
    """Ids in the new version."""
    fields: tuple[str, ...]
    """For `metadata-changed`: the fields said to change."""
    location: Location
    """Where the entry starts."""
    withdrawn_to: tuple[str, ...] | None = None
    """For `withdrawn`: where the criterion is said to go (None: not said)."""


@record(kw_only=True)
class IntendedTermChange:
    """One entry of `changes.yml`'s `terms`."""

    kind: str
    """`added`, `removed` or `redefined`."""
    term: str
    """The term as written."""
    location: Location
    """Where the entry starts."""


@record(kw_only=True)
class IntendedFieldChange:
    """One entry of `changes.yml`'s `fields`: a custom field added, changed or retired."""

    kind: str
    """`added`, `changed` or `retired`."""
    field: str
    """The field's name."""
    location: Location
    """Where the entry starts."""


@record(kw_only=True)
class IntendedChanges:
    """A version's `changes.yml`: the changes it says it makes since its predecessor."""

    from_version: str | None
    """The `from` key: the version the changes are counted from."""
    criteria: tuple[IntendedChange, ...]
    """Intended criterion changes."""
    terms: tuple[IntendedTermChange, ...]
    """Intended glossary changes."""
    fields: tuple[IntendedFieldChange, ...] = ()
    """Intended changes of the custom fields' declarations."""
    complete: bool
    """False when an entry was malformed: the comparison then reports only what is listed."""
    location: Location
    """Where `changes.yml` starts."""
    from_location: Location
    """Where `from` is written (the file when absent)."""


@record(kw_only=True)
class Version:
    """One version of a standard (v2, v3 …)."""

    standard: str
    """Slug of the standard."""
    name: str
    """Version name, also its folder name (`v3`)."""
    title: str
    """Full title, for example `Performance Standard V3`."""
    status: VersionStatus
    """Lifecycle status."""
    published: datetime.date | None
    """Date of publication (or of the draft's release)."""
    effective: datetime.date | None
    """Date from which it applies."""
    transition_end: datetime.date | None
    """Date after which the superseded version may no longer be used."""
    consultation_closes: datetime.date | None
    """For consultation drafts: last day for comments."""
    supersedes: str | None
    """Name of the version it replaces."""
    superseded_by: str | None
    """Name of the version that replaces it (derived from the successor's `supersedes`)."""
    summary: str
    """One-paragraph description from `version.yml`."""
    comments_to: str = ""
    """For consultation drafts: where to send comments (a mailto or web address)."""
    sections: tuple[Section, ...]
    """Top-level sections, in chapter-file and source order."""
    location: Location
    """Location of `version.yml`."""
    key_locations: Mapping[str, Location] = field(default_factory=dict)
    """Where each key of `version.yml` is written, for precise diagnostics."""
    intended_changes: IntendedChanges | None = None
    """The `changes.yml`: what this revision says it changed (checked against diffs)."""
    fields: tuple[FieldSpec, ...] = ()
    """Custom fields of this version: the standard's, as the version's `fields` changes them."""
    lineage_known: bool = True
    """False when version.yml is missing or broken and `supersedes` could not be read: that
    is reported once, and checks that follow the lineage stay silent about this version."""
    languages: tuple[str, ...] = ()
    """Languages it is translated into: its `languages`, else the standard's, and for a
    published version the standard's `required_languages`."""
    translation: Translation | None = None
    """In a translated corpus: the language and each unit's status; None in the source."""
    _criteria_by_id: Mapping[str, Criterion] = field(init=False, repr=False, compare=False)
    """Index of `criteria()` by id (the first of a duplicated id, as a scan would find)."""
    _sections_by_key: Mapping[str, Section] = field(init=False, repr=False, compare=False)
    """Index of `all_sections()` by key (the first of a duplicated key)."""
    _criteria_in_order: tuple[Criterion, ...] = field(init=False, repr=False, compare=False)
    """What `criteria()` goes through: every check and output walks them, some many times,
    and walking the sections' tree through nested generators cost a step per level for
    each criterion (at 10,000 criteria ~4 ms a walk; a cold `check` walks them six times)."""
    _sections_in_order: tuple[Section, ...] = field(init=False, repr=False, compare=False)
    """What `all_sections()` goes through (as `_criteria_in_order`)."""

    def __post_init__(self) -> None:
        # Built once with the version: every output looks criteria up by id, many times.
        in_order = tuple(c for section in self.sections for c in section.walk_criteria())
        criteria: dict[str, Criterion] = {}
        for criterion in in_order:
            criteria.setdefault(criterion.id, criterion)
        all_sections = tuple(s for section in self.sections for s in section.walk_sections())
        sections: dict[str, Section] = {}
        for section in all_sections:
            sections.setdefault(section.key, section)
        object.__setattr__(self, "_criteria_by_id", criteria)
        object.__setattr__(self, "_sections_by_key", sections)
        object.__setattr__(self, "_criteria_in_order", in_order)
        object.__setattr__(self, "_sections_in_order", all_sections)

    @property
    def key(self) -> str:
        return f"{self.standard}@{self.name}"

    def located(self, key: str) -> Location:
        """Location of a `version.yml` key, or of the file."""
        return self.key_locations.get(key, self.location)

    def criteria(self) -> Iterator[Criterion]:
        """All criteria in document order, withdrawn ones included."""
        return iter(self._criteria_in_order)

    def active_criteria(self) -> Iterator[Criterion]:
        """Criteria that are requirements of this version (withdrawn ones left out)."""
        return (c for c in self.criteria() if not c.is_withdrawn)

    def all_sections(self) -> Iterator[Section]:
        return iter(self._sections_in_order)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return self._criteria_by_id.get(criterion_id)

    def section(self, key: str) -> Section | None:
        """The section with this key, at any depth."""
        return self._sections_by_key.get(key)

    @property
    def criterion_fields(self) -> tuple[FieldSpec, ...]:
        """Custom fields given in criterion blocks, in declaration order."""
        return tuple(spec for spec in self.fields if spec.on_criteria)

    def section_fields(self, level: str) -> tuple[FieldSpec, ...]:
        """Custom fields given in the `section` blocks of one section level."""
        return tuple(spec for spec in self.fields if spec.on == level)

    def target_label(self, reference: Reference) -> str:
        """How readers name a reference's target here: `AC-3`, `AC-2.k` (a part's number),
        the id when the target is unnumbered, or the reference as written when unknown."""
        found = self.resolve(reference)
        if found is None:
            return reference.key
        criterion, part = found
        if part is not None:
            return part.number
        return criterion.number or criterion.id

    def resolve(self, reference: Reference) -> tuple[Criterion, Part | None] | None:
        """The criterion (and part) a reference into this version names, if they exist."""
        criterion = self.criterion(reference.criterion_id)
        if criterion is None:
            return None
        if reference.part is None:
            return criterion, None
        part = next((p for p in criterion.parts if p.label == reference.part), None)
        return (criterion, part) if part is not None else None


@record(kw_only=True)
class Standard:
    """A standard and all its versions."""

    slug: str
    """Folder name under `standards/`, used in paths and references."""
    code: str
    """Short code, for example `PS`."""
    title: str
    """Title without version."""
    owner: str
    """Organisation that owns the standard."""
    licence: str
    """Licence statement."""
    description: str
    """What the standard covers."""
    applicability: tuple[ApplicabilityCode, ...]
    """The applicability vocabulary, in display order."""
    fields: tuple[FieldSpec, ...]
    """Declared custom criterion fields."""
    versions: tuple[Version, ...]
    """Versions, oldest first: ordered by the `supersedes` lineage, then by date, then by
    name (never by folder name alone)."""
    location: Location
    """Location of `standard.yml`."""
    section_levels: tuple[str, ...] = field(default=("pillar", "principle"))
    """Names of structural heading levels, outermost first (`#` is the first)."""
    numbering: Numbering = DEFAULT_NUMBERING
    """How display numbers are written at the start of headings."""
    namespace: str = ""
    """A URI the standards body controls, qualifying its own names in exchange formats
    (OSCAL `ns`): `namespace` from standard.yml, else `urn:normkit:<slug>`."""
    required_languages: tuple[str, ...] = ()
    """Languages every published version must be translated into."""

    def version(self, name: str) -> Version | None:
        return next((v for v in self.versions if v.name == name), None)

    @property
    def latest_published(self) -> Version | None:
        """Newest version with status `published`."""
        published = [v for v in self.versions if v.status is VersionStatus.PUBLISHED]
        return published[-1] if published else None

    def level_name(self, level: int) -> str:
        """The `section_levels` name of a heading level (1 for `#`); '' past the last."""
        return self.section_levels[level - 1] if 0 < level <= len(self.section_levels) else ""

    def applicability_label(self, code: str) -> str:
        return next((a.label for a in self.applicability if a.code == code), code)
