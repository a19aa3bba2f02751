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


class Lineages:
    """Where each criterion of one version came from and where it went: its predecessors in
    the version this one supersedes, and its successors in each version that supersedes this
    one (a draft and the final text may both). The versions and their changesets are looked
    up once per version, not per criterion, and so are the versions' names and statuses and
    each combination of kinds (the documents share those lists: they are serialised, never
    changed)."""

    def __init__(self, derived: Derived, standard: Standard, version: Version) -> None:
        previous = standard.version(version.supersedes) if version.supersedes else None
        self.previous = (
            None
            if previous is None
            else (_named(previous), derived.changeset(previous, version).change_for_new)
        )
        self.later = [
            (_named(later), derived.changeset(version, later).change_for_old)
            for later in standard.versions
            if later.supersedes == version.name and later is not version
        ]
        self._kinds: dict[tuple[Any, ...], list[str]] = {}

    def of(self, criterion_id: str) -> dict[str, Any]:
        found: dict[str, Any] = {"previous": None, "next": []}
        if self.previous is not None:
            (name, status), change_for_new = self.previous
            change = change_for_new(criterion_id)
            if change is not None:
                found["previous"] = {
                    "version": name,
                    "status": status,
                    "ids": [c.id for c in change.old],
                    "kinds": self._kind_names(change.kinds),
                }
        for (name, status), change_for_old in self.later:
            change = change_for_old(criterion_id)
            if change is not None:
                found["next"].append(
                    {
                        "version": name,
                        "status": status,
                        "ids": [c.id for c in change.new],
                        "kinds": self._kind_names(change.kinds),
                    }
                )
        return found

    def _kind_names(self, kinds: tuple[Any, ...]) -> list[str]:
        names = self._kinds.get(kinds)
        if names is None:
            names = self._kinds[kinds] = [str(kind) for kind in kinds]
        return names


def _named(version: Version) -> tuple[str, str]:
    return version.name, str(version.status)


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
