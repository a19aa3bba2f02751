"""A crosswalk as rows and a coverage matrix, as the exports and the site show it."""

from __future__ import annotations

from dataclasses import dataclass

from normkit.crosswalks.status import CoverageRow, LaterChange, coverage, later_changes
from normkit.derived import Derived
from normkit.model.crosswalk import RELATIONSHIP_ORDER, Crosswalk, CrosswalkEntry
from normkit.model.standard import Criterion, Standard, Version

ENTRY_HEADERS = [
    "Number",
    "ID",
    "Criterion",
    "Relationship",
    "Their clause",
    "Their clause title",
    "Note",
    "Changed since review",
]
COVERAGE_HEADERS = [
    "Section",
    "Criteria",
    "Mapped",
    "Share mapped",
    *(r.label.capitalize() for r in RELATIONSHIP_ORDER),
    "No entry",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class CrosswalkTable:
    """A crosswalk read against the version it was reviewed against."""

    crosswalk: Crosswalk
    standard: Standard
    version: Version
    rows: tuple[tuple[CrosswalkEntry, Criterion], ...]
    """Each entry with its criterion, in the version's document order."""
    coverage: tuple[CoverageRow, ...]
    changes: dict[str, LaterChange]
    """Criterion id → the change since the review that makes its entries stale."""

    def entry_cells(self, entry: CrosswalkEntry, criterion: Criterion) -> list[str]:
        number = criterion.number
        if entry.part is not None:
            part = next((p for p in criterion.parts if p.label == entry.part), None)
            number = part.number if part else f"{criterion.number}.{entry.part}"
        change = self.changes.get(entry.criterion_id)
        changed = f"{change.version.name}: {change.summary}" if change else ""
        return [
            number,
            entry.key,
            criterion.title,
            entry.relationship.label,
            entry.clause,
            entry.clause_title,
            entry.note,
            changed,
        ]

    def coverage_cells(self, row: CoverageRow) -> list[str | int | float]:
        return [
            row.section.label,
            len(row.criteria),
            row.mapped,
            round(row.share, 4),
            *(row.counts[r] for r in RELATIONSHIP_ORDER),
            row.counts[None],
        ]


def crosswalk_table(derived: Derived, crosswalk: Crosswalk) -> CrosswalkTable | None:
    """The table of a crosswalk whose standard and version exist (None otherwise: `check`
    has reported it)."""
    standard = derived.corpus.standard(crosswalk.standard)
    version = standard.version(crosswalk.reviewed_against) if standard else None
    if standard is None or version is None:
        return None
    order = {c.id: index for index, c in enumerate(version.criteria())}
    criteria = {c.id: c for c in version.active_criteria()}
    rows = sorted(
        ((e, criteria[e.criterion_id]) for e in crosswalk.entries if e.criterion_id in criteria),
        key=lambda pair: (order[pair[0].criterion_id], pair[0].part or "", pair[0].clause),
    )
    ids = {entry.criterion_id for entry, _ in rows}
    return CrosswalkTable(
        crosswalk=crosswalk,
        standard=standard,
        version=version,
        rows=tuple(rows),
        coverage=tuple(coverage(crosswalk, version)),
        changes=later_changes(derived, standard, version, ids),
    )
