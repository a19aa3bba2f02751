"""Comparing a changeset with the changes a version says it intends (`changes.yml`)."""

from __future__ import annotations

from normkit.model.location import Location
from normkit.model.records import record
from normkit.model.standard import IntendedChanges
from normkit.revisions.changeset import Changeset

Key = tuple[tuple[str, ...], tuple[str, ...]]


@record
class Discrepancy:
    """One difference between `changes.yml` and the diff, where it should be fixed."""

    location: Location
    message: str


Found = tuple[set[str], set[str], set[str]]
"""Kinds, names of changed fields, and where a withdrawn criterion went."""


def _found(changeset: Changeset) -> dict[Key, Found]:
    found: dict[Key, Found] = {}
    for change in changeset.changed:
        key = (tuple(sorted(change.old_ids)), tuple(sorted(change.new_ids)))
        found[key] = (
            {str(k) for k in change.kinds},
            {f.name for f in change.fields},
            {t.key for t in change.withdrawn_to}
            | {s.written for s in change.withdrawn_to_sections},
        )
    return found


def _words(items: set[str] | tuple[str, ...]) -> str:
    return ", ".join(sorted(items)) or "none"


def describe(key: Key) -> str:
    """`ghg-targets`, `ghg-plan → ghg-targets`, `(none) → water-x` …"""
    old, new = key
    if old == new:
        return ", ".join(old)
    return f"{', '.join(old) or '(none)'} → {', '.join(new) or '(none)'}"


def discrepancies(changeset: Changeset, intended: IntendedChanges) -> list[Discrepancy]:
    """Each intended change not found exactly (at its entry), and each change found but not
    intended (at the file). An empty list means they agree.

    When an entry of `changes.yml` is malformed (and reported), changes it might have listed
    are not reported as unlisted: one bad entry gives one diagnostic.
    """
    problems: list[Discrepancy] = []
    if intended.from_version not in (None, changeset.old):
        problems.append(
            Discrepancy(
                intended.from_location,
                f"changes.yml counts from {intended.from_version}, the diff from {changeset.old}",
            )
        )
    found = _found(changeset)
    listed: set[Key] = set()
    for entry in intended.criteria:
        key = (tuple(sorted(entry.old)), tuple(sorted(entry.new)))
        listed.add(key)
        kinds = set(entry.kinds)
        if key not in found:
            problems.append(
                Discrepancy(
                    entry.location, f"intended {_words(kinds)} of {describe(key)}: not found"
                )
            )
            continue
        found_kinds, found_fields, found_targets = found[key]
        if found_kinds != kinds:
            problems.append(
                Discrepancy(
                    entry.location,
                    f"{describe(key)}: intended {_words(kinds)}, found {_words(found_kinds)}",
                )
            )
        if "metadata-changed" in kinds and entry.fields and set(entry.fields) != found_fields:
            problems.append(
                Discrepancy(
                    entry.location,
                    f"{describe(key)}: intended fields {_words(entry.fields)}, "
                    f"found {_words(found_fields)}",
                )
            )
        targets = entry.withdrawn_to
        if "withdrawn" in kinds and targets is not None and set(targets) != found_targets:
            problems.append(
                Discrepancy(
                    entry.location,
                    f"{describe(key)}: intended withdrawn to {_words(targets)}, "
                    f"found {_words(found_targets)}",
                )
            )
    if intended.complete:
        for key, (kinds, _fields, _targets) in found.items():
            if key not in listed:
                problems.append(
                    Discrepancy(
                        intended.location,
                        f"found {_words(kinds)} of {describe(key)}: not listed as intended",
                    )
                )
    problems.extend(
        _named(
            "term change",
            {(str(t.kind), t.term) for t in changeset.terms},
            [(t.kind, t.term, t.location) for t in intended.terms],
            intended,
        )
    )
    problems.extend(
        _named(
            "field change",
            {(str(d.kind), d.name) for d in changeset.field_declarations},
            [(f.kind, f.field, f.location) for f in intended.fields],
            intended,
        )
    )
    return problems


def _named(
    what: str,
    found: set[tuple[str, str]],
    listed: list[tuple[str, str, Location]],
    intended: IntendedChanges,
) -> list[Discrepancy]:
    """Glossary or field-declaration changes: (kind, name) pairs listed against found."""
    problems = [
        Discrepancy(location, f"intended {what} {kind} '{name}': not found")
        for kind, name, location in listed
        if (kind, name) not in found
    ]
    if intended.complete:
        said = {(kind, name) for kind, name, _ in listed}
        problems.extend(
            Discrepancy(intended.location, f"found {what} {kind} '{name}': not listed as intended")
            for kind, name in sorted(found - said)
        )
    return problems
