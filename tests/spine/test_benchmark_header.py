"""The results file says how many runs each group's medians are of, also for the rows a
partial run (`--only`) keeps from an earlier one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

RUN = Path(__file__).parents[2] / "benchmarks" / "run.py"


def benchmark_runner() -> ModuleType:
    sys.path.insert(0, str(RUN.parent))  # run.py imports its neighbours
    try:
        spec = importlib.util.spec_from_file_location("benchmark_run", RUN)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(RUN.parent))


def test_a_whole_run_gives_its_own_counts(tmp_path: Path) -> None:
    run = benchmark_runner()
    line = run.repetitions_line(set(run.GROUPS), 3, 5, tmp_path / "absent.md")
    assert (
        line
        == "- repetitions per group: site 3 runs, compile 3 runs, print 3 runs, preview 5 edits"
    )


def test_a_partial_run_keeps_the_counts_of_the_rows_it_keeps(tmp_path: Path) -> None:
    run = benchmark_runner()
    earlier = tmp_path / "RESULTS.md"
    earlier.write_text(
        "# Benchmark results\n\n"
        "- repetitions per group: site 2 runs, compile 3 runs, print 2 runs, preview 5 edits\n",
        encoding="utf-8",
    )
    line = run.repetitions_line({"compile"}, 4, 5, earlier)
    assert (
        line
        == "- repetitions per group: site 2 runs, compile 4 runs, print 2 runs, preview 5 edits"
    )
