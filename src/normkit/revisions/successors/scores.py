"""From evidence to scores: same-criterion, part-of, and how sure each one is.

The weights and slopes here are set once, by reasoning and by measuring on the benchmark's
tuning half (`benchmarks/lineage.py`); they use no feature of any one standard.
"""

from __future__ import annotations

import numpy as np

from normkit.revisions.successors.evidence import Evidence, Matrix

CONTEXT_WEIGHT = 0.2
"""How far section and neighbourhood can move a score (±0.1): enough to break a tie between
near-duplicates, never enough to make a match of unrelated texts."""


def same_criterion(evidence: Evidence, titled: np.ndarray) -> Matrix:
    """How much the two look like one criterion, reworded: similar words, similar titles,
    each mostly inside the other. `titled[i, j]` is whether both have a title. A title
    counts in full only once the texts share something (0.3 of cosine): standards repeat
    titles ("Records", "General") over criteria that have nothing else in common."""
    mutual = np.minimum(evidence.old_in_new, evidence.new_in_old)
    title = evidence.title * np.minimum(1.0, evidence.text / 0.3)
    with_title = 0.6 * evidence.text + 0.25 * title + 0.15 * mutual
    without = 0.8 * evidence.text + 0.2 * mutual
    result: Matrix = np.where(titled, with_title, without)
    return result


def part_of(words_inside: float, sentences_said: float) -> float:
    """How much of one criterion is inside the other: its specific words and its sentences."""
    return 0.5 * float(words_inside) + 0.5 * float(sentences_said)


def with_context(score: Matrix, context: Matrix, text: Matrix) -> Matrix:
    """The score moved by the context, in proportion to the texts' own likeness (full from
    0.3 of cosine): where the texts share nothing, no context makes them a match."""
    result: Matrix = score + CONTEXT_WEIGHT * (context - 0.5) * np.minimum(1.0, text / 0.3)
    return result


def confidence(score: float, margin: float, *, midpoint: float, slope: float) -> float:
    """A logistic of the score and of its lead over the best rival: a strong match with a
    close rival is less sure than a weaker one that stands alone."""
    lead = min(margin, 0.3)
    value = 1.0 / (1.0 + np.exp(-slope * (score - midpoint + 0.5 * lead)))
    return float(value)
