"""The criteria JSON one criterion at a time: a file per criterion and a JSON Lines file per
version, each criterion with where it came from and where it went (from the changesets).

`<standard>/<version>/criteria/<id>.json` and `<standard>/<version>.jsonl`, whose lines are
the criterion files without `$schema` (schema: `criterion.schema.json`).
"""

from __future__ import annotations

from typing import Any

from normkit.derived import Derived
from normkit.model.guidance import GuidanceEdition
from normkit.model.standard import Criterion, Standard, Version
from normkit.outputs.json.serialise import FORMAT_VERSION, criterion, criterion_translations


def _step(version: Version, ids: tuple[str, ...], kinds: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "version": version.name,
        "status": str(version.status),
        "ids": list(ids),
        "kinds": [str(kind) for kind in kinds],
    }


def lineage(
    derived: Derived, standard: Standard, version: Version, criterion_id: str
) -> dict[str, Any]:
    """The criterion's predecessors in the version this one supersedes, and its successors in
    each version that supersedes this one (a draft and the final text may both)."""
    previous = standard.version(version.supersedes) if version.supersedes else None
    found: dict[str, Any] = {"previous": None, "next": []}
    if previous is not None:
        change = derived.changeset(previous, version).change_for_new(criterion_id)
        if change is not None:
            found["previous"] = _step(previous, change.old_ids, change.kinds)
    for later in standard.versions:
        if later.supersedes != version.name or later is version:
            continue
        change = derived.changeset(version, later).change_for_old(criterion_id)
        if change is not None:
            found["next"].append(_step(later, change.new_ids, change.kinds))
    return found


def criterion_document(
    derived: Derived,
    standard: Standard,
    version: Version,
    edition: GuidanceEdition | None,
    value: Criterion,
    translated: list[Version] | None = None,
) -> dict[str, Any]:
    """One criterion's file (without `$schema`); with its translations, as in the version's
    file, when the version has any (`translated`: the version in each of its languages)."""
    entry = criterion(value, version, edition)
    if translated:
        entry["translations"] = criterion_translations(value.id, translated)
    return {
        "format_version": FORMAT_VERSION,
        "standard": standard.slug,
        "version": version.name,
        "version_title": version.title,
        "version_status": str(version.status),
        "criterion": entry,
        "lineage": lineage(derived, standard, version, value.id),
    }
