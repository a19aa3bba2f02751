"""The JSON summary of a filled checklist: findings per criterion, counted per section and
in total (schema: `checklist-summary.schema.json`), for an assurance platform to ingest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from normkit.checklists.layout import FINDINGS, SEVERITY
from normkit.checklists.reader import FilledRow, ReadChecklist
from normkit.model.standard import Criterion, Section, Version

FORMAT_VERSION = "1.0"
NOT_ASSESSED = "not assessed"


def overall(criterion: Criterion, rows: dict[str, FilledRow]) -> str | None:
    """A criterion's finding from its rows: a major or minor non-conformity on any of them
    decides; else the criterion row's own finding; else, when every part is assessed,
    conforms (not applicable when they all are); else not assessed (None)."""
    own = rows.get(criterion.id)
    parts = [rows.get(f"{criterion.id}.{part.label}") for part in criterion.parts]
    findings = [row.finding for row in (own, *parts) if row is not None and row.finding]
    for severe in SEVERITY:
        if severe in findings:
            return severe
    if own is not None and own.finding:
        return own.finding
    assessed = [row.finding for row in parts if row is not None and row.finding]
    if parts and len(assessed) == len(parts):
        return "not applicable" if set(assessed) == {"not applicable"} else "conforms"
    return None


def _counts(findings: list[str | None]) -> dict[str, int]:
    counts = {finding: 0 for finding in (*FINDINGS, NOT_ASSESSED)}
    for finding in findings:
        counts[finding or NOT_ASSESSED] += 1
    return counts


def _row(row: FilledRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "number": row.number,
        "finding": row.finding,
        "evidence": row.evidence,
        "notes": row.notes,
        "location": str(row.location).rsplit(":", 1)[0],
    }


def _sections(
    sections: tuple[Section, ...], path: tuple[str, ...]
) -> Iterator[tuple[Section, tuple[str, ...]]]:
    for section in sections:
        here = (*path, section.key)
        yield section, here
        yield from _sections(section.children, here)


def summary_document(read: ReadChecklist, shown: str) -> dict[str, Any]:
    version: Version | None = read.version
    assert version is not None
    findings: dict[str, str | None] = {}
    criteria = []
    for section, _ in _sections(version.sections, ()):
        for criterion in section.criteria:
            if criterion.is_withdrawn:
                continue
            findings[criterion.id] = overall(criterion, read.rows)
            own = read.rows.get(criterion.id)
            criteria.append(
                {
                    "id": criterion.id,
                    "number": criterion.number,
                    "title": criterion.title,
                    "section": section.key,
                    "overall": findings[criterion.id],
                    "row": _row(own) if own else None,
                    "parts": [
                        _row(read.rows[key])
                        for part in criterion.parts
                        if (key := f"{criterion.id}.{part.label}") in read.rows
                    ],
                }
            )
    sections = []
    for section, path in _sections(version.sections, ()):
        ids = [c.id for c in section.walk_criteria() if not c.is_withdrawn]
        if ids:
            sections.append(
                {
                    "key": section.key,
                    "number": section.number,
                    "title": section.title,
                    "path": list(path),
                    "counts": _counts([findings[i] for i in ids]),
                }
            )
    return {
        "format_version": FORMAT_VERSION,
        "checklist": shown,
        "standard": version.standard,
        "version": version.name,
        "version_title": version.title,
        "totals": _counts(list(findings.values())),
        "sections": sections,
        "criteria": criteria,
    }
