"""Comparing a changeset with the changes a version says it intends (`changes.yml` data)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from normkit.revisions.changeset import Changeset

Key = tuple[tuple[str, ...], tuple[str, ...]]


def _found(changeset: Changeset) -> dict[Key, tuple[set[str], set[str]]]:
    found: dict[Key, tuple[set[str], set[str]]] = {}
    for change in changeset.changed:
        key = (tuple(sorted(change.old_ids)), tuple(sorted(change.new_ids)))
        found[key] = ({str(k) for k in change.kinds}, {f.name for f in change.fields})
    return found


def _describe(key: Key) -> str:
    old, new = key
    return f"old {list(old)} → new {list(new)}"


def discrepancies(changeset: Changeset, intended: Mapping[str, Any]) -> list[str]:
    """Each intended change not found exactly, and each change found but not intended.

    `intended` is the parsed `changes.yml`: `from`, `criteria` (`kinds`, `old`, `new`,
    `fields`) and `terms` (`kind`, `term`). An empty list means they agree.
    """
    problems: list[str] = []
    if intended.get("from") not in (None, changeset.old):
        problems.append(f"changes.yml is from {intended.get('from')}, diff is from {changeset.old}")
    found = _found(changeset)
    listed: set[Key] = set()
    for entry in intended.get("criteria") or []:
        key = (tuple(sorted(entry.get("old") or [])), tuple(sorted(entry.get("new") or [])))
        listed.add(key)
        kinds = {str(k) for k in entry.get("kinds") or []}
        fields = {str(f) for f in entry.get("fields") or []}
        if key not in found:
            problems.append(f"intended {sorted(kinds)} {_describe(key)}: not found")
            continue
        found_kinds, found_fields = found[key]
        if found_kinds != kinds:
            problems.append(
                f"{_describe(key)}: intended {sorted(kinds)}, found {sorted(found_kinds)}"
            )
        if "metadata-changed" in kinds and fields and fields != found_fields:
            problems.append(
                f"{_describe(key)}: intended fields {sorted(fields)}, found {sorted(found_fields)}"
            )
    for key, (kinds, _fields) in found.items():
        if key not in listed:
            problems.append(f"found {sorted(kinds)} {_describe(key)}: not listed as intended")
    intended_terms = {(str(t.get("kind")), str(t.get("term"))) for t in intended.get("terms") or []}
    found_terms = {(str(t.kind), t.term) for t in changeset.terms}
    for kind, term in sorted(intended_terms - found_terms):
        problems.append(f"intended term change {kind} '{term}': not found")
    for kind, term in sorted(found_terms - intended_terms):
        problems.append(f"found term change {kind} '{term}': not listed as intended")
    return problems
