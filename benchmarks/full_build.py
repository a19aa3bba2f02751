"""Full build against the site alone: what running the outputs side by side costs.

    .venv/bin/python benchmarks/full_build.py [--criteria 1000] [--runs 3] [--jobs N]

On the demo project and on a generated project (`site_scale.generate_project`), times in the
same run, alternating, `normkit build` (every output) and `normkit build --only site`, each a
fresh process as a user runs it, with warm content-hash caches (the first full build of
each project fills them and is reported as the cold figure). Prints the best and median of
each and the ratio of the best times, for `--jobs N` and, for comparison, `--jobs 1`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_scale import generate_project

REPO = Path(__file__).resolve().parent.parent


last_cpu = [0.0]
"""CPU seconds (user + system) of the last `build`, its pandoc, Pagefind and worker processes
included (`normkit build` waits for its workers, or for its fork server, which has reaped
them); not the detached process deleting the previous build after the command returns."""


def build(project: Path, out: Path, *options: str) -> float:
    """Wall seconds of one `normkit build`, as a user runs it; CPU seconds into `last_cpu`."""
    command = [sys.executable, "-m", "normkit", "build", "-q", "--project", str(project)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*command, "--out", str(out), *options], check=True, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    last_cpu[0] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds


def measure(label: str, project: Path, out: Path, runs: int, jobs: int) -> None:
    cold = build(project, out, "--jobs", str(jobs))
    full: list[float] = []
    site: list[float] = []
    serial: list[float] = []
    cpu: dict[str, list[float]] = {"full": [], "site": [], "serial": []}
    for _ in range(runs):
        full.append(build(project, out, "--jobs", str(jobs)))
        cpu["full"].append(last_cpu[0])
        site.append(build(project, out, "--jobs", str(jobs), "--only", "site"))
        cpu["site"].append(last_cpu[0])
        serial.append(build(project, out, "--jobs", "1"))
        cpu["serial"].append(last_cpu[0])
    print(f"{label}: cold full build {cold:.2f} s (empty cache: every PDF and DOCX rendered)")
    for name, times in (
        (f"full build, --jobs {jobs}", full),
        ("site alone (--only site)", site),
        ("full build, --jobs 1", serial),
    ):
        print(f"  {name}: best {min(times):.2f} s, median {statistics.median(times):.2f} s")
    print(f"  ratio full / site alone (best): {min(full) / min(site):.2f}")
    print(
        f"  CPU seconds (best): full {min(cpu['full']):.2f}, site alone {min(cpu['site']):.2f}, "
        f"full with --jobs 1 {min(cpu['serial']):.2f}; machine load {os.getloadavg()[0]:.1f}"
    )
    print(f"  ratio --jobs 1 / --jobs {jobs} (best): {min(serial) / min(full):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criteria", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="normkit-full-build-"))
    try:
        measure("demo project", REPO, work / "demo-out", args.runs, args.jobs)
        project = work / "generated"
        pages = generate_project(project, args.criteria, 20)
        label = f"generated project, {args.criteria} criteria on {len(pages)} pages"
        measure(label, project, work / "generated-out", args.runs, args.jobs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
