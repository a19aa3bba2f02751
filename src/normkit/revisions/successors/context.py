"""Where an old criterion's surroundings went: section and neighbourhood priors.

Criteria move with their section more often than alone, and keep their place among their
neighbours. Given pairs already known (stable ids, `replaces`, confident matches), an old
criterion's likely place in the new version is: the new sections its section's other
criteria went to, and the stretch between where its nearest known neighbours went.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from normkit.revisions.successors.evidence import Matrix
from normkit.revisions.successors.items import Item


def _section(item: Item) -> tuple[str, ...]:
    return item.sections


def section_prior(
    rows: Sequence[Item], old: Sequence[Item], new: Sequence[Item], anchors: Mapping[int, int]
) -> Matrix:
    """For each old criterion of `rows`: the share of its section's known criteria that went
    to each new criterion's section (the same section title when none is known yet)."""
    went: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)
    for i, j in anchors.items():
        went[_section(old[i])][_section(new[j])] += 1
    names = sorted({_section(item) for item in new})
    number = {name: k for k, name in enumerate(names)}
    new_sections = np.array([number[_section(item)] for item in new], dtype=int)
    shares: dict[tuple[str, ...], np.ndarray] = {}
    prior = np.zeros((len(rows), len(new)))
    for i, item in enumerate(rows):
        section = _section(item)
        if section not in shares:
            share = np.zeros(len(names))
            counts = went.get(section)
            if counts:
                total = sum(counts.values())
                for name, count in counts.items():
                    share[number[name]] = count / total
            else:
                for name in names:
                    share[number[name]] = float(name[-1:] == section[-1:])
            shares[section] = share
        prior[i] = shares[section][new_sections]
    return prior


def neighbour_prior(rows: Sequence[int], new_count: int, anchors: Mapping[int, int]) -> Matrix:
    """For old criteria at positions `rows` of their version: 1 where the new criterion lies
    between the new places of the nearest known neighbours (before and after, in document
    order), falling off with the distance outside that span."""
    prior = np.zeros((len(rows), new_count))
    if not anchors:
        return prior
    known = sorted(anchors)
    positions = np.arange(new_count)
    for row, i in enumerate(rows):
        at = int(np.searchsorted(known, i))
        before = anchors[known[at - 1]] if at > 0 else -1
        after_index = at + 1 if at < len(known) and known[at] == i else at
        after = anchors[known[after_index]] if after_index < len(known) else new_count
        low, high = min(before, after), max(before, after)
        distance = np.maximum(low - positions, 0) + np.maximum(positions - high, 0)
        prior[row] = 1.0 / (1.0 + distance / 3.0)
    return prior
