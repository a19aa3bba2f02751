"""NIST SP 800-53 rev4 + rev5 (2,111 controls): import, check, full build, diff.

    .venv/bin/python benchmarks/nist_import.py [--corpus ../shared/corpora/nist-800-53] [--jobs 2]

Each step runs as a fresh `normkit` process, as a user runs it, in a new temporary project:
`import` rev4, `import` rev5 (into the same standard), `check`, `build` with every output
(json, pdf, docx, diff, site; empty caches) and `diff nist@rev4 nist@rev5`. Prints, per step,
the wall time, the CPU time (user + system, the step's processes and those they waited for)
and the peak resident memory of its largest process; then the page count of every PDF.
Wall time depends on what else the machine runs (the load average is printed): the CPU
time is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "nist-800-53"
if not DEFAULT_CORPUS.is_dir():
    DEFAULT_CORPUS = Path("/work/shared/corpora/nist-800-53")


def run(arguments: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one `normkit` process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "normkit", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        message = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"normkit {' '.join(arguments)} failed:\n{message[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    project = Path(tempfile.mkdtemp(prefix="normkit-nist-"))
    (project / "standards").mkdir()
    where = ["--project", str(project)]
    steps = [
        (
            "import rev4",
            [
                "import",
                str(args.corpus / "rev4-catalog.json"),
                "--standard",
                "nist",
                "--version",
                "rev4",
                *where,
            ],
        ),
        (
            "import rev5",
            [
                "import",
                str(args.corpus / "rev5-catalog.json"),
                "--standard",
                "nist",
                "--version",
                "rev5",
                *where,
            ],
        ),
        ("check", ["check", *where]),
        ("build (all outputs)", ["build", "--jobs", str(args.jobs), *where]),
        ("diff rev4 rev5", ["diff", "nist@rev4", "nist@rev5", *where]),
    ]
    try:
        print(
            f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
            f"{os.cpu_count()} cores"
        )
        print("| step | wall (s) | CPU (s) | peak RSS (MiB) |\n|---|---:|---:|---:|")
        total_wall = total_cpu = 0.0
        for label, arguments in steps:
            wall, cpu, peak = run(arguments)
            total_wall, total_cpu = total_wall + wall, total_cpu + cpu
            print(f"| {label} | {wall:.1f} | {cpu:.1f} | {peak:.0f} |", flush=True)
        print(f"| **total** | {total_wall:.1f} | {total_cpu:.1f} | |")
        print("\n| PDF | pages |\n|---|---:|")
        build = project / "build"
        for pdf in sorted([*(build / "pdf").glob("*.pdf"), *(build / "diff").rglob("*.pdf")]):
            print(f"| {pdf.relative_to(build)} | {len(PdfReader(pdf).pages)} |")
    finally:
        shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    main()
