"""Where an old criterion went when it is not simply reworded: a calibrated choice.

For each old criterion, the engine lists a few options: its one-to-one match, the new
criteria that contain most of its words or look most like it, what its parent became and
that one's children (`relatives.py`). Each option is described by a few features between 0
and 1; a conditional logit (a softmax over the options and "none of them", whose score is
0) turns them into probabilities: how likely each option is where the old criterion went.
A part-of link's confidence is that probability, so it reads the same whatever the kind of
link: of the links at 0.8, at least four in five are right on the data it was fitted on and
on the benchmark's held-out half.

The weights are fitted, not set by hand: `benchmarks/lineage_fit.py` collects the options of
the benchmark's tuning data (the NIST families of the tuning half, the demo, the hard
cases) with their truth, calls `fit`, and prints the constants below. To refit after
changing a feature or the candidates, run it and paste its output here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from normkit.model.records import record

Matrix = NDArray[np.float64]

FEATURES = (
    "one-to-one",
    "one-to-one confidence",
    "text",
    "title",
    "words inside",
    "sentences said",
    "context",
    "parent",
    "words inside with guidance",
    "title words inside",
)
"""Per option (old criterion, new criterion), each 0–1: whether it is the old criterion's
one-to-one match, and that link's confidence; TF-IDF cosine; title likeness; share of the
old criterion's specific words in the new one; share of its sentences the new one says;
section and neighbourhood prior; whether it is what the old criterion's numbered parent
became (that link's confidence); share of its specific words in the new criterion or its
guidance; share of its title's specific words in the new title."""

WEIGHTS = (0.91, 2.09, 1.24, 1.77, 1.2, 1.08, 1.29, 0.65, 2.55, 1.53)
"""Fitted by `benchmarks/lineage_fit.py` (L2 penalty `PENALTY`)."""
OFFSET = -4.88
"""Score of an option with every feature 0, against 0 for "none of them"."""
PENALTY = 1.0
"""L2 penalty on the weights when fitting (not on the offset): with a few hundred options
of a few dozen true part-of links, it keeps any one feature from carrying a whole case."""


@record
class Options:
    """The options of one old criterion."""

    row: int
    """The old criterion (its row in the engine)."""
    columns: tuple[int, ...]
    """New criteria, by position."""
    features: Matrix
    """One row of `FEATURES` per column."""


def probabilities(
    features: Matrix, weights: Sequence[float] | Matrix = WEIGHTS, offset: float = OFFSET
) -> Matrix:
    """Each option's probability, against the others and "none of them"."""
    scores = features @ np.asarray(weights, dtype=np.float64) + offset
    top = max(0.0, float(scores.max(initial=0.0)))
    exponentials = np.exp(scores - top)
    result: Matrix = exponentials / (exponentials.sum() + np.exp(-top))
    return result


def fit(
    examples: Sequence[tuple[Matrix, NDArray[np.bool_]]], penalty: float = PENALTY
) -> tuple[tuple[float, ...], float]:
    """Weights and offset that make the true options likeliest: maximum likelihood of a
    conditional logit, each example one old criterion's options and which are true (none
    true: "none of them" is). Several true options (a split) share their probability."""
    width = len(FEATURES)

    def loss(parameters: Matrix) -> tuple[float, Matrix]:
        weights, offset = parameters[:width], parameters[width]
        total = 0.5 * penalty * float(weights @ weights)
        gradient = np.zeros(width + 1)
        gradient[:width] = penalty * weights
        for features, truth in examples:
            if not len(features):
                continue
            design = np.hstack([features, np.ones((len(features), 1))])
            chance = probabilities(features, weights, offset)
            gradient += design.T @ chance
            if truth.any():
                said = float(chance[truth].sum())
                total -= np.log(max(said, 1e-300))
                gradient -= design[truth].T @ chance[truth] / said
            else:
                total -= np.log(max(1.0 - float(chance.sum()), 1e-300))
        return total, gradient

    start = np.zeros(width + 1)
    found = minimize(loss, start, jac=True, method="L-BFGS-B")
    weights = tuple(round(float(w), 2) for w in found.x[:width])
    return weights, round(float(found.x[width]), 2)
