"""The successor engine's structural and calibrated evidence, on small synthetic versions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from normkit.pipeline import check_project
from normkit.revisions.successors import SuccessorKind, Suggestion
from normkit.revisions.successors.engine import (
    GAIN_FULL,
    GAIN_NONE,
    _best,
    _Engine,
    suggest_successors,
)
from normkit.revisions.successors.evidence import WORD, gather_evidence, stemmed
from normkit.revisions.successors.items import Item, version_items
from normkit.revisions.successors.links import Origin, classify
from normkit.revisions.successors.partof import FEATURES, fit, probabilities
from normkit.revisions.successors.relatives import Hierarchies, find_relatives
from normkit.revisions.successors.sentences import SentenceIndex, sentence_gain
from normkit.revisions.successors.structure import number_path, numbered_parents

REPO = Path(__file__).resolve().parents[2]


def item(key: str, body: str, *, title: str = "", number: str = "", guidance: str = "") -> Item:
    return Item(key=key, title=title, body=body, sections=("s",), number=number, guidance=guidance)


@pytest.mark.parametrize(
    ("number", "path"),
    [("5.3.1", ("5", "3", "1")), ("AC-2(3)", ("ac", "2", "3")), ("4.2b", ("4", "2", "b"))],
)
def test_a_number_is_cut_into_runs_of_digits_and_letters(
    number: str, path: tuple[str, ...]
) -> None:
    assert number_path(number) == path
    assert number_path("05.03") == number_path("5.3")


def test_a_number_extending_another_makes_a_child_of_it() -> None:
    numbers = ["AC-2", "AC-2(3)", "AC-20", "AC-20(1)", "5.3", "5.3.1", "5.3.1.a", "5.4", ""]
    parents = numbered_parents(
        [item(f"k{n}", "x", number=number) for n, number in enumerate(numbers)]
    )
    named = [numbers[p] if p is not None else None for p in parents]
    assert named == [None, "AC-2", None, "AC-20", None, "5.3", "5.3.1", None, None]


def test_the_nearest_numbered_ancestor_is_the_parent() -> None:
    """`5.3.1.2` under `5.3` when no `5.3.1` is a criterion (a section, say)."""
    parents = numbered_parents([item("a", "x", number="5.3"), item("b", "y", number="5.3.1.2")])
    assert parents == [None, 0]


def test_relatives_say_where_the_parent_went() -> None:
    old = [item("p", "x", number="4"), item("c", "y", number="4.1")]
    new = [item("P", "x", number="7"), item("C1", "z", number="7.1"), item("D", "w")]
    relatives = find_relatives(old, new, {0: (0, 0.9)})
    assert relatives.parent(1, 0) == 0.9
    assert relatives.parent(1, 2) == 0.0
    assert relatives.parent(0, 0) == 0.0  # the parent has no parent
    assert relatives.candidates(1) == [0, 1]
    assert relatives.candidates(0) == []


def test_guidance_counts_as_the_new_criterion_s_words() -> None:
    old = [item("o", "Retain the inspection records for five years.")]
    bare = [item("n", "Keep a register of inspections."), item("m", "Report incidents.")]
    guided = [
        item("n", "Keep a register of inspections.", guidance="Records are retained five years."),
        item("m", "Report incidents."),
    ]
    plain, with_guidance = gather_evidence(old, bare, [0]), gather_evidence(old, guided, [0])
    assert with_guidance.old_in_guided[0, 0] > plain.old_in_guided[0, 0]
    assert with_guidance.old_in_new[0, 0] == pytest.approx(plain.old_in_new[0, 0])


def test_version_items_carry_numbers_and_guidance() -> None:
    corpus = check_project(REPO).corpus
    version = corpus.version("performance", "v3")
    assert version is not None
    items = version_items(version, corpus.guidance_for(version))
    assert items[0].number == "1.1"
    assert any(entry.guidance for entry in items)
    assert not any(entry.guidance for entry in version_items(version))


SPLIT_OLD = "Segregate waste at source into labelled streams. Keep a register of every transfer."


def test_a_split_half_gains_what_the_match_dropped_and_an_elaboration_gains_nothing() -> None:
    old = [item("o", SPLIT_OLD)]
    new = [
        item("segregation", "Segregate waste at source into labelled streams."),
        item("register", "Keep a register of every waste transfer."),
        item("labels", "Labelled streams shall use the colours of annex B."),
    ]
    evidence = gather_evidence(old, new, [0])
    rows, columns = SentenceIndex(old, evidence.vectoriser), SentenceIndex(new, evidence.vectoriser)
    gains = sentence_gain(rows, columns, [(0, 1, 0, 1.0), (0, 2, 0, 1.0)])
    assert gains[(0, 1)] >= GAIN_FULL
    assert gains[(0, 2)] <= GAIN_NONE
    # An uncertain match keeps less of the old criterion: the rest is up for grabs.
    unsure = sentence_gain(rows, columns, [(0, 2, 0, 0.0)])
    assert unsure[(0, 2)] > gains[(0, 2)]


def test_part_of_probabilities_share_one_with_none_of_them() -> None:
    features = np.zeros((3, len(FEATURES)))
    features[0, :] = 1.0
    chances = probabilities(features)
    assert chances.sum() < 1.0
    assert chances[0] > chances[1] == pytest.approx(chances[2])


def test_fitting_finds_the_feature_that_marks_the_true_option() -> None:
    """Only the third feature tells the true option apart: its weight comes out largest."""
    rng = np.random.default_rng(7)
    examples = []
    for n in range(200):
        features = rng.uniform(0.0, 1.0, (4, len(FEATURES)))
        truth = np.zeros(4, dtype=bool)
        if n % 4:  # one in four has no true option
            features[0, 2] = 1.0
            features[1:, 2] = 0.0
            truth[0] = True
        else:
            features[:, 2] = 0.0
        examples.append((features, truth))
    weights, offset = fit(examples)
    assert max(range(len(FEATURES)), key=lambda k: weights[k]) == 2
    assert probabilities(examples[1][0], weights, offset)[0] > 0.8
    assert probabilities(examples[0][0], weights, offset).sum() < 0.5


def test_a_numbered_child_s_options_include_what_its_parent_became() -> None:
    old = [
        item("p", "Keep records of every inspection of the plant.", number="4", title="Records"),
        item("c", "Review the list yearly.", number="4.1", title="Reviews"),
    ]
    new = [
        item("P", "Keep records of every inspection of the plant.", number="9", title="Records"),
        item("Q", "Train every new worker before the first shift.", number="10", title="Training"),
    ]
    engine = _Engine(old, new, {})
    (options,) = [o for o in engine.part_of_options() if engine.row_items[o.row].key == "c"]
    parent = FEATURES.index("parent")
    by_column = dict(zip(options.columns, options.features[:, parent], strict=True))
    assert by_column[0] >= 0.9 and by_column.get(1, 0.0) == 0.0


def link(old_id: str, new_id: str, new_in_old: float, origin: Origin) -> Suggestion:
    return Suggestion(
        old_id=old_id,
        new_id=new_id,
        kind=SuccessorKind.ONE_TO_ONE,
        confidence=0.9,
        origin=origin,
        text_similarity=0.5,
        title_similarity=0.5,
        old_in_new=0.9,
        new_in_old=new_in_old,
        same_section=True,
    )


def test_a_narrow_criterion_absorbed_by_a_base_one_is_covered_not_merged() -> None:
    """The base criterion alone says the new one: it is its one-to-one, the other is
    covered by it; two that make it up only together are a merge."""
    absorbed = classify(
        [link("base", "n", 0.85, Origin.SAME), link("narrow", "n", 0.3, Origin.OLD_INSIDE)]
    )
    assert [(s.old_id, s.kind) for s in absorbed] == [
        ("base", SuccessorKind.ONE_TO_ONE),
        ("narrow", SuccessorKind.COVERED_BY),
    ]
    merged = classify([link("a", "n", 0.5, Origin.SAME), link("b", "n", 0.45, Origin.OLD_INSIDE)])
    assert {s.kind for s in merged} == {SuccessorKind.MERGE}


def test_numbers_are_never_compared_across_versions() -> None:
    """The same texts come out the same whatever the new version's numbers are."""
    old = [
        item("a", "Keep records of inspections.", number="1"),
        item("b", "Train staff.", number="2"),
    ]
    new = [
        item("x", "Train staff.", number="2"),
        item("y", "Keep records of inspections.", number="1"),
    ]
    renumbered = [
        item("x", "Train staff.", number="7"),
        item("y", "Keep records of inspections.", number="8"),
    ]
    first, second = suggest_successors(old, new), suggest_successors(old, renumbered)
    assert [(s.old_id, s.new_id, s.confidence) for s in first.links] == [
        (s.old_id, s.new_id, s.confidence) for s in second.links
    ]


def _evidence_by_separate_vectorisers(
    old: list[Item], new: list[Item], rows: list[int]
) -> dict[str, np.ndarray]:
    """The evidence as scikit-learn's TfidfVectorizer computes it from scratch, each weighting
    fitted on its own and every text tokenised again: `gather_evidence` counts every text
    once and reads both weightings off those counts, and must not change a bit."""
    texts = [stemmed(entry.text) for entry in (*old, *new)]
    pairs = TfidfVectorizer(
        token_pattern=WORD, ngram_range=(1, 2), sublinear_tf=True, lowercase=False
    )
    vectors = sparse.csr_matrix(pairs.fit_transform(texts))
    words = TfidfVectorizer(token_pattern=WORD, binary=True, norm=None, lowercase=False)
    weighted = sparse.csr_matrix(words.fit_transform(texts))
    weighted.data = (weighted.data - 1.0) ** 2

    def present(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        found = sparse.csr_matrix(matrix, copy=True)
        found.data[:] = 1.0
        return found

    def inside(weights: sparse.csr_matrix, other: sparse.csr_matrix) -> np.ndarray:
        totals = np.asarray(weights.sum(axis=1)).ravel()
        return np.asarray((weights @ other.T).toarray()) / np.maximum(totals, 1e-9)[:, None]

    chosen = np.asarray(rows)
    weighted_old, weighted_new = weighted[chosen], weighted[len(old) :]
    guided = [f"{t} {stemmed(e.guidance)}" for t, e in zip(texts[len(old) :], new, strict=True)]
    old_titles = sparse.csr_matrix(words.transform([stemmed(old[i].title) for i in rows]))
    old_titles.data = (old_titles.data - 1.0) ** 2
    new_titles = present(sparse.csr_matrix(words.transform([stemmed(e.title) for e in new])))
    pairs.set_params(preprocessor=stemmed)
    sentences = [s for entry in new for s in entry.sentences()]
    return {
        "text": np.clip((vectors[chosen] @ vectors[len(old) :].T).toarray(), 0.0, 1.0),
        "old_in_new": inside(weighted_old, present(weighted_new)),
        "new_in_old": inside(weighted_new, present(weighted_old)).T,
        "old_in_guided": inside(weighted_old, present(words.transform(guided))),
        "title_inside": inside(old_titles, new_titles),
        "sentences": sparse.csr_matrix(pairs.transform(sentences)).toarray(),
    }


@pytest.mark.parametrize(("old_name", "new_name"), [("v2", "v3"), ("v3", "v4")])
def test_evidence_is_what_separate_vectorisers_compute(old_name: str, new_name: str) -> None:
    corpus = check_project(REPO).corpus
    versions = [corpus.version("performance", name) for name in (old_name, new_name)]
    assert versions[0] is not None and versions[1] is not None
    old, new = (version_items(v, corpus.guidance_for(v)) for v in versions)
    rows = list(range(0, len(old), 3))
    found = gather_evidence(old, new, rows)
    expected = _evidence_by_separate_vectorisers(old, new, rows)
    sentences = [s for entry in new for s in entry.sentences()]
    assert np.array_equal(found.vectoriser.transform(sentences).toarray(), expected["sentences"])
    for name in ("text", "old_in_new", "new_in_old", "old_in_guided", "title_inside"):
        assert np.array_equal(getattr(found, name), expected[name]), name


def test_a_sentence_index_of_some_criteria_holds_their_vectors_as_the_whole_one_does() -> None:
    corpus = check_project(REPO).corpus
    version = corpus.version("performance", "v3")
    assert version is not None
    items = version_items(version)
    evidence = gather_evidence(items, items, [0])
    whole = SentenceIndex(items, evidence.vectoriser)
    some = SentenceIndex(items, evidence.vectoriser, {1, 4})
    for index in range(len(items)):
        if index in (1, 4):
            assert (some.rows(index) != whole.rows(index)).nnz == 0
        else:
            assert some.rows(index).shape[0] == 0
    assert SentenceIndex(items, evidence.vectoriser, set()).matrix.shape[0] == 0


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(
    scores=st.lists(st.sampled_from([0.0, -0.0, 0.1, 0.5, 0.5, 1.0, float("nan")]), max_size=30),
    count=st.integers(min_value=1, max_value=8),
)
def test_the_best_scores_are_the_head_of_a_stable_sort(scores: list[float], count: int) -> None:
    """`_best` finds a row's highest scores without sorting the row: it must pick and order
    them as the stable sort it replaces did, ties and all."""
    row = np.asarray(scores, dtype=np.float64)
    expected = np.argsort(-row, kind="stable")[:count]
    assert _best(row, count).tolist() == expected.tolist()


def test_hierarchies_found_once_serve_successors_found_later() -> None:
    old = [item("p", "x", number="4"), item("c", "y", number="4.1")]
    new = [item("P", "x", number="7"), item("C1", "z", number="7.1"), item("D", "w")]
    hierarchies = Hierarchies(old, new)
    assert hierarchies.relatives({0: (0, 0.9)}).parent(1, 0) == 0.9
    assert hierarchies.relatives({0: (2, 0.4)}).candidates(1) == [2]
    assert hierarchies.relatives({}).parent(1, 0) == 0.0
