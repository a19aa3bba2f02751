"""Real builds killed with SIGKILL at random moments: the build folder always shows one whole
build (the previous or the new one), the next build removes what the killed one left, and
the killed build's worker processes do not outlive it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.build.conftest import leftovers, visible_build
from tests.build.test_build_folder import retitle
from tests.spine.miniprojects import materialise

KILLS = 8
OUTPUTS = "json,pdf,docx,diff,site"


def start_build(project: Path, out: Path, marker: str) -> subprocess.Popen[bytes]:
    # A build killed with SIGKILL cannot remove the temporary folders its own process holds
    # (its workers do clean up once they notice): keep them out of the machine's /tmp.
    scratch = out.parent / "tmp"
    scratch.mkdir(exist_ok=True)
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "normkit", "build", "-q", "--jobs", "2"),
            *("--only", OUTPUTS, "--project", str(project), "--out", str(out)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NORMKIT_TEST_MARK": marker, "TMPDIR": str(scratch)},
    )


def build(project: Path, out: Path) -> float:
    began = time.monotonic()
    assert start_build(project, out, "reference").wait(timeout=600) == 0
    return time.monotonic() - began


def marked_processes(marker: str) -> list[int]:
    """Processes (a build's workers, its fork server) whose environment carries `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environment = (entry / "environ").read_bytes()
            except OSError:
                continue
            if f"NORMKIT_TEST_MARK={marker}".encode() in environment.split(b"\0"):
                found.append(int(entry.name))
    return found


def wait_for_staging(out: Path, victim: subprocess.Popen[bytes]) -> None:
    """Until the build starts writing (or ends)."""
    while victim.poll() is None and not any(out.glob(".staging-*")):
        time.sleep(0.01)


@pytest.mark.slow
def test_builds_killed_at_random_moments(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    titles = ("Title One", "Title Two")
    references = {}
    for title in titles:  # each state built whole, once, elsewhere
        retitle(project, title)
        build(project, tmp_path / title)
        references[title] = visible_build(tmp_path / title)
    out = tmp_path / "out"
    build(project, out)  # fills the cache: the killed builds below are warm
    retitle(project, titles[0])
    duration = build(project, out)
    visible = titles[0]
    rng = random.Random(20261204)
    markers, outcomes = [], []
    for kill in range(KILLS):
        target = titles[1] if visible == titles[0] else titles[0]
        retitle(project, target)
        marker = uuid.uuid4().hex
        markers.append(marker)
        victim = start_build(project, out, marker)
        if kill % 2:  # half at any moment, half while the outputs are being written
            wait_for_staging(out, victim)
        time.sleep(rng.uniform(0.0, duration))
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        seen = visible_build(out)
        assert seen in (references[visible], references[target]), f"kill {kill}: mixed"
        outcomes.append("new" if seen == references[target] else "old")
        visible = target if seen == references[target] else visible
    # Workers notice within half a second that their build is gone (a loaded machine may
    # take longer to schedule them).
    deadline = time.monotonic() + 60
    while left := [pid for marker in markers for pid in marked_processes(marker)]:
        assert time.monotonic() < deadline, f"processes outlived their killed build: {left}"
        time.sleep(0.5)
    retitle(project, titles[0])
    build(project, out)
    assert visible_build(out) == references[titles[0]]
    assert leftovers(out) == []
    print(f"killed builds showed: {outcomes}")
