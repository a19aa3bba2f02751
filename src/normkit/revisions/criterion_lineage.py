"""Where a criterion is in every other version of its standard, from the changesets.

The diff already pairs each version's criteria with those of the version it supersedes
(same id, declared `replaces`, splits and merges). Chained along the `supersedes` lineage,
those pairings say where any criterion went in any other version: renamed, split into
several, merged into one, withdrawn in place, or removed. The site's version switcher, its
short addresses and the notes on each criterion ("Current: 5.3 in V3", "formerly 5.7 in V2")
all read this one index; it reads nothing but the changesets and the versions' order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from normkit.model.records import record
from normkit.revisions.changeset import ChangeKind, Changeset

Key = tuple[str, str]
"""(version name, criterion id)."""


@record
class Step:
    """One criterion across one changeset: the ids it corresponds to on the other side."""

    ids: tuple[str, ...]
    """Ids on the other side, in that version's order; empty when it has none there."""
    kinds: tuple[ChangeKind, ...]
    """What the changeset says happened (`split`, `merged`, `renamed`, `removed` …)."""


@record
class Trace:
    """Where a criterion of one version is in another version."""

    version: str
    """The version looked in."""
    ids: tuple[str, ...]
    """Its counterparts there, in that version's order; several after a split or (looking
    back) a merge; empty when it does not exist there."""
    gone_in: str | None = None
    """When `ids` is empty: the version where the trail ended: the one it was removed in
    (looking forward) or added in (looking back)."""
    last: tuple[str, ...] = ()
    """When `ids` is empty: its ids in the last version on the way that had it."""
    kinds: tuple[ChangeKind, ...] = ()
    """Every kind of change met on the way, in order of first meeting, `unchanged` left out."""

    @property
    def found(self) -> bool:
        return bool(self.ids)


@dataclass(slots=True)
class CriterionLineage:
    """Every criterion of one standard followed across its versions."""

    standard: str
    """Slug of the standard."""
    order: tuple[str, ...]
    """Version names, oldest first (the standard's lineage order)."""
    forward: dict[Key, tuple[str, Step]] = field(default_factory=dict)
    """(version, id) → (the version that supersedes it, where the criterion went there)."""
    backward: dict[Key, tuple[str, Step]] = field(default_factory=dict)
    """(version, id) → (the version it supersedes, where the criterion came from there)."""
    _edges: dict[str, dict[str, bool]] = field(default_factory=dict)
    """version → neighbour → True when the neighbour is its successor."""

    def add(self, changeset: Changeset) -> None:
        old, new = changeset.old, changeset.new
        self._edges.setdefault(old, {})[new] = True
        self._edges.setdefault(new, {})[old] = False
        for change in changeset.changes:
            kinds = tuple(k for k in change.kinds if k is not ChangeKind.UNCHANGED)
            for criterion_id in change.old_ids:
                self.forward[(old, criterion_id)] = (new, Step(change.new_ids, kinds))
            for criterion_id in change.new_ids:
                self.backward[(new, criterion_id)] = (old, Step(change.old_ids, kinds))

    def _path(self, start: str, goal: str) -> list[tuple[str, bool]] | None:
        """The versions from `start` to `goal` along supersedes links: (version, forward)."""
        if start == goal:
            return []
        previous: dict[str, tuple[str, bool]] = {}
        queue = [start]
        seen = {start}
        while queue:
            here = queue.pop(0)
            for neighbour, is_forward in sorted(self._edges.get(here, {}).items()):
                if neighbour in seen:
                    continue
                seen.add(neighbour)
                previous[neighbour] = (here, is_forward)
                if neighbour == goal:
                    path: list[tuple[str, bool]] = []
                    node = goal
                    while node != start:
                        parent, step_forward = previous[node]
                        path.append((node, step_forward))
                        node = parent
                    return list(reversed(path))
                queue.append(neighbour)
        return None

    def trace(self, version: str, criterion_id: str, target: str) -> Trace | None:
        """Where `criterion_id` of `version` is in `target`; None when the two versions are
        not connected by `supersedes` (or the criterion is unknown to the changesets)."""
        path = self._path(version, target)
        if path is None:
            return None
        ids: tuple[str, ...] = (criterion_id,)
        here = version
        kinds: list[ChangeKind] = []
        for there, is_forward in path:
            table = self.forward if is_forward else self.backward
            found: list[str] = []
            for current in ids:
                entry = table.get((here, current))
                if entry is None:
                    return None
                for kind in entry[1].kinds:
                    if kind not in kinds:
                        kinds.append(kind)
                found.extend(i for i in entry[1].ids if i not in found)
            if not found:
                gone_in = there if is_forward else here
                return Trace(target, (), gone_in=gone_in, kinds=tuple(kinds), last=ids)
            ids, here = tuple(found), there
        return Trace(target, ids, kinds=tuple(kinds))

    def predecessors(self, version: str, criterion_id: str) -> tuple[str, Step] | None:
        """Where the criterion came from in the version this one supersedes."""
        return self.backward.get((version, criterion_id))

    def successors(self, version: str, criterion_id: str) -> tuple[str, Step] | None:
        """Where the criterion went in the version that supersedes this one."""
        return self.forward.get((version, criterion_id))


def criterion_lineage(
    standard: str, order: Iterable[str], changesets: Iterable[Changeset]
) -> CriterionLineage:
    """The lineage of one standard from the changesets of each version and its predecessor."""
    lineage = CriterionLineage(standard=standard, order=tuple(order))
    for changeset in changesets:
        if changeset.standard == standard:
            lineage.add(changeset)
    return lineage
