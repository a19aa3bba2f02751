"""Links between old and new criteria, and the kind each link's group makes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from enum import StrEnum

from normkit.model.records import record

DEFAULT_CONFIDENCE = 0.5
"""Lowest confidence `normkit diff` lists and the diff outputs show: a confidence reads as
the probability that the link is right, and a link shown is likelier right than wrong. On
the benchmark, the links of criteria that lost their id are 0.95 right at it
(`benchmarks/lineage.py`, docs/lineage.md)."""


class SuccessorKind(StrEnum):
    """How an old criterion lives on in the new version."""

    ONE_TO_ONE = "one-to-one"
    """One old, one new: the same criterion, perhaps moved, reworded or retitled."""
    SPLIT = "split"
    """One old criterion into several new ones."""
    MERGE = "merge"
    """Several old criteria into one new one that they make up together."""
    COVERED_BY = "covered-by"
    """An old criterion contained in a broader new one that says more."""
    NO_SUCCESSOR = "no-successor"
    """Nothing in the new version says what the old criterion said."""


class Origin(StrEnum):
    """Which evidence proposed a link (it decides the kind together with the group's shape)."""

    SAME = "same"
    """The global one-to-one assignment."""
    OLD_INSIDE = "old-inside"
    """The old criterion is inside the new one."""
    NEW_INSIDE = "new-inside"
    """The new criterion is inside the old one."""


@record(kw_only=True)
class Suggestion:
    """A proposed successor: `new_id` succeeds `old_id` (in part or whole)."""

    old_id: str
    """Id in the old version."""
    new_id: str
    """Id in the new version."""
    kind: SuccessorKind
    """What the link's group is, among the links kept at the same confidence."""
    confidence: float
    """0–1: how sure the link is."""
    origin: Origin
    """Which evidence proposed it."""
    text_similarity: float
    """TF-IDF cosine of the two texts, 0–1."""
    title_similarity: float
    """Similarity of the titles, 0–1."""
    old_in_new: float
    """Share of the old criterion's words and sentences found in the new one, 0–1."""
    new_in_old: float
    """Share of the new criterion's words and sentences found in the old one, 0–1."""
    same_section: bool
    """Whether the innermost enclosing section titles are the same."""
    changes: tuple[str, ...] = ()
    """For one-to-one: `moved` (another section), `reworded`, `retitled`."""


@record(kw_only=True)
class Dropped:
    """An old criterion with no successor at the confidence asked for."""

    old_id: str
    """Id in the old version."""
    confidence: float
    """0–1: how sure it is that nothing succeeds it (1 minus its best link's confidence)."""


MADE_UP = 0.75
"""Share of a new criterion that its predecessors must say between them, and none alone, for
a merge. Below it the new criterion says more than they did; and where one predecessor
already says it all (a base criterion that absorbed a narrower one), that one is its
one-to-one and the others are covered by it."""
BROADER = 0.5
"""A lone old criterion inside a new one of which it says less than this is covered by it."""


def classify(links: Iterable[Suggestion]) -> tuple[Suggestion, ...]:
    """Each link's kind from its group's shape: an old criterion with several successors is
    split; a new one with several predecessors is a merge when they make it up together
    and none alone, else its main predecessor is one-to-one and the others are covered by
    it; a lone pair is one-to-one, or covered-by when the old one is only a small part of
    the new one."""
    kept = list(links)
    successors = Counter(link.old_id for link in kept)
    predecessors: dict[str, list[Suggestion]] = defaultdict(list)
    for link in kept:
        predecessors[link.new_id].append(link)
    result: list[Suggestion] = []
    for link in kept:
        group = predecessors[link.new_id]
        if successors[link.old_id] > 1:
            kind = SuccessorKind.SPLIT
        elif len(group) > 1:
            main = max(group, key=lambda other: (other.new_in_old, other.old_id))
            together = sum(other.new_in_old for other in group)
            if together >= MADE_UP and main.new_in_old < MADE_UP:
                kind = SuccessorKind.MERGE
            elif link is main:
                kind = SuccessorKind.ONE_TO_ONE
            else:
                kind = SuccessorKind.COVERED_BY
        elif link.origin is Origin.OLD_INSIDE and link.new_in_old < BROADER:
            kind = SuccessorKind.COVERED_BY
        else:
            kind = SuccessorKind.ONE_TO_ONE
        result.append(replace(link, kind=kind))
    return tuple(result)


@record
class Lineage:
    """Candidate successors of old criteria, each with a confidence."""

    links: tuple[Suggestion, ...]
    """Every candidate link, most confident first; kinds as found among the links at the
    confidence asked for (and, separately, among those below it)."""
    dropped: tuple[Dropped, ...]
    """Old criteria with no link at the confidence asked for."""
