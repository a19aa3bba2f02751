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


def test_a_cold_folder_is_moved_aside_not_deleted(tmp_path: Path) -> None:
    """No timing may pay for the run's own deletions (`file_creation`): the earlier folder's
    files still exist, aside, until the run's work folder is removed."""
    run = benchmark_runner()
    build = tmp_path / "build"
    (build / "json").mkdir(parents=True)
    (build / "json" / "a.json").write_text("{}", encoding="utf-8")
    assert run._fresh(build) == build and not build.exists()
    (build / "json").mkdir(parents=True)
    run._fresh(build)
    kept = sorted(path.name for path in (tmp_path / run.SET_ASIDE).iterdir())
    assert kept == ["build-0", "build-1"]
    assert (tmp_path / run.SET_ASIDE / "build-0" / "json" / "a.json").is_file()


def test_the_file_creation_note_is_measured_and_kept_by_a_partial_run(tmp_path: Path) -> None:
    run = benchmark_runner()
    note = run.file_creation(tmp_path, files=20, size=1024)
    assert note.startswith("File creation on this machine") and "20 files of 1 KB" in note
    assert "(3 rounds)" in note
    earlier = tmp_path / "RESULTS.md"
    earlier.write_text("# Benchmark results\n\n| project | figure |\n\n" + note + "\n")
    report = run.Report()
    report.keep_earlier(earlier, {"print"})
    assert report.notes == [note]
    report = run.Report()
    report.keep_earlier(earlier, {"compile"})
    assert report.notes == []


def test_a_timed_command_is_followed_by_the_save_it_left(tmp_path: Path) -> None:
    """`measure._wait_for_left_saves`: the next timed run starts once the caches' child a
    `check` or `build` left is done (it holds the build folder's `.cache/.saving`)."""
    import fcntl
    import os
    import threading

    benchmark_runner()
    measure = sys.modules["measure"]
    for arguments, build in (
        (["--project", "p"], tmp_path / "p" / "build"),
        (["--project", "p", "--out", "elsewhere"], tmp_path / "elsewhere"),
    ):
        (build / ".cache").mkdir(parents=True)
        held = os.open(build / ".cache" / ".saving", os.O_WRONLY | os.O_CREAT)
        fcntl.flock(held, fcntl.LOCK_EX)  # (as the left child holds it)
        waiting = threading.Thread(
            target=measure._wait_for_left_saves, args=(["normkit", "build", *arguments], tmp_path)
        )
        waiting.start()
        waiting.join(0.2)
        assert waiting.is_alive()
        os.close(held)
        waiting.join(5)
        assert not waiting.is_alive()
    measure._wait_for_left_saves(["normkit", "check"], tmp_path / "nothing")  # none: at once
