"""Ordering versions and guidance editions by lineage (`supersedes`), then date, then name.

Folder names say nothing reliable about order (`Q4-2025` → `July-2026`, `rev4` → `rev5`,
`2025-02-25` → `2025-10-10`): the `supersedes` chain does. Each item comes after the one
it supersedes; among items whose predecessor is placed (or that have none), the earliest
date comes first, then the natural order of names. Items in a `supersedes` cycle are
placed last, in date and name order; `check` reports the cycle.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Callable, Sequence
from typing import TypeVar

from normkit.model.numbering import NumberKey, number_sort_key

Item = TypeVar("Item")

_UNDATED = datetime.date.max


natural_key = number_sort_key
"""`v2` < `v10`: names in the natural order of display numbers (the last tie-breaker)."""


def lineage_order(
    items: Sequence[Item],
    name: Callable[[Item], str],
    predecessor: Callable[[Item], str | None],
    date: Callable[[Item], datetime.date | None],
    rank: Callable[[Item], int] = lambda item: 0,
) -> list[Item]:
    """`items` oldest first: after their predecessors, then by `rank`, date and name.

    `rank` orders otherwise unrelated items first (a guidance edition by the position of the
    version it serves). Undated items come after dated ones among the candidates.
    """
    by_name: dict[str, int] = {}
    for index, item in enumerate(items):
        by_name.setdefault(name(item), index)
    successors: dict[int, list[int]] = {}
    waiting: set[int] = set()
    for index, item in enumerate(items):
        parent = by_name.get(predecessor(item) or "")
        if parent is not None and parent != index:
            successors.setdefault(parent, []).append(index)
            waiting.add(index)
        elif parent == index:
            waiting.add(index)  # supersedes itself: a cycle of one

    def key(index: int) -> tuple[int, datetime.date, NumberKey, int]:
        item = items[index]
        return (rank(item), date(item) or _UNDATED, natural_key(name(item)), index)

    ready = [key(index) for index in range(len(items)) if index not in waiting]
    heapq.heapify(ready)
    placed: list[int] = []
    while ready:
        index = heapq.heappop(ready)[-1]
        placed.append(index)
        for child in successors.get(index, []):
            heapq.heappush(ready, key(child))
    done = set(placed)
    stranded = sorted((i for i in range(len(items)) if i not in done), key=key)
    return [items[i] for i in (*placed, *stranded)]
