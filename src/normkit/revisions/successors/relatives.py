"""Where an old criterion's relatives went: its parent's successor, and that one's children.

A standard that numbers its criteria hierarchically (`5.3` → `5.3.1`, `AC-2` → `AC-2(3)`)
tends to fold a withdrawn child into what its parent became, or into one of the children
of that: a control enhancement into its base control, a sub-clause into its clause. The
hierarchy is each version's own (`structure.numbered_parents`); the bridge between the two
versions is the parent's successor as already found (a known pair, or its one-to-one link
and that link's confidence). Without numbers nothing here fires.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from normkit.model.records import record
from normkit.revisions.successors.items import Item
from normkit.revisions.successors.structure import numbered_parents

Successor = tuple[int, float]
"""A new criterion's position and how sure the link to it is."""


@record
class Relatives:
    """For each old criterion, where its parent went; for each new one, its children."""

    parent_went: dict[int, Successor]
    """Old position → the successor of its numbered parent."""
    children: dict[int, list[int]]
    """New position → the positions of its numbered children."""

    def parent(self, i: int, j: int) -> float:
        """How sure it is that `j` is what old criterion `i`'s parent became (0: it is not)."""
        went = self.parent_went.get(i)
        return went[1] if went is not None and went[0] == j else 0.0

    def candidates(self, i: int) -> list[int]:
        """What `i`'s parent became, and its children."""
        went = self.parent_went.get(i)
        return [] if went is None else [went[0], *self.children.get(went[0], [])]


def find_relatives(
    old: Sequence[Item], new: Sequence[Item], successors: Mapping[int, Successor]
) -> Relatives:
    """`successors`: old position → its one successor found so far (known or one-to-one)."""
    return Hierarchies(old, new).relatives(successors)


class Hierarchies:
    """Both versions' numbered parents, found once: relatives are asked for again as
    successors are found, and the numbering does not change meanwhile."""

    def __init__(self, old: Sequence[Item], new: Sequence[Item]) -> None:
        self.old_parent = numbered_parents(old)
        self.children: dict[int, list[int]] = {}
        for j, parent in enumerate(numbered_parents(new)):
            if parent is not None:
                self.children.setdefault(parent, []).append(j)

    def relatives(self, successors: Mapping[int, Successor]) -> Relatives:
        parent_went = {
            i: successors[parent]
            for i, parent in enumerate(self.old_parent)
            if parent is not None and parent in successors
        }
        return Relatives(parent_went=parent_went, children=self.children)
