"""Sentence-level alignment: how much of one criterion's sentences another one says.

Two criteria can share most of their words and still say different things; and a criterion
split in two has each half's sentences inside the old one. Each sentence (or list item) of
one side is matched to its most similar sentence of the other, and the matches' similarities
are averaged, weighted by the sentences' lengths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from normkit.revisions.successors.items import Item


def _lengths(sentences: Sequence[str]) -> np.ndarray:
    return np.array([max(1, len(sentence.split())) for sentence in sentences], dtype=np.float64)


def sentence_cover(
    old: Sequence[Item],
    new: Sequence[Item],
    pairs: Iterable[tuple[int, int]],
    vectoriser: TfidfVectorizer,
) -> dict[tuple[int, int], tuple[float, float]]:
    """For each (old index, new index): (share of the old one's sentences said by the new
    one, share of the new one's sentences said by the old one), each 0–1."""
    wanted = sorted(set(pairs))
    old_rows = sorted({i for i, _j in wanted})
    new_rows = sorted({j for _i, j in wanted})
    old_sentences = {i: old[i].sentences() for i in old_rows}
    new_sentences = {j: new[j].sentences() for j in new_rows}
    old_vectors = {i: vectoriser.transform(s) for i, s in old_sentences.items()}
    new_vectors = {j: vectoriser.transform(s) for j, s in new_sentences.items()}
    cover: dict[tuple[int, int], tuple[float, float]] = {}
    for i, j in wanted:
        similarity = (old_vectors[i] @ new_vectors[j].T).toarray()
        old_weights = _lengths(old_sentences[i])
        new_weights = _lengths(new_sentences[j])
        old_said = float(similarity.max(axis=1) @ old_weights / old_weights.sum())
        new_said = float(similarity.max(axis=0) @ new_weights / new_weights.sum())
        cover[(i, j)] = (min(1.0, old_said), min(1.0, new_said))
    return cover
