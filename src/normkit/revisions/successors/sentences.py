"""Sentence-level alignment: how much of one criterion's sentences another one says.

Two criteria can share most of their words and still say different things; and a criterion
split in two has each half's sentences inside the old one. Each sentence (or list item) of
one side is matched to its most similar sentence of the other, and the matches' similarities
are averaged, weighted by the sentences' lengths.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import numpy as np
from scipy import sparse

from normkit.revisions.successors.evidence import SentenceWeighting
from normkit.revisions.successors.items import Item

Cover = dict[tuple[int, int], tuple[float, float]]


def _lengths(sentences: Sequence[str]) -> np.ndarray:
    return np.array([max(1, len(sentence.split())) for sentence in sentences], dtype=np.float64)


class SentenceIndex:
    """The sentences of a list of criteria as TF-IDF vectors, made in one transform (the
    per-call overhead of scikit-learn dominates when it is called per criterion).

    `only`: the positions of the criteria to index, when only some of them are ever
    compared (the others have no sentences here); every criterion by default. A sentence's
    vector does not depend on which others are indexed beside it."""

    def __init__(
        self,
        items: Sequence[Item],
        vectoriser: SentenceWeighting,
        only: Collection[int] | None = None,
    ) -> None:
        self.sentences = [
            item.sentences() if only is None or index in only else ()
            for index, item in enumerate(items)
        ]
        self.starts = np.cumsum([0, *(len(group) for group in self.sentences)])
        flat = [sentence for group in self.sentences for sentence in group]
        self.matrix = sparse.csr_matrix(vectoriser.transform(flat))
        self.weights = [_lengths(group) for group in self.sentences]

    def rows(self, index: int) -> sparse.csr_matrix:
        return self.matrix[self.starts[index] : self.starts[index + 1]]


def sentence_cover(
    old: SentenceIndex, new: SentenceIndex, pairs: Iterable[tuple[int, int]]
) -> Cover:
    """For each (old index, new index): (share of the old one's sentences said by the new
    one, share of the new one's sentences said by the old one), each 0–1."""
    by_old: dict[int, list[int]] = {}
    for i, j in sorted(set(pairs)):
        by_old.setdefault(i, []).append(j)
    every_new = sparse.csr_matrix(new.matrix.T)
    cover: Cover = {}
    # One product per old criterion against every new sentence, then each pair's block
    # read off it: far fewer sparse products than one per pair.
    for i, js in by_old.items():
        similarity_all = (old.rows(i) @ every_new).toarray()
        old_weights = old.weights[i]
        for j in js:
            similarity = similarity_all[:, new.starts[j] : new.starts[j + 1]]
            new_weights = new.weights[j]
            old_said = float(similarity.max(axis=1) @ old_weights / old_weights.sum())
            new_said = float(similarity.max(axis=0) @ new_weights / new_weights.sum())
            cover[(i, j)] = (min(1.0, old_said), min(1.0, new_said))
    return cover


def sentence_gain(
    old: SentenceIndex, new: SentenceIndex, pieces: Iterable[tuple[int, int, int, float]]
) -> dict[tuple[int, int], float]:
    """For each (old index, new index, the old one's match, how sure that match is): the
    share of the old criterion's sentences that the new one says better than its match does
    (each sentence's lead, weighted by length; the match's likeness counted as sure as the
    match is). A new criterion that only elaborates what the match already carries over
    gains nothing; one half of a split gains the sentences the other half dropped."""
    every_new = sparse.csr_matrix(new.matrix.T)
    gains: dict[tuple[int, int], float] = {}
    by_old: dict[int, list[tuple[int, int, float]]] = {}
    for i, j, match, sure in pieces:
        by_old.setdefault(i, []).append((j, match, sure))
    for i, found in by_old.items():
        similarity_all = (old.rows(i) @ every_new).toarray()
        weights = old.weights[i]
        for j, match, sure in found:
            said = similarity_all[:, new.starts[j] : new.starts[j + 1]].max(axis=1)
            if match >= 0:
                kept = similarity_all[:, new.starts[match] : new.starts[match + 1]].max(axis=1)
            else:
                kept = np.zeros(len(weights))
            lead = np.maximum(said - sure * kept, 0.0)
            gains[(i, j)] = float(lead @ weights / weights.sum())
    return gains
