"""The changeset between two versions: plain frozen data, built by `compare`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import field
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

from normkit.model.glossary import Term
from normkit.model.guidance import GuidanceEntry
from normkit.model.records import record
from normkit.model.standard import Criterion, FieldSpec, FieldValue, Reference, SectionReference

if TYPE_CHECKING:  # the successors' module comes with the suggestions, when they are computed
    from normkit.revisions.successors.links import Suggestion

T = TypeVar("T")


class Pending(Generic[T]):
    """A value computed when first read, then kept. `compute` is a module-level function or
    a `functools.partial` of one, so that it pickles (with the changeset, to a build's
    workers)."""

    __slots__ = ("_compute", "_found")

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute: Callable[[], T] | None = compute
        self._found: T | None = None

    def get(self) -> T:
        if self._compute is not None:
            self._found, self._compute = self._compute(), None
        return self._found  # type: ignore[return-value]  # (computed above)

    def __getstate__(self) -> tuple[object, T | None]:
        return (self._compute, self._found)

    def __setstate__(self, state: tuple[object, T | None]) -> None:
        compute, self._found = state
        self._compute = compute  # type: ignore[assignment]


class PendingSuggestions(Pending[tuple["Suggestion", ...]]):
    """Suggestions computed when first read, then kept: they need numpy, scipy and
    scikit-learn, which a check of `changes.yml` or a site page never does."""

    __slots__ = ()

    def __init__(self, compute: Callable[[], tuple[Suggestion, ...]]) -> None:
        super().__init__(compute)
        self._found = ()

    @property
    def request(self) -> Callable[[], tuple[Suggestion, ...]] | None:
        """What computes them, until they are computed or `settle`d (for a cache to key)."""
        return self._compute

    def settle(self, found: tuple[Suggestion, ...]) -> None:
        """Take `found` (what `request()` returns, kept from an earlier build) as the answer."""
        self._found, self._compute = found, None


class ChangeKind(StrEnum):
    """What happened to a criterion between two versions (a change may carry several)."""

    ADDED = "added"
    REMOVED = "removed"
    WITHDRAWN = "withdrawn"
    TEXT_CHANGED = "text-changed"
    EDITORIAL = "editorial"
    METADATA_CHANGED = "metadata-changed"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"
    RENAMED = "renamed"
    UNCHANGED = "unchanged"


KIND_ORDER: tuple[ChangeKind, ...] = tuple(ChangeKind)
"""Display and sort order of kinds."""


class MatchBasis(StrEnum):
    """How old and new criteria of a change were paired."""

    ID = "id"
    """Same stable id."""
    REPLACES = "replaces"
    """Declared by the new criteria's `replaces`."""
    NONE = "none"
    """Unpaired: added or removed."""


@record(kw_only=True)
class FieldChange:
    """One metadata field whose value differs."""

    name: str
    """`applies_to` or the custom field's name."""
    label: str
    """Human label."""
    old: FieldValue
    """Value in the old version."""
    new: FieldValue
    """Value in the new version."""


@record(kw_only=True)
class CriterionChange:
    """One entry of the changeset: old criteria, new criteria and what changed."""

    kinds: tuple[ChangeKind, ...]
    """Kinds, in `KIND_ORDER`; `(UNCHANGED,)` when nothing changed."""
    old: tuple[Criterion, ...]
    """Criteria of the old version (empty when added)."""
    new: tuple[Criterion, ...]
    """Criteria of the new version (empty when removed)."""
    basis: MatchBasis
    """How the sides were paired."""
    fields: tuple[FieldChange, ...] = ()
    """Field-level changes (for `metadata-changed`)."""
    old_sections: tuple[str, ...] = ()
    """Titles of the enclosing sections of the first old criterion, outermost first."""
    new_sections: tuple[str, ...] = ()
    """Titles of the enclosing sections of the first new criterion, outermost first."""

    @property
    def key(self) -> str:
        """Anchor-friendly key: the first new id, else the first old id."""
        return (self.new or self.old)[0].id

    @property
    def old_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.old)

    @property
    def new_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.new)

    @property
    def is_change(self) -> bool:
        return self.kinds != (ChangeKind.UNCHANGED,)

    @property
    def withdrawn_to(self) -> tuple[Reference, ...]:
        """For a `withdrawn` change, where the requirement went (in the new version)."""
        if ChangeKind.WITHDRAWN not in self.kinds:
            return ()
        return self.new[0].withdrawn_to

    @property
    def withdrawn_to_sections(self) -> tuple[SectionReference, ...]:
        """For a `withdrawn` change, the sections the requirement went to."""
        if ChangeKind.WITHDRAWN not in self.kinds:
            return ()
        return self.new[0].withdrawn_to_sections


class TermChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    REDEFINED = "redefined"


@record(kw_only=True)
class TermChange:
    """A glossary term that applies differently to the two versions."""

    kind: TermChangeKind
    """What changed."""
    term_id: str
    """Slug of the term."""
    term: str
    """Written form of the term."""
    old: Term | None
    """Entry that applies to the old version."""
    new: Term | None
    """Entry that applies to the new version."""


class FieldDeclarationKind(StrEnum):
    """What happened to a custom field's declaration between two versions."""

    ADDED = "added"
    CHANGED = "changed"
    RETIRED = "retired"


@record(kw_only=True)
class FieldDeclarationChange:
    """A custom field that one version has and the other has not, or declares otherwise."""

    kind: FieldDeclarationKind
    """What changed."""
    name: str
    """The field's name."""
    label: str
    """Its label (the new one when both exist)."""
    old: FieldSpec | None
    """Declaration in the old version."""
    new: FieldSpec | None
    """Declaration in the new version."""
    keys: tuple[str, ...] = ()
    """For `changed`: the parts of the declaration that differ (`type`, `choices` …)."""


class GuidanceChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@record(kw_only=True)
class GuidanceChange:
    """Guidance for one criterion that differs between two editions."""

    kind: GuidanceChangeKind
    """What changed."""
    criterion_id: str
    """Criterion the guidance is for (the new id when a rename maps it)."""
    old: GuidanceEntry | None
    """Entry in the old edition."""
    new: GuidanceEntry | None
    """Entry in the new edition."""
    sections: tuple[str, ...] = ()
    """Keys of sub-sections added, removed or changed (`intro` for the introduction)."""


@record(kw_only=True)
class GuidanceChangeset:
    """Differences between two guidance editions of one standard."""

    standard: str
    """Slug of the standard."""
    old: str
    """Old edition name."""
    new: str
    """New edition name."""
    changes: tuple[GuidanceChange, ...]
    """Entries added, removed or changed, in the new edition's order, then removed ones."""


@record(kw_only=True)
class Changeset:
    """Everything that differs between two versions of a standard."""

    standard: str
    """Slug of the standard."""
    old: str
    """Old version name."""
    new: str
    """New version name."""
    changes: tuple[CriterionChange, ...]
    """Every criterion of both versions in exactly one entry, unchanged ones included."""
    pending: PendingSuggestions
    """The `suggestions`, computed when first read."""
    terms: tuple[TermChange, ...]
    """Glossary changes, sorted by term."""
    pending_guidance: Pending[GuidanceChangeset | None]
    """The `guidance` changes, computed when first read."""
    field_declarations: tuple[FieldDeclarationChange, ...] = ()
    """Custom fields added, changed or retired between the versions (schema changes)."""
    _by_old: Mapping[str, CriterionChange] = field(init=False, repr=False, compare=False)
    """The entry of each old criterion id (the first, as a scan of `changes` would find)."""
    _by_new: Mapping[str, CriterionChange] = field(init=False, repr=False, compare=False)
    """The entry of each new criterion id (the first)."""

    def __post_init__(self) -> None:
        # Built once with the changeset: outputs look every criterion's entry up.
        by_old: dict[str, CriterionChange] = {}
        by_new: dict[str, CriterionChange] = {}
        for change in self.changes:
            for criterion in change.old:
                by_old.setdefault(criterion.id, change)
            for criterion in change.new:
                by_new.setdefault(criterion.id, change)
        object.__setattr__(self, "_by_old", by_old)
        object.__setattr__(self, "_by_new", by_new)

    @property
    def guidance(self) -> GuidanceChangeset | None:
        """Changes between the guidance editions serving each version, when both exist.
        Computed when first read: a build of the criteria JSON reads a changeset only for its
        criteria's lineage (on NIST, the guidance was half of comparing rev4 with rev5)."""
        return self.pending_guidance.get()

    @property
    def suggestions(self) -> tuple[Suggestion, ...]:
        """Proposed successors of removed criteria, at the default confidence or above,
        from text similarity, containment, section and neighbourhood; not applied to
        `changes`."""
        return self.pending.get()

    @property
    def changed(self) -> tuple[CriterionChange, ...]:
        return tuple(c for c in self.changes if c.is_change)

    def counts(self) -> dict[str, int]:
        """Number of entries carrying each kind, every kind present (zero included)."""
        found = Counter(kind for change in self.changes for kind in change.kinds)
        return {str(kind): found.get(kind, 0) for kind in KIND_ORDER}

    def marks(self) -> dict[str, str]:
        """New-side criterion id → `new`, `withdrawn` or `changed`: what the site and a
        draft's margin say beside it. A renumbering alone (a cascade) is no change."""
        marks: dict[str, str] = {}
        for change in self.changes:
            if change.kinds == (ChangeKind.ADDED,):
                marks.update({c.id: "new" for c in change.new})
            elif change.kinds == (ChangeKind.WITHDRAWN,):
                marks.update({c.id: "withdrawn" for c in change.new})
            elif set(change.kinds) - {ChangeKind.UNCHANGED, ChangeKind.RENUMBERED}:
                marks.update({c.id: "changed" for c in change.new})
        return marks

    def change_for_new(self, criterion_id: str) -> CriterionChange | None:
        """The entry holding this criterion of the new version."""
        return self._by_new.get(criterion_id)

    def change_for_old(self, criterion_id: str) -> CriterionChange | None:
        """The entry holding this criterion of the old version."""
        return self._by_old.get(criterion_id)
