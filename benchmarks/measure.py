"""Timing helpers: fresh processes measured with wait4, in-process phases, medians and spread."""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PEAK = Path(__file__).resolve().parent / "peak.py"
"""Material's end-of-life notice would only add noise to the logs."""


@dataclass(slots=True)
class Sample:
    """One run: wall seconds, CPU seconds (user + system) and peak RSS in MiB."""

    wall: float
    cpu: float
    peak: float = 0.0


@dataclass(slots=True)
class Series:
    """Repeated runs of one thing."""

    samples: list[Sample] = field(default_factory=list)

    def add(self, sample: Sample) -> None:
        self.samples.append(sample)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak(self) -> float:
        return max(s.peak for s in self.samples)

    def spread(self) -> str:
        """`min–max` of the wall times, for the reader to judge the noise."""
        walls = [s.wall for s in self.samples]
        return f"{min(walls):.2f}–{max(walls):.2f}"


def process(command: list[str], cwd: Path | None = None) -> Sample:
    """Run `command` to completion; its own wall, CPU and peak memory (with its children's
    CPU: Pagefind, pandoc and worker processes count). The peak is taken by `peak.py`, a
    small parent (see there why)."""
    with tempfile.NamedTemporaryFile(prefix="normkit-peak-") as peak_file:
        environment = {**QUIET, "PEAK_FILE": peak_file.name}
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, str(PEAK), *command],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment,
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        errors = child.stderr.read().decode(errors="replace") if child.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{errors[-3000:]}")
        peak = int(Path(peak_file.name).read_text(encoding="utf-8") or 0) / 1024
    _wait_for_left_saves(command, cwd)
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak)


def _wait_for_left_saves(command: list[str], cwd: Path | None) -> None:
    """Untimed: until the child a normkit `check` or `build` left writing its caches is
    done (it holds `build/.cache/.saving` locked: `cache_entries.save_entries`), so that it
    neither slows the next timed run (another side's, the bare parse's) nor is counted in
    it. Its work is not in this run's figures: the command has ended, as its user sees."""
    import fcntl

    def given(option: str) -> str | None:
        return command[command.index(option) + 1] if option in command[:-1] else None

    here = Path(cwd or ".")
    out = given("--out")
    build = here / out if out else here / (given("--project") or ".") / "build"
    saving = build / ".cache" / ".saving"
    try:
        descriptor = os.open(saving, os.O_RDONLY)
    except OSError:
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH)
    finally:
        os.close(descriptor)


def normkit(*arguments: str) -> list[str]:
    """The installed command beside this interpreter (what users and outside checkers run),
    or the module where there is none."""
    script = Path(sys.executable).with_name("normkit")
    if script.is_file():
        return [str(script), *arguments]
    return [sys.executable, "-m", "normkit", *arguments]


def in_process(action: Callable[[], object]) -> Sample:
    """One call of `action` in this process (imports already done). What is alive before
    it is frozen out of the cycle collector's sight while it runs, as it would be out of a
    fresh process's: a model kept by an earlier step is not walked by this step's
    collections."""
    gc.collect()
    gc.freeze()
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        action()
        return Sample(time.perf_counter() - wall, time.process_time() - cpu)
    finally:
        gc.unfreeze()


def alternate(runs: int, **actions: Callable[[], Sample]) -> dict[str, Series]:
    """Each action `runs` times, interleaved (a, b, a, b …) so that a change in the machine's
    load falls on both sides alike."""
    found = {name: Series() for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            found[name].add(action())
    return found


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())
