"""Successor suggestions on the hand-made hard cases, ids stripped: the kinds found."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from normkit.pipeline import check_project
from normkit.revisions.successors import DEFAULT_CONFIDENCE, Lineage, SuccessorKind
from normkit.revisions.successors.engine import suggest_successors
from normkit.revisions.successors.items import version_items

CASES = Path(__file__).resolve().parent / "lineage_cases"


@pytest.fixture(scope="module")
def lineage() -> Lineage:
    """harbour v1 → v2 with every v1 id replaced by `old-<n>` (so no id or `replaces`
    pairs anything), keys mapped back to v1's ids afterwards."""
    corpus = check_project(CASES).corpus
    v1, v2 = corpus.version("harbour", "v1"), corpus.version("harbour", "v2")
    assert v1 is not None and v2 is not None
    old = version_items(v1)
    stripped = [dataclasses.replace(item, key=f"old-{n}") for n, item in enumerate(old)]
    original = {f"old-{n}": item.key for n, item in enumerate(old)}
    found = suggest_successors(stripped, version_items(v2))
    return Lineage(
        links=tuple(dataclasses.replace(s, old_id=original[s.old_id]) for s in found.links),
        dropped=tuple(dataclasses.replace(d, old_id=original[d.old_id]) for d in found.dropped),
    )


def confident(lineage: Lineage) -> dict[tuple[str, str], SuccessorKind]:
    return {
        (s.old_id, s.new_id): s.kind for s in lineage.links if s.confidence >= DEFAULT_CONFIDENCE
    }


def test_a_criterion_split_in_two(lineage: Lineage) -> None:
    found = confident(lineage)
    assert found[("waste-management", "waste-segregation")] is SuccessorKind.SPLIT
    assert found[("waste-management", "waste-register")] is SuccessorKind.SPLIT


def test_three_merged_into_one(lineage: Lineage) -> None:
    found = confident(lineage)
    for old_id in ("noise-monitoring", "dust-monitoring", "vibration-monitoring"):
        assert found[(old_id, "nuisance-monitoring")] is SuccessorKind.MERGE


def test_a_small_criterion_covered_by_a_broader_one(lineage: Lineage) -> None:
    found = confident(lineage)
    assert found[("spill-kits", "emergency-preparedness")] is SuccessorKind.COVERED_BY
    assert found[("emergency-plan", "emergency-preparedness")] is SuccessorKind.ONE_TO_ONE


def test_a_reworded_criterion_moved_to_another_principle(lineage: Lineage) -> None:
    (link,) = [s for s in lineage.links if s.old_id == "grievance-mechanism"][:1]
    assert (link.new_id, link.kind) == ("complaints-procedure", SuccessorKind.ONE_TO_ONE)
    assert link.confidence >= DEFAULT_CONFIDENCE
    assert set(link.changes) == {"moved", "reworded", "retitled"}


def test_near_duplicates_in_different_principles_keep_their_principle(lineage: Lineage) -> None:
    found = confident(lineage)
    for criterion_id in ("worker-training-records", "contractor-training-records"):
        assert found[(criterion_id, criterion_id)] is SuccessorKind.ONE_TO_ONE
    assert ("worker-training-records", "contractor-training-records") not in found
    assert ("contractor-training-records", "worker-training-records") not in found


def test_a_dropped_criterion_has_no_successor(lineage: Lineage) -> None:
    assert [d.old_id for d in lineage.dropped] == ["fax-notifications"]
    assert lineage.dropped[0].confidence >= 0.9


def test_nothing_wrong_at_the_default_confidence(lineage: Lineage) -> None:
    corpus = check_project(CASES).corpus
    v2 = corpus.version("harbour", "v2")
    assert v2 is not None
    declared = {(old_id, c.id) for c in v2.criteria() for old_id in (*c.replaces, c.id)}
    assert set(confident(lineage)) <= declared
    assert len(confident(lineage)) == 13


def test_links_below_the_confidence_asked_for_are_still_listed(lineage: Lineage) -> None:
    """Every candidate comes back, so a lower `--min-confidence` needs no second run."""
    assert any(s.confidence < DEFAULT_CONFIDENCE for s in lineage.links)
    confidences = [s.confidence for s in lineage.links]
    assert confidences == sorted(confidences, reverse=True)
