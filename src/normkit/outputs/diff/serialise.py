"""Changesets → plain JSON-ready dictionaries (no I/O)."""

from __future__ import annotations

from typing import Any

from normkit.collector import collection_paused
from normkit.model.standard import Criterion, Version
from normkit.outputs.diff.lines import wording_diff
from normkit.outputs.json.serialise import field_spec, field_value
from normkit.revisions.changeset import (
    ChangeKind,
    Changeset,
    CriterionChange,
    FieldDeclarationChange,
    GuidanceChangeset,
    TermChange,
)
from normkit.revisions.successors import DEFAULT_CONFIDENCE, Suggestion
from normkit.revisions.words import combined_text

FORMAT_VERSION = "1.0"
WORDING = {ChangeKind.TEXT_CHANGED, ChangeKind.EDITORIAL, ChangeKind.SPLIT, ChangeKind.MERGED}


def version_ref(version: Version) -> dict[str, Any]:
    return {
        "name": version.name,
        "title": version.title,
        "status": str(version.status),
        "published": version.published.isoformat() if version.published else None,
    }


def criterion_ref(criterion: Criterion, sections: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": criterion.id,
        "number": criterion.number,
        "title": criterion.title,
        "status": str(criterion.status),
        "sections": list(sections),
    }


def redline(change: CriterionChange) -> list[dict[str, str]]:
    """Word-level segments from the old wording to the new, for wording changes only."""
    if not WORDING & set(change.kinds):
        return []
    segments = wording_diff(combined_text(change.old), combined_text(change.new))
    return [{"op": s.op, "text": s.text} for s in segments]


def change_document(change: CriterionChange, new: Version) -> dict[str, Any]:
    return {
        "kinds": [str(k) for k in change.kinds],
        "basis": str(change.basis),
        "old": [criterion_ref(c, change.old_sections) for c in change.old],
        "new": [criterion_ref(c, change.new_sections) for c in change.new],
        "fields": [
            {
                "name": f.name,
                "label": f.label,
                "old": field_value(f.old),
                "new": field_value(f.new),
            }
            for f in change.fields
        ],
        "redline": redline(change),
        "withdrawn_to": [
            {"id": t.criterion_id, "part": t.part, "number": new.target_label(t)}
            for t in change.withdrawn_to
        ],
        "withdrawn_to_sections": [
            {"key": s.key, "number": s.number, "title": s.title}
            for target in change.withdrawn_to_sections
            if (s := new.section(target.key)) is not None
        ],
    }


def suggestion_document(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "old_id": suggestion.old_id,
        "new_id": suggestion.new_id,
        "kind": str(suggestion.kind),
        "confidence": suggestion.confidence,
        "text_similarity": suggestion.text_similarity,
        "title_similarity": suggestion.title_similarity,
        "old_in_new": suggestion.old_in_new,
        "new_in_old": suggestion.new_in_old,
        "same_section": suggestion.same_section,
        "changes": list(suggestion.changes),
    }


def term_document(change: TermChange) -> dict[str, Any]:
    return {
        "kind": str(change.kind),
        "id": change.term_id,
        "term": change.term,
        "old_definition": change.old.definition.plain if change.old else None,
        "new_definition": change.new.definition.plain if change.new else None,
    }


def field_declaration_document(change: FieldDeclarationChange) -> dict[str, Any]:
    return {
        "kind": str(change.kind),
        "name": change.name,
        "label": change.label,
        "keys": list(change.keys),
        "old": field_spec(change.old) if change.old else None,
        "new": field_spec(change.new) if change.new else None,
    }


def guidance_document(changeset: GuidanceChangeset) -> dict[str, Any]:
    return {
        "standard": changeset.standard,
        "old": changeset.old,
        "new": changeset.new,
        "changes": [
            {"kind": str(c.kind), "criterion_id": c.criterion_id, "sections": list(c.sections)}
            for c in changeset.changes
        ],
    }


def changeset_document(changeset: Changeset, old: Version, new: Version) -> dict[str, Any]:
    with collection_paused():  # a document per change, and nothing cyclic among them
        return _changeset_document(changeset, old, new)


def _changeset_document(changeset: Changeset, old: Version, new: Version) -> dict[str, Any]:
    return {
        "$schema": "../schema/changeset.schema.json",
        "format_version": FORMAT_VERSION,
        "standard": changeset.standard,
        "old": version_ref(old),
        "new": version_ref(new),
        "counts": changeset.counts(),
        "changes": [change_document(c, new) for c in changeset.changes],
        "suggestion_threshold": DEFAULT_CONFIDENCE,
        "suggestions": [suggestion_document(s) for s in changeset.suggestions],
        "terms": [term_document(t) for t in changeset.terms],
        "fields": [field_declaration_document(d) for d in changeset.field_declarations],
        "guidance": guidance_document(changeset.guidance) if changeset.guidance else None,
    }


def guidance_changeset_document(changeset: GuidanceChangeset) -> dict[str, Any]:
    return {
        "$schema": "../../schema/guidance-changeset.schema.json",
        "format_version": FORMAT_VERSION,
        **guidance_document(changeset),
    }
