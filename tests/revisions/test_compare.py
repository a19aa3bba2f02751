"""Classification, matching, glossary and guidance changes on the mini-project."""

from __future__ import annotations

import difflib
import pickle

import cydifflib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normkit.model.corpus import Corpus
from normkit.revisions import ChangeKind, GuidanceChangeKind, MatchBasis, TermChangeKind, comparison
from normkit.revisions.comparison import compare
from normkit.revisions.words import normalize, word_diff


def _changeset(corpus: Corpus):  # type: ignore[no-untyped-def]
    old, new = corpus.version("demo", "v1"), corpus.version("demo", "v2")
    assert old is not None and new is not None
    return compare(corpus, old, new)


def test_every_criterion_in_exactly_one_change(mini_corpus: Corpus) -> None:
    changeset = _changeset(mini_corpus)
    old_ids = [i for c in changeset.changes for i in c.old_ids]
    new_ids = [i for c in changeset.changes for i in c.new_ids]
    assert sorted(old_ids) == sorted(c.id for c in mini_corpus.version("demo", "v1").criteria())  # type: ignore[union-attr]
    assert sorted(new_ids) == sorted(c.id for c in mini_corpus.version("demo", "v2").criteria())  # type: ignore[union-attr]


def test_kinds(mini_corpus: Corpus) -> None:
    by_new = {c.key: c for c in _changeset(mini_corpus).changes}
    assert by_new["legal"].kinds == (ChangeKind.EDITORIAL,)
    assert by_new["report"].kinds == (ChangeKind.TEXT_CHANGED, ChangeKind.RENUMBERED)
    assert by_new["water-withdrawal"].kinds == (ChangeKind.SPLIT,)
    assert by_new["water-withdrawal"].new_ids == ("water-withdrawal", "water-discharge")
    assert by_new["anti-corruption"].old_ids == ("bribery", "facilitation")
    assert by_new["anti-corruption"].basis is MatchBasis.REPLACES
    assert ChangeKind.RENAMED in by_new["ghg-targets"].kinds
    assert by_new["footprint"].kinds == (ChangeKind.RENUMBERED, ChangeKind.MOVED)
    assert by_new["footprint"].old_sections == ("Governance",)
    assert by_new["footprint"].new_sections == ("Products",)
    assert by_new["energy-audit"].kinds == (ChangeKind.REMOVED,)
    assert by_new["supplier-grievance"].kinds == (ChangeKind.ADDED,)


def test_field_level_changes(mini_corpus: Corpus) -> None:
    by_new = {c.key: c for c in _changeset(mini_corpus).changes}
    (tailings,) = by_new["tailings"].fields
    assert (tailings.name, tailings.old, tailings.new) == (
        "applies_to",
        ("mining",),
        ("mining", "smelting"),
    )
    (labels,) = by_new["labels"].fields
    assert (labels.name, labels.label, labels.old, labels.new) == (
        "criticality",
        "Criticality",
        "core",
        "critical",
    )


def test_removed_criteria_sit_where_they_were(mini_corpus: Corpus) -> None:
    keys = [c.key for c in _changeset(mini_corpus).changes]
    assert keys.index("energy-audit") == keys.index("ghg-targets") + 1


def test_terms_and_guidance(mini_corpus: Corpus) -> None:
    changeset = _changeset(mini_corpus)
    assert [(t.term, t.kind) for t in changeset.terms] == [
        ("Gadget", TermChangeKind.ADDED),
        ("Gizmo", TermChangeKind.REMOVED),
        ("Widget", TermChangeKind.REDEFINED),
    ]
    assert changeset.guidance is not None
    found = {(g.criterion_id, g.kind, g.sections) for g in changeset.guidance.changes}
    assert found == {
        ("legal", GuidanceChangeKind.CHANGED, ("evidence",)),
        ("supplier-grievance", GuidanceChangeKind.ADDED, ()),
        ("energy-audit", GuidanceChangeKind.REMOVED, ()),
    }


def test_guidance_is_compared_when_first_read(
    mini_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build of the criteria JSON reads a changeset for its lineage only: the guidance
    editions are compared once the guidance is asked for, and once, also after pickling."""
    calls = []
    compare_guidance = comparison.compare_guidance

    def counted(*args: object) -> object:
        calls.append(args)
        return compare_guidance(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(comparison, "compare_guidance", counted)
    changeset = _changeset(mini_corpus)
    assert changeset.counts()["split"] == 1 and not calls
    copy = pickle.loads(pickle.dumps(changeset))
    assert changeset.guidance is changeset.guidance is not None
    assert len(calls) == 1
    assert copy.guidance == changeset.guidance
    assert len(calls) == 2


def test_counts(mini_corpus: Corpus) -> None:
    counts = _changeset(mini_corpus).counts()
    assert counts["renumbered"] == 5
    assert counts["unchanged"] == 0
    assert counts["split"] == counts["merged"] == counts["renamed"] == 1


def test_editorial_normalisation() -> None:
    assert normalize("The Entity shall, comply!") == normalize("the entity  shall comply")
    assert normalize("shall comply") != normalize("shall not comply")


def test_word_diff_reads_as_phrases() -> None:
    segments = word_diff("the board shall review risks", "the board shall oversee all risks")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "the board shall "),
        ("delete", "review"),
        ("insert", "oversee all"),
        ("equal", " risks"),
    ]


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(
    old=st.lists(st.sampled_from(["the", "board", " ", "\n\n", ",", "shall", "risks", "a"])),
    new=st.lists(st.sampled_from(["the", "board", " ", "\n\n", ",", "must", "risks", "b"])),
)
def test_the_compiled_matcher_pairs_tokens_as_difflib_does(old: list[str], new: list[str]) -> None:
    """Word diffs go through `cydifflib`: its opcodes must be the standard library's, so that
    redlines read the same whichever one computes them."""
    ours = cydifflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    assert ours == difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
