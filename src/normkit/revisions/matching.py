"""Pairing criteria of two versions by stable id and by declared `replaces`."""

from __future__ import annotations

from normkit.model.records import record
from normkit.model.standard import Criterion


@record
class Group:
    """Criteria paired with each other; either side may be empty (added or removed)."""

    old: tuple[Criterion, ...]
    new: tuple[Criterion, ...]
    declared: bool
    """Whether `replaces` took part in the pairing."""


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def match_declared(old: list[Criterion], new: list[Criterion]) -> list[Group]:
    """Groups in new-version order, then removed criteria in old order.

    Same ids pair up; `replaces` joins old criteria to their successors. A same-id pair
    joins a `replaces` group when either side takes part in one, so `A → A + B` is a split
    and `A + B → A` a merge.
    """
    old_by_id = {c.id: c for c in old}
    new_by_id = {c.id: c for c in new}
    unique = len(old_by_id) == len(old) and len(new_by_id) == len(new)
    if unique and not any(replaced in old_by_id for c in new for replaced in c.replaces):
        return _by_id(old, new, old_by_id, new_by_id)
    sets = _UnionFind()
    declared: set[str] = set()
    for criterion in new:
        for replaced in criterion.replaces:
            if replaced in old_by_id:
                sets.union(f"new:{criterion.id}", f"old:{replaced}")
                declared.update({f"new:{criterion.id}", f"old:{replaced}"})
    for criterion_id in old_by_id.keys() & new_by_id.keys():
        sets.union(f"new:{criterion_id}", f"old:{criterion_id}")
    members: dict[str, tuple[list[Criterion], list[Criterion]]] = {}
    for criterion in old:
        members.setdefault(sets.find(f"old:{criterion.id}"), ([], []))[0].append(criterion)
    for criterion in new:
        members.setdefault(sets.find(f"new:{criterion.id}"), ([], []))[1].append(criterion)
    root_declared = {sets.find(node) for node in declared}
    groups: list[Group] = []
    seen: set[str] = set()
    nodes = [f"new:{c.id}" for c in new] + [f"old:{c.id}" for c in old]
    for node in nodes:
        root = sets.find(node)
        if root in seen:
            continue
        seen.add(root)
        old_side, new_side = members[root]
        groups.append(Group(tuple(old_side), tuple(new_side), root in root_declared))
    return groups


def _by_id(
    old: list[Criterion],
    new: list[Criterion],
    old_by_id: dict[str, Criterion],
    new_by_id: dict[str, Criterion],
) -> list[Group]:
    """`match_declared` where ids are unique on each side and no `replaces` names an old
    criterion (most pairs of versions): each new criterion with the old one of its id, then
    the removed ones; the same groups, without the union-find's keys and look-ups."""
    groups = []
    for criterion in new:
        found = old_by_id.get(criterion.id)
        groups.append(Group((found,) if found is not None else (), (criterion,), False))
    groups.extend(Group((c,), (), False) for c in old if c.id not in new_by_id)
    return groups
