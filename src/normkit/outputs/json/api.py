"""The criteria JSON one criterion at a time: a file per criterion and a JSON Lines file per
version, each criterion with where it came from and where it went (from the changesets).

`<standard>/<version>/criteria/<id>.json` and `<standard>/<version>.jsonl`, whose lines are
the criterion files without `$schema` (schema: `criterion.schema.json`).
"""

from __future__ import annotations

from typing import Any

from normkit.derived import Derived
from normkit.model.standard import Standard, Version
from normkit.outputs.json.serialise import FORMAT_VERSION


def _step(version: Version, ids: tuple[str, ...], kinds: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "version": version.name,
        "status": str(version.status),
        "ids": list(ids),
        "kinds": [str(kind) for kind in kinds],
    }


class Lineages:
    """Where each criterion of one version came from and where it went: its predecessors in
    the version this one supersedes, and its successors in each version that supersedes this
    one (a draft and the final text may both). The versions and their changesets are looked
    up once per version, not per criterion."""

    def __init__(self, derived: Derived, standard: Standard, version: Version) -> None:
        previous = standard.version(version.supersedes) if version.supersedes else None
        self.previous = (
            None if previous is None else (previous, derived.changeset(previous, version))
        )
        self.later = [
            (later, derived.changeset(version, later))
            for later in standard.versions
            if later.supersedes == version.name and later is not version
        ]

    def of(self, criterion_id: str) -> dict[str, Any]:
        found: dict[str, Any] = {"previous": None, "next": []}
        if self.previous is not None:
            previous, changes = self.previous
            change = changes.change_for_new(criterion_id)
            if change is not None:
                found["previous"] = _step(previous, change.old_ids, change.kinds)
        for later, changes in self.later:
            change = changes.change_for_old(criterion_id)
            if change is not None:
                found["next"].append(_step(later, change.new_ids, change.kinds))
        return found


def criterion_document(
    lineages: Lineages, standard: Standard, version: Version, entry: dict[str, Any]
) -> dict[str, Any]:
    """One criterion's file (without `$schema`) around its `entry` in the version's file
    (`serialise.criterion_entries`: with its translations when the version has any)."""
    return {
        "format_version": FORMAT_VERSION,
        "standard": standard.slug,
        "version": version.name,
        "version_title": version.title,
        "version_status": str(version.status),
        "criterion": entry,
        "lineage": lineages.of(entry["id"]),
    }
