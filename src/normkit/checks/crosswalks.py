"""Crosswalks: their standard, version and criteria exist, no entry is given twice, every
criterion has an entry, and no mapped criterion changed since the crosswalk's review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from normkit.derived import Derived
from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.standard import Version

if TYPE_CHECKING:
    from normkit.model.crosswalk import Crosswalk, CrosswalkEntry

LISTED = 12
"""Unmapped ids named in the coverage warning; the rest are counted."""


def check_crosswalks(derived: Derived) -> Iterator[Diagnostic]:
    corpus = derived.corpus
    if not corpus.crosswalks:
        return  # and the crosswalks' status (with the revisions' kinds) is not imported
    from normkit.crosswalks.status import later_changes, reviewed_version

    for crosswalk in corpus.crosswalks:
        standard = corpus.standard(crosswalk.standard)
        if standard is None:
            yield diagnostic(
                Code.CROSSWALK_STANDARD_UNKNOWN,
                crosswalk.located("standard"),
                f"crosswalk '{crosswalk.slug}' is for standard '{crosswalk.standard}', which "
                "the project does not have",
                did_you_mean(crosswalk.standard, [s.slug for s in corpus.standards]),
            )
            continue
        found = reviewed_version(corpus, crosswalk)
        if found is None:
            yield diagnostic(
                Code.CROSSWALK_STANDARD_UNKNOWN,
                crosswalk.located("reviewed_against"),
                f"{standard.slug} has no version '{crosswalk.reviewed_against}'",
                did_you_mean(crosswalk.reviewed_against, [v.name for v in standard.versions]),
            )
            continue
        _, version = found
        known = list(_entries_known(crosswalk, version))
        yield from _entry_problems(crosswalk, version)
        yield from _coverage(crosswalk, version)
        first: dict[str, CrosswalkEntry] = {}
        for entry in known:
            first.setdefault(entry.criterion_id, entry)
        for criterion_id, change in later_changes(derived, standard, version, first).items():
            later = change.version
            status = f" ({later.status})" if later.status.is_prerelease else ""
            yield diagnostic(
                Code.CROSSWALK_STALE,
                first[criterion_id].criterion_location,
                f"'{criterion_id}' changed in {later.key}{status} since this crosswalk was "
                f"reviewed against {version.name}: {change.summary}",
                "review its entries, then set reviewed_against",
            )


def _targets(version: Version) -> tuple[set[str], set[str]]:
    """(ids and `id.part`s of requirements, ids of withdrawn criteria)."""
    targets: set[str] = set()
    withdrawn: set[str] = set()
    for criterion in version.criteria():
        if criterion.is_withdrawn:
            withdrawn.add(criterion.id)
            continue
        targets.add(criterion.id)
        targets.update(f"{criterion.id}.{part.label}" for part in criterion.parts)
    return targets, withdrawn


def _entries_known(crosswalk: Crosswalk, version: Version) -> Iterator[CrosswalkEntry]:
    targets, _ = _targets(version)
    return (entry for entry in crosswalk.entries if entry.key in targets)


def _entry_problems(crosswalk: Crosswalk, version: Version) -> Iterator[Diagnostic]:
    targets, withdrawn = _targets(version)
    seen: dict[tuple[str, str], CrosswalkEntry] = {}
    for entry in crosswalk.entries:
        if entry.key not in targets:
            if entry.criterion_id in withdrawn:
                message = f"'{entry.criterion_id}' is withdrawn in {version.key}"
                hint = "map the criteria it went to instead"
            else:
                message = f"{version.key} has no criterion or part '{entry.key}'"
                hint = did_you_mean(entry.key, targets)
            yield diagnostic(
                Code.CROSSWALK_CRITERION_UNKNOWN, entry.criterion_location, message, hint
            )
            continue
        pair = (entry.key, entry.clause)
        if pair in seen and entry.clause:
            yield diagnostic(
                Code.CROSSWALK_DUPLICATE,
                entry.location,
                f"'{entry.key}' and clause '{entry.clause}' are already related at line "
                f"{seen[pair].location.line}",
            )
        seen.setdefault(pair, entry)


def _coverage(crosswalk: Crosswalk, version: Version) -> Iterator[Diagnostic]:
    if not crosswalk.complete:
        return  # an entry was malformed: which criteria it covers is not known
    from normkit.crosswalks.status import unmapped

    missing = unmapped(crosswalk, version)
    if not missing:
        return
    total = sum(1 for _ in version.active_criteria())
    named = ", ".join(c.id for c in missing[:LISTED])
    more = f" and {len(missing) - LISTED} more" if len(missing) > LISTED else ""
    yield diagnostic(
        Code.CROSSWALK_COVERAGE,
        crosswalk.located("entries"),
        f"{len(missing)} of {total} criteria of {version.key} have no entry in crosswalk "
        f"'{crosswalk.slug}': {named}{more}",
        "relate each to their clauses, or record it with relationship: no-relationship",
    )
