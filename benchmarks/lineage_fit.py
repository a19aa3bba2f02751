"""Fit the part-of model's weights (`normkit.revisions.successors.partof`) on tuning data.

    .venv/bin/python benchmarks/lineage_fit.py [--corpus ../shared/corpora/nist-800-53]

Tuning data: the NIST SP 800-53 families of the benchmark's tuning half, every demo version
pair and the hard cases (`benchmarks/lineage.py` builds them, ids stripped). For each old
criterion the engine lists its options; the truth says which are right. Prints `WEIGHTS`
and `OFFSET` to paste into `partof.py`; then rerun `benchmarks/lineage.py` to measure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lineage

from normkit.revisions.successors.engine import _Engine
from normkit.revisions.successors.partof import FEATURES, PENALTY, fit


def examples(case: lineage.Case, groups: set[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each old criterion's options with which are true, for the old criteria of `groups`
    (every one when the case has no groups)."""
    old, original = lineage.stripped(case.old)
    engine = _Engine(old, case.new, {})
    every = set().union(*case.truth.values())
    found = []
    for option in engine.part_of_options():
        key = original[engine.row_items[option.row].key]
        if case.groups and case.groups.get(key) not in groups:
            continue
        truth = np.array([(key, case.new[j].key) in every for j in option.columns])
        found.append((option.features, truth))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=lineage.DEFAULT_CORPUS)
    parser.add_argument(
        "--held-out-too", action="store_true", help="Fit on both NIST halves (to explore only)."
    )
    parser.add_argument("--penalty", type=float, default=PENALTY)
    args = parser.parse_args()
    groups = {"tune", "held-out"} if args.held_out_too else {"tune"}
    cases = lineage.declared_cases(lineage.HARD_CASES, "hard")
    cases += lineage.declared_cases(lineage.REPO, "demo")
    cases.append(lineage.nist_case(args.corpus))
    data = [example for case in cases for example in examples(case, groups)]
    weights, offset = fit(data, args.penalty)
    true_options = sum(int(truth.sum()) for _features, truth in data)
    print(f"# {len(data)} old criteria, {true_options} true options; features: {FEATURES}")
    print(f"WEIGHTS = {weights}")
    print(f"OFFSET = {offset}")


if __name__ == "__main__":
    main()
