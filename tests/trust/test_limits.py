"""No source can exhaust memory or time: `check` runs hostile projects in a child process
under hard resource limits (CPU seconds, address space) and reports its peak memory.

These are limits, not timings: a regression (an alias bomb expanded, a backtracking pattern,
a quadratic parse) makes the child die of SIGXCPU or MemoryError instead of finishing.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.trust.catalogue import BOMB
from tests.trust.changes import ENVIRONMENT, GOVERNANCE, STANDARD, V3, Append, Change, Replace
from tests.trust.fuzzing import materialise

MEMORY_LIMIT = 200 * 1024 * 1024
"""The bar of issue 9: a YAML bomb is rejected under 200 MB."""
CPU_SECONDS = 60
"""Far above what these checks take (about a second each), far below what an expanded bomb
or exponential backtracking would."""

CHILD = textwrap.dedent(
    """
    import json, re, sys
    from pathlib import Path
    from normkit.pipeline import check_project
    result = check_project(Path(sys.argv[1]))
    # VmHWM, the peak resident set of this program: ru_maxrss would also count the memory
    # of the test process this one was forked from (Linux keeps it across exec).
    status = Path("/proc/self/status").read_text()
    peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) * 1024
    print(json.dumps({
        "codes": sorted({d.code.code for d in result.diagnostics}),
        "peak": peak,
    }))
    """
)


def check_under_limits(project: Path) -> dict[str, object]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
        # The address space holds the interpreter and its libraries besides the heap: a few
        # times the resident limit, so that only a runaway allocation reaches it.
        resource.setrlimit(resource.RLIMIT_AS, (4 * MEMORY_LIMIT, 4 * MEMORY_LIMIT))

    ran = subprocess.run(
        [sys.executable, "-c", CHILD, str(project)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        check=False,
    )
    assert ran.returncode == 0, f"exit {ran.returncode}: {ran.stderr[-2000:]}"
    report: dict[str, object] = json.loads(ran.stdout)
    return report


def hostile(tmp_path: Path, *changes: Change) -> Path:
    project = materialise(tmp_path / "project")
    for change in changes:
        change.apply(project)
    return project


def test_alias_bombs_are_rejected_under_200_mb(tmp_path: Path) -> None:
    project = hostile(
        tmp_path,
        Replace(ENVIRONMENT, "note: Reviewed yearly.", "note: Reviewed yearly.\n" + BOMB.rstrip()),
        Append(V3, BOMB),
        Append(STANDARD, BOMB.replace("l0:", "x0:")),
    )
    report = check_under_limits(project)
    assert report["codes"] == ["yaml.alias"]
    assert isinstance(report["peak"], int) and report["peak"] < MEMORY_LIMIT


def test_deep_and_wide_yaml_is_rejected_under_200_mb(tmp_path: Path) -> None:
    project = hostile(
        tmp_path,
        Replace(GOVERNANCE, "cwe: [79, 89]", "cwe: " + "[" * 200_000 + "]" * 200_000),
        Replace(ENVIRONMENT, "note: Reviewed yearly.", "note: " + "{a: " * 50_000 + "}" * 50_000),
    )
    report = check_under_limits(project)
    assert report["codes"] == ["yaml.malformed"]
    assert isinstance(report["peak"], int) and report["peak"] < MEMORY_LIMIT


PATHOLOGICAL = (
    "[" * 50_000 + "a" + "]" * 50_000,
    "[[" * 50_000,
    "[=" * 50_000,
    "*a" * 50_000,
    "*_" * 50_000,
    "[a](" * 30_000,
    "&#" * 50_000,
    "<div>" * 400_000,
    "<span>" * 100_000 + "a",
    "<!--" + "-" * 100_000,
    "".join("  " * depth + "- a\n" for depth in range(2_000)),
    "> " * 50_000 + "a",
)
"""Markdown that makes naive parsers or sanitisers take time quadratic or worse in its size
(400,000 nested `<div>` took html5ever minutes)."""


def test_pathological_markup_and_patterns_finish_under_a_cpu_limit(tmp_path: Path) -> None:
    project = hostile(
        tmp_path,
        Replace(STANDARD, "numbering: dotted", "numbering: {pattern: '(\\d+)+(\\.(\\d+)+)*'}"),
        Replace(ENVIRONMENT, "### 5.3 Just transition", "### " + "1" * 5_000 + "x Just transition"),
        Replace(
            GOVERNANCE, "### 1.2 Anti-corruption", "### 1.2 Anti" + " " * 1_000_000 + "corruption"
        ),
        Append(ENVIRONMENT, "\n\n" + "\n\n".join(PATHOLOGICAL) + "\n"),
    )
    report = check_under_limits(project)
    assert "number.invalid" in report["codes"]
