"""What a crosswalk covers, and which of its criteria changed since it was reviewed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from normkit.derived import Derived
from normkit.model.corpus import Corpus
from normkit.model.crosswalk import RELATIONSHIP_ORDER, Crosswalk, CrosswalkEntry, Relationship
from normkit.model.standard import Criterion, Section, Standard, Version
from normkit.revisions import ChangeKind

STALE_KINDS = frozenset(
    {
        ChangeKind.TEXT_CHANGED,
        ChangeKind.SPLIT,
        ChangeKind.MERGED,
        ChangeKind.RENAMED,
        ChangeKind.REMOVED,
        ChangeKind.WITHDRAWN,
    }
)
"""Changes after which a criterion's entries need a new look (a new number, a move, an
editorial fix or new field values leave the requirement what it was)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LaterChange:
    """The first change, after the reviewed version, that makes a criterion's entries stale."""

    version: Version
    """The version that changed it."""
    kinds: tuple[ChangeKind, ...]
    successors: tuple[str, ...]
    """Ids it became in that version (none when removed)."""

    @property
    def summary(self) -> str:
        kinds = ", ".join(str(kind) for kind in self.kinds)
        became = (
            f" → {', '.join(self.successors)}"
            if self.kinds
            and (
                ChangeKind.RENAMED in self.kinds
                or ChangeKind.SPLIT in self.kinds
                or ChangeKind.MERGED in self.kinds
            )
            else ""
        )
        return f"{kinds}{became}"


def reviewed_version(corpus: Corpus, crosswalk: Crosswalk) -> tuple[Standard, Version] | None:
    standard = corpus.standard(crosswalk.standard)
    version = standard.version(crosswalk.reviewed_against) if standard else None
    return (standard, version) if standard and version else None


def later_changes(
    derived: Derived, standard: Standard, reviewed: Version, ids: Iterable[str]
) -> dict[str, LaterChange]:
    """For each id of `reviewed`, the first stale-making change in the versions after it
    (following every successor, drafts included), with ids followed through renames."""
    found: dict[str, LaterChange] = {}
    frontier: list[tuple[Version, dict[str, str]]] = [(reviewed, {i: i for i in ids})]
    while frontier:
        version, tracked = frontier.pop(0)
        for successor in standard.versions:
            if successor.supersedes != version.name or successor is version:
                continue
            following: dict[str, str] = {}
            for change in derived.changeset(version, successor).changes:
                for old_id in change.old_ids:
                    origin = tracked.get(old_id)
                    if origin is None:
                        continue
                    kinds = tuple(k for k in change.kinds if k in STALE_KINDS)
                    if kinds and origin not in found:
                        found[origin] = LaterChange(
                            version=successor, kinds=kinds, successors=change.new_ids
                        )
                    following.update((new_id, origin) for new_id in change.new_ids)
            frontier.append((successor, following))
    return found


def strongest(entries: Iterable[CrosswalkEntry]) -> Relationship | None:
    """The relationship a criterion counts under: the first of its entries' relationships
    in `RELATIONSHIP_ORDER` (equal before subset-of … before no-relationship)."""
    present = {entry.relationship for entry in entries}
    return next((r for r in RELATIONSHIP_ORDER if r in present), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageRow:
    """One section's criteria, counted by the relationship they count under."""

    section: Section
    criteria: tuple[Criterion, ...]
    counts: dict[Relationship | None, int]
    """Criteria per relationship; None: criteria without an entry."""

    @property
    def mapped(self) -> int:
        """Criteria related to at least one clause (no-relationship does not count)."""
        return sum(n for r, n in self.counts.items() if r is not None and r.related)

    @property
    def share(self) -> float:
        return self.mapped / len(self.criteria) if self.criteria else 0.0


def coverage(crosswalk: Crosswalk, version: Version) -> list[CoverageRow]:
    """A row per section that holds criteria directly (a principle), in document order."""
    rows = []
    for section in version.all_sections():
        criteria = tuple(c for c in section.criteria if not c.is_withdrawn)
        if not criteria:
            continue
        counts: dict[Relationship | None, int] = {r: 0 for r in RELATIONSHIP_ORDER}
        counts[None] = 0
        for criterion in criteria:
            counts[strongest(crosswalk.entries_for(criterion.id))] += 1
        rows.append(CoverageRow(section=section, criteria=criteria, counts=counts))
    return rows


def unmapped(crosswalk: Crosswalk, version: Version) -> list[Criterion]:
    """Criteria of the version (withdrawn ones aside) without any entry."""
    mapped = {entry.criterion_id for entry in crosswalk.entries}
    return [c for c in version.active_criteria() if c.id not in mapped]
