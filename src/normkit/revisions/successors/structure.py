"""A version's hierarchy of criteria, from its declared numbering alone.

A criterion whose number extends another's is its child: `5.3.1` under `5.3`, `AC-2(3)`
under `AC-2`, `4.2b` under `4.2`. Numbers are cut into runs of digits and runs of letters
(`AC-2(3)` → `ac`, `2`, `3`); the parent is the criterion whose runs are the longest proper
prefix of the child's. Nothing here knows a numbering scheme: `AC-20` does not extend `AC-2`
(its second run is `20`), and a version without numbers has no hierarchy. Numbers are only
ever compared within one version.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from normkit.revisions.successors.items import Item

RUN = re.compile(r"\d+|[^\W\d_]+")


def number_path(number: str) -> tuple[str, ...]:
    """The number's runs of digits and of letters, case-folded; leading zeros dropped."""
    return tuple(
        run.lstrip("0") or "0" if run.isdigit() else run for run in RUN.findall(number.casefold())
    )


def numbered_parents(items: Sequence[Item]) -> list[int | None]:
    """For each item, the position of the item its number extends (None: none does)."""
    position: dict[tuple[str, ...], int] = {}
    for index, item in enumerate(items):
        path = number_path(item.number)
        if path:
            position.setdefault(path, index)
    parents: list[int | None] = []
    for item in items:
        path = number_path(item.number)
        found = None
        for length in range(len(path) - 1, 0, -1):
            found = position.get(path[:length])
            if found is not None:
                break
        parents.append(found)
    return parents
