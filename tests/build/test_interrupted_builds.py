"""Builds stopped by SIGTERM, SIGHUP or Ctrl-C while their documents are being rendered:
nothing is left in the temporary folder (pandoc's scratch folders, Pagefind's staging), the
build's processes end, and the command ends as the signal says."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.build.test_killed_builds import marked_processes
from tests.spine.miniprojects import materialise

STALLING_PANDOC = """#!/bin/sh
# A pandoc that says it has started rendering, then never finishes.
for argument in "$@"; do
    if [ "$argument" = "--version" ]; then echo "pandoc 3.6"; exit 0; fi
done
touch "{started}/$$"
exec sleep 300
"""


def _stalling_pandoc(folder: Path) -> Path:
    started = folder / "started"
    started.mkdir()
    pandoc = folder / "pandoc"
    pandoc.write_text(STALLING_PANDOC.format(started=started), encoding="utf-8")
    pandoc.chmod(0o755)
    return pandoc


def _default_signals() -> None:
    """The build gets the default actions even when the tests run as a background job, where
    the shell made it ignore SIGINT."""
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(number, signal.SIG_DFL)


def _start(project: Path, jobs: int, temporary: Path, pandoc: Path) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "TMPDIR": str(temporary),
        "PYPANDOC_PANDOC": str(pandoc),
        "NORMKIT_TEST_MARK": f"interrupted-{os.getpid()}-{jobs}",
    }
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "normkit", "build", "-q", "--jobs", str(jobs)),
            *("--only", "docx", "--project", str(project), "--out", str(project / "build")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
        start_new_session=True,  # a process group of its own, as a shell gives a job
        preexec_fn=_default_signals,
    )


def _wait_for_rendering(build: subprocess.Popen[bytes], started: Path) -> None:
    deadline = time.monotonic() + 120
    while not any(started.iterdir()):
        assert build.poll() is None, "the build ended before rendering a document"
        assert time.monotonic() < deadline, "no document was rendered"
        time.sleep(0.02)


def _stop(build: subprocess.Popen[bytes], number: int) -> None:
    if number == signal.SIGINT:
        os.killpg(build.pid, number)  # Ctrl-C: the whole foreground job
    else:
        build.send_signal(number)  # `kill`, a service manager, a closed terminal
    try:
        build.wait(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)  # the stalled pandocs, if any outlive it


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(
    "number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda number: number.name
)
def test_an_interrupted_build_leaves_no_temporary_folder(
    tmp_path: Path, jobs: int, number: signal.Signals
) -> None:
    project = materialise(None, tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    pandoc = _stalling_pandoc(tmp_path)
    build = _start(project, jobs, temporary, pandoc)
    _wait_for_rendering(build, tmp_path / "started")
    assert list(temporary.iterdir())  # the document's scratch folder: the test did reach it
    _stop(build, number)
    if number == signal.SIGINT:
        assert build.returncode == 1  # click's "Aborted!"
    else:
        assert build.returncode == -number  # ended as the signal ends a process
    assert sorted(path.name for path in temporary.iterdir()) == []
    deadline = time.monotonic() + 30
    while left := marked_processes(f"interrupted-{os.getpid()}-{jobs}"):
        assert time.monotonic() < deadline, f"processes outlived the stopped build: {left}"
        time.sleep(0.2)


WORKER_STOPPED_TWICE = """
import os, signal, time
from normkit import parallel
for number in (signal.SIGTERM, signal.SIGINT):
    signal.signal(number, parallel._end_worker)  # as `_worker_setup` installs it
try:
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, which reaches the workers
    time.sleep(30)
finally:
    os.kill(os.getpid(), signal.SIGTERM)  # the build stopping its workers, mid clean-up
    time.sleep(0.2)
    print("cleaned up", flush=True)
"""


def test_a_worker_finishes_the_clean_up_of_the_first_signal() -> None:
    """Ctrl-C reaches a worker, then the build stops it with SIGTERM: the second signal must
    not cut short the clean-up the first one started (a pandoc folder was left half-removed)."""
    ended = subprocess.run(
        [sys.executable, "-c", WORKER_STOPPED_TWICE],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_default_signals,
    )
    assert ended.stdout == "cleaned up\n", ended.stderr
    assert ended.returncode == 128 + signal.SIGINT


STOPPED_WHILE_CHOOSING_THE_TEMPORARY_FOLDER = """
import os, signal, sys, tempfile
from normkit import parallel

def stop(number, frame):
    raise SystemExit(128 + number)

signal.signal(signal.SIGTERM, stop)
opened = os.open

def open_when_stopped(*args, **kwargs):
    descriptor = opened(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGTERM)  # the build stopped as Python created its probe
    return descriptor

os.open = open_when_stopped
if sys.argv[1] == "held":
    parallel.find_temporary_folder()
else:
    tempfile.gettempdir()
"""


@pytest.mark.parametrize("how", ["held", "plain"])
def test_a_signal_while_python_chooses_the_temporary_folder_leaves_no_file(
    tmp_path: Path, how: str
) -> None:
    """Python chooses the temporary folder by creating a file with a random name there and
    removing it; a worker stopped in between left it in the user's temporary folder. Workers
    and the build choose it with the stopping signals held back. `plain` shows the test
    reaches the window."""
    ended = subprocess.run(
        [sys.executable, "-c", STOPPED_WHILE_CHOOSING_THE_TEMPORARY_FOLDER, how],
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ended.returncode == 128 + signal.SIGTERM, ended.stderr
    left = sorted(path.name for path in tmp_path.iterdir())
    if how == "held":
        assert left == []
    else:
        assert len(left) == 1 and len(left[0]) == 8, left


def _chosen_temporary_folder() -> str | None:
    import tempfile

    return tempfile.tempdir


def test_a_workers_tasks_find_the_temporary_folder_chosen() -> None:
    """Workers choose it before any task, signals held back, so a stop cannot catch a task
    mid-choice."""
    import tempfile

    from normkit import parallel

    tempfile.tempdir = None
    with parallel.worker_pool(2, forked=True) as pool:
        chosen = pool.submit(_chosen_temporary_folder).result()
    assert chosen == tempfile.gettempdir()
