"""OSCAL mapping collections (the OSCAL 1.2 mapping model): how the criteria of one version
became those of the next, from the changeset; and how they relate to another scheme's
clauses, from a crosswalk.

Each map reads "source <relationship> target", with NIST IR 8477's set-theory relationships:
a criterion kept as it was (or only renumbered, moved, edited or re-tagged) is `equal-to`
its successor, one whose text changed `intersects-with` it, a split criterion is a
`superset-of` each of its parts, each criterion merged into another a `subset-of` the
merged one, and a withdrawn criterion a `subset-of` the criteria it was incorporated into
(`equal-to` them when it was moved as it was). Criteria removed, and criteria added, are
the gap summaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from normkit.crosswalks.status import unmapped
from normkit.crosswalks.table import CrosswalkTable
from normkit.model.standard import Criterion, Reference, Standard, Version, Withdrawal
from normkit.outputs.oscal.identity import (
    OSCAL_VERSION,
    control_id,
    document_uuid,
    item_id,
    last_modified,
    object_uuid,
    one_line,
    timestamp,
)
from normkit.revisions import ChangeKind, Changeset, CriterionChange

SAME_REQUIREMENT = frozenset(
    {
        ChangeKind.UNCHANGED,
        ChangeKind.EDITORIAL,
        ChangeKind.RENUMBERED,
        ChangeKind.MOVED,
        ChangeKind.METADATA_CHANGED,
        ChangeKind.RENAMED,
    }
)
"""Kinds that leave a requirement's text as it was."""


def mapping_item(criterion_id: str, part: str | None = None) -> dict[str, str]:
    """A map's source or target: a control, or a statement item (`ac-2_smt.b`)."""
    if part:
        return {"type": "statement", "id-ref": item_id(criterion_id, part)}
    return {"type": "control", "id-ref": control_id(criterion_id)}


def gap_summary(uuid: str, ids: Iterable[str]) -> dict[str, Any] | None:
    controls = sorted(dict.fromkeys(control_id(i) for i in ids))
    if not controls:
        return None
    return {"uuid": uuid, "unmapped-controls": [{"with-ids": controls}]}


class _Maps:
    """The maps of one version pair, collected change by change."""

    def __init__(self, standard: Standard, changeset: Changeset) -> None:
        self.standard = standard
        self.changeset = changeset
        self.maps: list[dict[str, Any]] = []
        self.unmapped_sources: list[str] = []
        self.unmapped_targets: list[str] = []

    def add(
        self,
        change: CriterionChange,
        relationship: str,
        sources: list[dict[str, str]],
        targets: list[dict[str, str]],
        remarks: str = "",
    ) -> None:
        names = [item["id-ref"] for item in (*sources, *targets)]
        entry: dict[str, Any] = {
            "uuid": object_uuid(
                self.standard, "map", self.changeset.old, self.changeset.new, *names
            ),
            "relationship": relationship,
            "sources": sources,
            "targets": targets,
            "props": [
                {"name": "change", "ns": self.standard.namespace, "value": str(kind)}
                for kind in change.kinds
            ],
        }
        if remarks:
            entry["remarks"] = remarks
        self.maps.append(entry)

    def change(self, change: CriterionChange) -> None:
        kinds = set(change.kinds)
        if change.old and all(c.is_withdrawn for c in change.old):
            return  # a record in both versions, not a requirement in either
        if ChangeKind.ADDED in kinds:
            self.unmapped_targets.extend(change.new_ids)
        elif ChangeKind.REMOVED in kinds:
            self.unmapped_sources.extend(change.old_ids)
        elif ChangeKind.WITHDRAWN in kinds:
            self.withdrawn(change, change.old[0], change.new[0])
        elif ChangeKind.SPLIT in kinds:
            for new in change.new:
                self.add(
                    change,
                    "superset-of",
                    [mapping_item(change.old[0].id)],
                    [mapping_item(new.id)],
                    f"{_name(change.old[0])} was split into {_names(change.new)}.",
                )
        elif ChangeKind.MERGED in kinds:
            for old in change.old:
                self.add(
                    change,
                    "subset-of",
                    [mapping_item(old.id)],
                    [mapping_item(change.new[0].id)],
                    f"{_names(change.old)} were merged into {_name(change.new[0])}.",
                )
        else:
            same = kinds <= SAME_REQUIREMENT
            remarks = (
                f"Renamed from {change.old[0].id} to {change.new[0].id}."
                if ChangeKind.RENAMED in kinds
                else ""
            )
            self.add(
                change,
                "equal-to" if same else "intersects-with",
                [mapping_item(change.old[0].id)],
                [mapping_item(change.new[0].id)],
                remarks,
            )

    def withdrawn(self, change: CriterionChange, old: Criterion, new: Criterion) -> None:
        targets = [mapping_item(t.criterion_id, t.part) for t in new.withdrawn_to]
        if not targets:
            self.unmapped_sources.append(old.id)
            return
        moved = new.withdrawn_as is Withdrawal.MOVED
        self.add(
            change,
            "equal-to" if moved else "subset-of",
            [mapping_item(old.id)],
            targets,
            f"{_name(old)} was withdrawn and {new.withdrawn_as.phrase} "
            f"{_references(new.withdrawn_to)}.",
        )


def _name(criterion: Criterion) -> str:
    return one_line(f"{criterion.number} {criterion.id}")


def _names(criteria: Iterable[Criterion]) -> str:
    return ", ".join(_name(c) for c in criteria)


def _references(references: Iterable[Reference]) -> str:
    return ", ".join(r.key for r in references)


def version_mapping(
    standard: Standard, old: Version, new: Version, changeset: Changeset
) -> dict[str, Any]:
    """The mapping collection from `old`'s criteria to `new`'s."""
    collected = _Maps(standard, changeset)
    for change in changeset.changes:
        collected.change(change)
    pair = f"{old.name}..{new.name}"
    mapping: dict[str, Any] = {
        "uuid": object_uuid(standard, "mapping", pair),
        "source-resource": {"type": "catalog", "href": f"../{old.name}/catalog.json"},
        "target-resource": {"type": "catalog", "href": f"../{new.name}/catalog.json"},
        "maps": collected.maps,
    }
    for key, ids in (
        ("source-gap-summary", collected.unmapped_sources),
        ("target-gap-summary", collected.unmapped_targets),
    ):
        summary = gap_summary(object_uuid(standard, key, pair), ids)
        if summary is not None:
            mapping[key] = summary
    body: dict[str, Any] = {
        "metadata": {
            "title": f"{one_line(old.title)} → {one_line(new.title)}",
            "last-modified": last_modified(new),
            "version": pair,
            "oscal-version": OSCAL_VERSION,
        },
        "provenance": {
            "method": "hybrid",
            "matching-rationale": "syntactic",
            "status": "complete",
            "mapping-description": (
                f"How the criteria of {one_line(old.title)} became those of "
                f"{one_line(new.title)}: criteria are paired by their stable ids and by the "
                "`replaces` and `withdrawn_to` their authors declared, and each pair is "
                "related by what changed in its text."
            ),
        },
        "mappings": [mapping],
    }
    return {"mapping-collection": {"uuid": document_uuid(standard, "mapping", pair, body), **body}}


def crosswalk_mapping(table: CrosswalkTable) -> dict[str, Any] | None:
    """A crosswalk as a mapping collection from our catalog to the other scheme (a
    back-matter resource); None when no entry relates a criterion to a clause."""
    crosswalk, standard, version = table.crosswalk, table.standard, table.version
    scheme = crosswalk.scheme
    scheme_uuid = object_uuid(standard, "scheme", crosswalk.slug)
    maps = []
    gaps: list[str] = [c.id for c in unmapped(crosswalk, version)]
    for entry, _ in table.rows:
        if not entry.clause:
            gaps.append(entry.criterion_id)
            continue
        target: dict[str, Any] = {"type": "control", "id-ref": entry.clause}
        if one_line(entry.clause_title):
            target["props"] = [
                {"name": "title", "ns": standard.namespace, "value": one_line(entry.clause_title)}
            ]
        found: dict[str, Any] = {
            "uuid": object_uuid(standard, "crosswalk", crosswalk.slug, entry.key, entry.clause),
            "relationship": entry.relationship.oscal,
            "sources": [mapping_item(entry.criterion_id, entry.part)],
            "targets": [target],
        }
        if entry.note.strip():
            found["remarks"] = entry.note.strip()
        maps.append(found)
    if not maps:
        return None
    mapping: dict[str, Any] = {
        "uuid": object_uuid(standard, "mapping", "crosswalk", crosswalk.slug),
        "source-resource": {
            "type": "catalog",
            "href": f"../{standard.slug}/{version.name}/catalog.json",
        },
        "target-resource": {"type": "catalog", "href": f"#{scheme_uuid}"},
        "maps": maps,
    }
    gap = gap_summary(object_uuid(standard, "gaps", crosswalk.slug), gaps)
    if gap is not None:
        mapping["source-gap-summary"] = gap
    title = f"{one_line(version.title)} → {one_line(scheme.title)} {one_line(scheme.version)}"
    resource: dict[str, Any] = {"uuid": scheme_uuid, "title": one_line(scheme.title)}
    props = [
        {"name": name, "ns": standard.namespace, "value": one_line(value)}
        for name, value in (
            ("version", scheme.version),
            ("owner", scheme.owner),
            ("licence", scheme.licence),
        )
        if one_line(value)
    ]
    if props:
        resource["props"] = props
    if scheme.url:
        resource["rlinks"] = [{"href": scheme.url}]
    metadata: dict[str, Any] = {
        "title": title.strip(),
        "last-modified": timestamp(crosswalk.reviewed or version.published),
        "version": version.name,
        "oscal-version": OSCAL_VERSION,
    }
    if crosswalk.description.strip():
        metadata["remarks"] = crosswalk.description.strip()
    body: dict[str, Any] = {
        "metadata": metadata,
        "provenance": {
            "method": "human",
            "matching-rationale": "semantic",
            "status": "not-complete" if unmapped(crosswalk, version) else "complete",
            "mapping-description": (
                f"How the criteria of {one_line(version.title)} relate to the clauses of "
                f"{one_line(scheme.title)}, as reviewed against {version.name}: each map reads "
                "our criterion <relationship> their clause (NIST IR 8477)."
            ),
        },
        "mappings": [mapping],
        "back-matter": {"resources": [resource]},
    }
    uuid = document_uuid(standard, "crosswalk", crosswalk.slug, body)
    return {"mapping-collection": {"uuid": uuid, **body}}
