"""Similarity suggestions: with every old id replaced, they recover the intended matches."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from normkit.model.standard import Version
from normkit.pipeline import check_project
from normkit.revisions import DEFAULT_CONFIDENCE, ChangeKind
from normkit.revisions.comparison import compare
from normkit.revisions.successors.engine import suggest_successors
from normkit.revisions.successors.items import version_items
from tests.revisions.scramble import scramble_ids

REPO = Path(__file__).resolve().parents[2]
MINI = Path(__file__).resolve().parent / "project"


def _pairs(root: Path) -> list[tuple[Corpus, Version, Version]]:
    corpus = check_project(root).corpus
    found = []
    for version in corpus.versions():
        old = corpus.version(version.standard, version.supersedes or "")
        if old is not None:
            found.append((corpus, old, version))
    return found


PAIRS = [*_pairs(REPO), *_pairs(MINI)]


@pytest.mark.parametrize("corpus,old,new", PAIRS, ids=[f"{o.key}..{n.name}" for _c, o, n in PAIRS])
def test_suggestions_recover_scrambled_ids(corpus: Corpus, old: Version, new: Version) -> None:
    intended = compare(corpus, old, new)
    # Pairs a correct suggestion may name: same id, or declared by `replaces`.
    allowed = {(o, n) for c in intended.changes for o in c.old_ids for n in c.new_ids}
    # A criterion that becomes withdrawn keeps no wording to match (often no body at all),
    # nor does one withdrawn on both sides: only its id says it is the same, so similarity is
    # not expected to find it.
    one_to_one = {
        (c.old_ids[0], c.new_ids[0])
        for c in intended.changes
        if len(c.old_ids) == 1
        and len(c.new_ids) == 1
        and ChangeKind.WITHDRAWN not in c.kinds
        and not c.old[0].is_withdrawn
    }
    scrambled, original = scramble_ids(old)
    changeset = compare(corpus, scrambled, new)
    suggested = {(original[s.old_id], s.new_id) for s in changeset.suggestions}
    assert all(s.confidence >= DEFAULT_CONFIDENCE for s in changeset.suggestions)
    wrong = suggested - allowed
    assert not wrong, f"wrong matches above the threshold: {sorted(wrong)}"
    missed = one_to_one - suggested
    assert not missed, f"intended matches not recovered: {sorted(missed)}"


@pytest.mark.parametrize("corpus,old,new", PAIRS, ids=[f"{o.key}..{n.name}" for _c, o, n in PAIRS])
def test_no_suggestions_when_ids_are_kept(corpus: Corpus, old: Version, new: Version) -> None:
    assert compare(corpus, old, new).suggestions == ()


def test_same_titles_over_unrelated_texts_are_not_matched() -> None:
    """Every title kept, every body swapped for one of another standard's: a title alone
    (standards repeat "Records", "General") never makes a confident match."""
    corpus = check_project(REPO).corpus
    standards = [s for s in corpus.standards if s.versions]
    if len(standards) < 2:
        pytest.skip("needs two standards")
    old = version_items(standards[0].versions[-1])
    others = version_items(standards[1].versions[-1])
    new = [
        dataclasses.replace(item, key=f"new-{item.key}", body=others[n % len(others)].body)
        for n, item in enumerate(old)
    ]
    found = suggest_successors(old, new)
    assert [s for s in found.links if s.confidence >= DEFAULT_CONFIDENCE] == []
