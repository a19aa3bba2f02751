"""Criteria followed across versions on the site: the switcher's targets, the notes under a
criterion ("Current: 5.3 in V3", "Removed in V3", "Formerly 5.7 in V2") and short addresses.

Everything here reads `CriterionLineage` (built from the changesets the diff computes) and
turns it into addresses of site pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normkit.derived import Derived
from normkit.model.standard import Criterion, Standard, Version
from normkit.outputs.site import urls
from normkit.revisions.changeset import ChangeKind
from normkit.revisions.criterion_lineage import CriterionLineage, criterion_lineage
from normkit.translations.labels import _

ID_ONLY = (ChangeKind.RENAMED, ChangeKind.RENUMBERED, ChangeKind.SPLIT, ChangeKind.MERGED)
"""Kinds that make a criterion's earlier number or id worth showing ("Formerly 5.7 in V2")."""


def short_name(version: Version) -> str:
    """`V3` for `v3`; other names as written."""
    return version.name.upper() if re.fullmatch(r"v\d+", version.name) else version.name


def reader_name(version: Version) -> str:
    """How a note names a version: `V3`, or the title when the name alone could be misread
    (`in 2023` reads as a year)."""
    return version.name.upper() if re.fullmatch(r"v\d+", version.name) else version.title


def standard_lineages(derived: Derived) -> dict[str, CriterionLineage]:
    """Each standard's criterion lineage, from the build's changeset of every version and the
    version it supersedes."""
    lineages: dict[str, CriterionLineage] = {}
    for standard in derived.corpus.standards:
        changesets = []
        for version in standard.versions:
            previous = standard.version(version.supersedes) if version.supersedes else None
            if previous is not None:
                changesets.append(derived.changeset(previous, version))
        order = (v.name for v in standard.versions)
        lineages[standard.slug] = criterion_lineage(standard.slug, order, changesets)
    return lineages


@dataclass(frozen=True, slots=True)
class Target:
    """A criterion on another page, as a link: the URL (relative to the page) and its label."""

    url: str
    label: str


def _criteria(version: Version, ids: tuple[str, ...]) -> list[Criterion]:
    found = [urls.find_criterion(version, i) for i in ids]
    return [c for c in found if c is not None]


def switch_targets(
    lineage: CriterionLineage | None, page: str, version: Version, criterion_id: str, other: Version
) -> list[Target]:
    """Where the switcher goes from a criterion of `version` to `other`: its counterparts
    there (several after a split), or the "What changed" entry of the version it was removed
    in; empty when the other version has nothing to show for it."""
    if other.name == version.name:
        return []
    trace = lineage.trace(version.name, criterion_id, other.name) if lineage else None
    if trace is None:
        same = urls.find_criterion(other, criterion_id)
        ids: tuple[str, ...] = (same.id,) if same else ()
    else:
        ids = trace.ids
    found = _criteria(other, ids)
    if found:
        return [
            Target(urls.relative(page, urls.criterion_page(other, c), c.id), c.label) for c in found
        ]
    if trace is not None and trace.gone_in == other.name and trace.last and other.supersedes:
        anchor = f"change-{trace.last[0]}"
        return [Target(urls.relative(page, urls.changes_page(other), anchor), _("What changed"))]
    return []


@dataclass(frozen=True, slots=True)
class Note:
    """A line under a criterion about the same requirement in another version."""

    kind: str
    """`current`, `withdrawn`, `removed` or `formerly`."""
    lead: str
    """The words before the links (`Current:`, `Formerly`, `Split from` …)."""
    links: tuple[Target, ...]
    """The criteria (or the What-changed entry) it names."""
    tail: str = ""
    """Words after the links (`in V3`)."""


def _earlier(
    lineage: CriterionLineage, standard: Standard, page: str, version: Version, criterion_id: str
) -> Note | None:
    """ "Formerly 5.7 in V2" (or "Split from", "Merged from") when the criterion had another
    number or id in the version this one supersedes."""
    came = lineage.predecessors(version.name, criterion_id)
    if came is None:
        return None
    previous_name, step = came
    previous = standard.version(previous_name)
    if previous is None or not step.ids or not set(step.kinds) & set(ID_ONLY):
        return None
    before = _criteria(previous, step.ids)
    if not before:
        return None
    lead = _("Formerly")
    if ChangeKind.SPLIT in step.kinds and len(before) == 1:
        lead = _("Split from")
    elif ChangeKind.MERGED in step.kinds:
        lead = _("Merged from")
    links = tuple(
        Target(urls.relative(page, urls.criterion_page(previous, c), c.id), c.number or c.label)
        for c in before
    )
    return Note("formerly", lead, links, _("in {version}").format(version=reader_name(previous)))


def _current(
    lineage: CriterionLineage, standard: Standard, page: str, version: Version, criterion_id: str
) -> Note | None:
    """For a version older than the one in force: where the requirement is now."""
    current = standard.latest_published
    names = [v.name for v in standard.versions]
    if current is None or version.name not in names:
        return None
    if names.index(version.name) >= names.index(current.name):
        return None
    trace = lineage.trace(version.name, criterion_id, current.name)
    if trace is None:
        return None
    found = _criteria(current, trace.ids)
    if found:
        links = tuple(
            Target(urls.relative(page, urls.criterion_page(current, c), c.id), c.label)
            for c in found
        )
        if all(c.is_withdrawn for c in found):
            lead = _("Withdrawn in {version}:").format(version=reader_name(current))
            return Note("withdrawn", lead, links)
        tail = _("in {version}").format(version=reader_name(current))
        return Note("current", _("Current:"), links, tail)
    gone = standard.version(trace.gone_in or "")
    if gone is None or not trace.last:
        return None
    url = urls.relative(page, urls.changes_page(gone), f"change-{trace.last[0]}")
    lead = _("Removed in {version} —").format(version=reader_name(gone))
    return Note("removed", lead, (Target(url, _("see what changed")),))


def criterion_notes(
    lineage: CriterionLineage | None,
    standard: Standard,
    page: str,
    version: Version,
    criterion: Criterion,
) -> list[Note]:
    """The lineage lines shown under a criterion's heading."""
    if lineage is None:
        return []
    notes = [
        _current(lineage, standard, page, version, criterion.id),
        _earlier(lineage, standard, page, version, criterion.id),
    ]
    return [note for note in notes if note is not None]


def short_targets(
    lineage: CriterionLineage | None, standard: Standard, criterion_id: str
) -> tuple[Version, list[Criterion]] | None:
    """Where `/c/<standard>/<id>/` leads: the criterion (or its successors) in the version in
    force, else the newest version that has it."""
    having = [v for v in reversed(standard.versions) if urls.find_criterion(v, criterion_id)]
    if not having:
        return None
    current = standard.latest_published or standard.versions[-1]
    if urls.find_criterion(current, criterion_id) is not None:
        return current, _criteria(current, (criterion_id,))
    names = [v.name for v in standard.versions]
    older = [v for v in having if names.index(v.name) < names.index(current.name)]
    start = older[0] if older else having[0]
    trace = lineage.trace(start.name, criterion_id, current.name) if lineage else None
    if trace is not None and trace.ids:
        return current, _criteria(current, trace.ids)
    return having[0], _criteria(having[0], (criterion_id,))
