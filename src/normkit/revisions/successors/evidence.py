"""Pairwise evidence between old and new criteria, as dense matrices.

Words are weighted by TF-IDF over both versions (scikit-learn), so rare, specific words
count and the boilerplate every criterion shares does not. Containment is asymmetric: how
much of the old criterion's weighted vocabulary is inside the new one, and the reverse; a
split or a "covered by" shows as one side inside the other rather than as similar texts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from normkit.model.records import record
from normkit.revisions.successors.items import Item

Matrix = NDArray[np.float64]
WORD = r"(?u)\b\w+\b"
WORD_CHARS = re.compile(WORD)
STEM = 6
"""Words are cut to their first letters, a crude stemmer that knows no language:
`terminates`, `terminated` and `termination` all become `termin`."""


def stemmed(text: str) -> str:
    return " ".join(word[:STEM] for word in WORD_CHARS.findall(text.casefold()))


@record
class Evidence:
    """Old × new matrices of scores between 0 and 1."""

    text: Matrix
    """Cosine of the TF-IDF vectors of title and body (words and word pairs)."""
    title: Matrix
    """Similarity of the titles (0 when either is empty)."""
    old_in_new: Matrix
    """Share of the old criterion's weighted words that the new one has."""
    new_in_old: Matrix
    """Share of the new criterion's weighted words that the old one has."""
    title_inside: Matrix
    """Share of the old title's weighted words that the new title has (0 without titles)."""
    old_in_guided: Matrix
    """Share of the old criterion's weighted words that the new one or its guidance has: a
    broader criterion often says in its guidance what a narrower old one required."""
    vectoriser: SentenceWeighting
    """The fitted word and word-pair weighting, for comparing sentences."""


def _dense(matrix: Any) -> Matrix:
    """A dense float array from a sparse matrix or an array."""
    if sparse.issparse(matrix):
        matrix = matrix.toarray()
    result: Matrix = np.asarray(matrix, dtype=np.float64)
    return result


def _containment(weights: sparse.csr_matrix, present: sparse.csr_matrix) -> Matrix:
    """Share of each row's weight found among each of the other side's words."""
    totals = np.asarray(weights.sum(axis=1)).ravel()
    result: Matrix = _dense(weights @ present.T) / np.maximum(totals, 1e-9)[:, None]
    return result


def _stemmed_texts(texts: list[str]) -> list[str]:
    """Each text stemmed, equal texts once."""
    found: dict[str, str] = {}
    return [found[t] if t in found else found.setdefault(t, stemmed(t)) for t in texts]


def _words_and_pairs(text: str) -> list[str]:
    """The features of a stemmed text: its words, then its pairs of adjacent words, in the
    order scikit-learn's word analyser lists them for `ngram_range=(1, 2)` (the order in
    which a row's entries are stored, and so sums over them are taken)."""
    words = text.split()
    return [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]


def _sentence_features(sentence: str) -> list[str]:
    return _words_and_pairs(stemmed(sentence))


@record
class SentenceWeighting:
    """The fitted word and word-pair weighting of both versions, for comparing sentences."""

    counts: CountVectorizer
    tfidf: TfidfTransformer

    def transform(self, sentences: list[str]) -> sparse.csr_matrix:
        """TF-IDF vectors of raw sentences (stemmed here), L2-normalised."""
        if not sentences:
            return sparse.csr_matrix((0, len(self.counts.vocabulary_)), dtype=np.float64)
        counted = self.counts.transform(sentences)
        return sparse.csr_matrix(self.tfidf.transform(counted, copy=False))


@record
class _Vocabulary:
    """Every text of both versions counted once: words and word pairs. Both weightings are
    read off these counts, instead of each tokenising every text again."""

    counts: sparse.csr_matrix
    """Texts × words and pairs, as counts."""
    counter: CountVectorizer
    """Fitted on the texts; counts raw sentences (stemming them) in their vocabulary."""
    words: CountVectorizer
    """The single words alone, as presence, for texts stemmed by the caller."""
    word_columns: NDArray[np.intp]
    """Columns of `counts` that are single words, in the vocabulary's (sorted) order."""


def _count(texts: list[str]) -> _Vocabulary:
    """`texts` counted, each distinct text once: most criteria keep their wording from one
    version to the next, and a text's row depends on that text alone (its entries in the
    order its features first occur), so equal texts share their row."""
    distinct: dict[str, int] = {}
    rows = np.fromiter((distinct.setdefault(t, len(distinct)) for t in texts), dtype=np.intp)
    counter = CountVectorizer(analyzer=_words_and_pairs, dtype=np.float64)
    counts = sparse.csr_matrix(counter.fit_transform(list(distinct)))[rows]
    vocabulary: dict[str, int] = counter.vocabulary_
    # Sentences come stemmed, and counted in the same vocabulary.
    counter.set_params(analyzer=_sentence_features)
    singles = sorted((column, term) for term, column in vocabulary.items() if " " not in term)
    word_columns = np.fromiter((column for column, _ in singles), dtype=np.intp)
    words = CountVectorizer(
        analyzer=str.split,
        binary=True,
        dtype=np.float64,
        vocabulary={term: k for k, (_, term) in enumerate(singles)},
    )
    return _Vocabulary(counts, counter, words, word_columns)


def _specific_words(vocabulary: _Vocabulary) -> tuple[sparse.csr_matrix, TfidfTransformer]:
    """Each text's words, weighted by how specific they are: IDF squared, so a word in
    half the criteria weighs almost nothing next to a word in two; and that weighting."""
    present = sparse.csr_matrix(vocabulary.counts[:, vocabulary.word_columns])
    present.data.fill(1.0)
    weighting = TfidfTransformer(norm=None).fit(present)
    weighted = sparse.csr_matrix(weighting.transform(present, copy=False))
    weighted.data = (weighted.data - 1.0) ** 2  # idf = ln((1+n)/(1+df)) + 1
    return weighted, weighting


def _present(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    present = matrix.copy()
    present.data[:] = 1.0
    return present


def _specific_title_words(
    vocabulary: _Vocabulary,
    weighting: TfidfTransformer,
    old: Sequence[Item],
    new: Sequence[Item],
) -> Matrix:
    """Share of each old title's words (weighted as in the texts) in each new title."""
    words = vocabulary.words
    old_titles = words.transform([stemmed(item.title) for item in old])
    old_titles = sparse.csr_matrix(weighting.transform(old_titles, copy=False))
    old_titles.data = (old_titles.data - 1.0) ** 2
    new_titles = sparse.csr_matrix(words.transform([stemmed(i.title) for i in new]))
    return _containment(old_titles, new_titles)


def gather_evidence(old: Sequence[Item], new: Sequence[Item], rows: Sequence[int]) -> Evidence:
    """Evidence for the old criteria at positions `rows` against every new one. Words are
    weighted over both versions whole, so that a word's rarity does not depend on which
    criteria are unpaired."""
    texts = _stemmed_texts([item.text for item in (*old, *new)])
    vocabulary = _count(texts)
    # The single words are taken before the counts become TF-IDF vectors in place.
    weighted, weighting = _specific_words(vocabulary)
    tfidf = TfidfTransformer(sublinear_tf=True).fit(vocabulary.counts)
    vectors = sparse.csr_matrix(tfidf.transform(vocabulary.counts, copy=False))
    chosen = np.asarray(rows, dtype=int)
    old_vectors, new_vectors = vectors[chosen], vectors[len(old) :]
    weighted_old, weighted_new = weighted[chosen], weighted[len(old) :]
    present_old, present_new = _present(weighted_old), _present(weighted_new)
    # Guidance is read for its words only: it does not change how rare a word is. Only the
    # guidance needs reading: the criteria's own words are known.
    guidance = vocabulary.words.transform([stemmed(item.guidance) for item in new])
    present_guided = _present(sparse.csr_matrix(present_new + guidance))
    titles_words = _specific_title_words(vocabulary, weighting, [old[i] for i in rows], new)
    titles = process.cdist(
        [old[i].title for i in rows],
        [item.title for item in new],
        scorer=fuzz.token_sort_ratio,
        processor=str.casefold,
        dtype=np.float64,
        workers=1,
    )
    return Evidence(
        text=np.clip(_dense(old_vectors @ new_vectors.T), 0.0, 1.0),
        title=np.asarray(titles, dtype=np.float64) / 100.0,
        old_in_new=_containment(weighted_old, present_new),
        new_in_old=_containment(weighted_new, present_old).T.copy(),
        title_inside=titles_words,
        old_in_guided=_containment(weighted_old, present_guided),
        vectoriser=SentenceWeighting(vocabulary.counter, tfidf),
    )
