"""A consultation report as JSON: `json/<standard>/<version>/consultation.json`, validated by
`consultation.schema.json`. Names appear only where their owners consented."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the report's modules (dates in every language) and the rounds' model
    # are a round's to import
    from normkit.model.consultation import Comment
    from normkit.outputs.consultation.report import Report, Tally

FORMAT_VERSION = "1.0"
SCHEMA_NAME = "consultation.schema.json"


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _tallies(rows: tuple[Tally, ...]) -> list[dict[str, Any]]:
    return [{"key": row.key, "label": row.label, "comments": row.count} for row in rows]


def comment_document(comment: Comment, report: Report) -> dict[str, Any]:
    target = comment.target
    criterion_id = target.criterion_id
    entry = next(e for e in report.entries if e.target == target)
    response = comment.response
    return {
        "id": comment.label,
        "target": {
            "kind": str(target.kind),
            "criterion": criterion_id,
            "part": target.key.partition(".")[2] or None if criterion_id else None,
            "section": target.key if target.kind == "section" else None,
            "number": entry.number,
            "title": entry.title,
        },
        "lines": [{"first": span.first, "last": span.last} for span in comment.lines],
        "organisation": comment.organisation,
        "stakeholder_group": comment.group,
        "name": comment.public_name or None,
        "type": str(comment.type),
        "comment": comment.text,
        "proposed_change": comment.proposed_change or None,
        "response": {
            "decision": str(response.decision),
            "text": response.text,
            "addressed_in": list(response.addressed_in),
        }
        if response
        else None,
    }


def report_document(report: Report) -> dict[str, Any]:
    found, version = report.round, report.version
    return {
        "format_version": FORMAT_VERSION,
        "standard": report.standard.slug,
        "version": version.name,
        "title": version.title,
        "round": {
            "state": str(found.state),
            "opened": _date(found.opened),
            "closes": _date(found.closes),
            "successor": version.superseded_by,
        },
        "stakeholder_groups": [
            {"code": g.code, "label": g.label, "description": g.description} for g in found.groups
        ],
        "statistics": {
            "comments": len(report.comments),
            "answered": report.answered,
            "organisations": report.organisations,
            "per_section": {"level": report.level_name, "rows": _tallies(report.by_section)},
            "per_stakeholder_group": _tallies(report.by_group),
            "per_type": _tallies(report.by_type),
            "per_decision": _tallies(report.by_decision),
        },
        "comments": [comment_document(c, report) for c in report.comments],
    }
