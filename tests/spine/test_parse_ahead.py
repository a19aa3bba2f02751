"""Chapters parsed ahead on forked workers (`sources/parse_ahead.py`): a read with `--jobs 2`
gives the model, diagnostics and stored entries of a read with `--jobs 1`, where a worker
dies, where fork is unavailable, and it leaves no process behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit.cache_entries import saving_in_background
from normkit.cli import main
from normkit.pipeline import CheckResult, check_project
from normkit.sources import parse_ahead
from normkit.sources.documents import parse_document
from normkit.sources.files import SourceFile
from normkit.sources.parse_ahead import runs
from normkit.sources.stored_parses import FOLDER, StoredParses, entry_key
from tests.spine.miniprojects import materialise

MORE = """# Reporting

## 3.1 Annual report {#annual-report}

```criterion
id: annual-report
```

The entity shall publish an annual report.

```criterion
id: misplaced
```

## 3.2 Unclosed

```text
# a heading in an unclosed fence
"""
"""A chapter whose parse finds problems (a misplaced block, an unclosed fence): its
diagnostics come from whichever process parsed it."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = materialise(None, tmp_path / "project")
    (root / "standards/demo/v2/03-reporting.md").write_text(MORE, encoding="utf-8")
    return root


@pytest.fixture
def always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse ahead whatever the size, and whatever threads the test runner runs."""
    monkeypatch.setattr(parse_ahead, "MIN_TEXT", 0)
    monkeypatch.setattr(parse_ahead, "fork_is_safe", lambda: True)


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The parses the read took from workers, by key."""
    found: dict[str, bytes] = {}
    take = parse_ahead.Workers.take

    def spy(self: parse_ahead.Workers, key: str) -> bytes | None:
        sent = take(self, key)
        if sent is not None:
            found[key] = sent
        return sent

    monkeypatch.setattr(parse_ahead.Workers, "take", spy)
    return found


def _check(root: Path, jobs: int, cache: str) -> CheckResult:
    return check_project(root, cache=root / cache, keep_parses=True, jobs=jobs)


def _entries(root: Path, cache: str) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (root / cache / FOLDER).iterdir()}


def _same_read(one: CheckResult, other: CheckResult, root: Path) -> None:
    assert other.corpus == one.corpus
    assert other.diagnostics == one.diagnostics
    assert [d.format() for d in other.diagnostics] == [d.format() for d in one.diagnostics]
    codes = {d.code.code for d in one.diagnostics}
    assert {"criterion.block-misplaced", "markdown.unclosed"} <= codes, codes
    # The same entries, holding the same parses (`marshal` may mark a string for reuse in
    # one and not in the other: see `parse_ahead.py`).
    first, second = _entries(root, "one"), _entries(root, "two")
    assert sorted(first) == sorted(second)
    entries = StoredParses(root / "unused").entries
    for name, data in first.items():
        assert entries.loads(second[name]) == entries.loads(data)
    assert one.stored is not None and other.stored is not None
    assert one.stored[0].parsed == other.stored[0].parsed == len(first)


def _no_child_left() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.usefixtures("always")
def test_two_jobs_read_what_one_reads(project: Path, taken: dict[str, bytes]) -> None:
    one = _check(project, 1, "one")
    assert not taken
    two = _check(project, 2, "two")
    assert taken, "a worker parsed some chapters"
    _same_read(one, two, project)
    # What a worker sent is stored as it is: the save did not pickle it again.
    stored = _entries(project, "two")
    assert all(stored[key] == sent for key, sent in taken.items())
    _no_child_left()
    # A read of the entries the workers made gives the same model again.
    assert _check(project, 2, "two").corpus == one.corpus


@pytest.mark.usefixtures("always")
def test_saved_by_the_command_in_the_background(project: Path, taken: dict[str, bytes]) -> None:
    """As the commands save: in a forked child, which writes the workers' bytes."""
    one = _check(project, 1, "one")
    with saving_in_background():
        two = _check(project, 2, "two")
    assert taken
    _same_read(one, two, project)
    _no_child_left()


@pytest.mark.usefixtures("always")
def test_a_worker_that_dies_loses_no_file(
    project: Path, taken: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that ends after its first file: the read parses the rest itself."""
    parse_into = parse_ahead._parse_into

    def first_only(run: parse_ahead.Run, *args: object) -> None:
        parse_into(run[:1], *args)  # type: ignore[arg-type]
        os._exit(3)

    monkeypatch.setattr(parse_ahead, "_parse_into", first_only)
    one = _check(project, 1, "one")
    two = _check(project, 2, "two")
    assert len(taken) == 1
    _same_read(one, two, project)
    _no_child_left()


@pytest.mark.usefixtures("always")
def test_a_worker_that_fails_loses_no_file(
    project: Path, taken: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: object) -> None:
        raise RuntimeError("a bug in a worker")

    monkeypatch.setattr(parse_ahead, "_parse_into", failing)
    one = _check(project, 1, "one")
    two = _check(project, 2, "two")
    assert not taken
    _same_read(one, two, project)
    _no_child_left()


@pytest.mark.usefixtures("always")
def test_without_fork_one_process_reads(
    project: Path, taken: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _check(project, 1, "one")

    def no_fork() -> int:
        raise OSError("no fork here")

    monkeypatch.setattr(os, "fork", no_fork)
    two = _check(project, 2, "two")
    assert not taken
    _same_read(one, two, project)


def test_not_where_forking_is_unsafe_or_does_not_pay(
    project: Path, taken: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another thread running (`normkit serve`), or a project this small: one process."""
    monkeypatch.setattr(parse_ahead, "MIN_TEXT", 0)
    monkeypatch.setattr(parse_ahead, "fork_is_safe", lambda: False)
    _check(project, 2, "two")
    monkeypatch.setattr(parse_ahead, "fork_is_safe", lambda: True)
    monkeypatch.setattr(parse_ahead, "MIN_TEXT", 10**9)
    _check(project, 2, "two")
    assert not taken


@pytest.mark.usefixtures("always")
def test_workers_whose_parses_nobody_asks_for_are_stopped(tmp_path: Path) -> None:
    sources = [SourceFile(f"standards/s/v/{n}.md", f"# Chapter {n}\n\nText.\n") for n in range(6)]
    parses = StoredParses(tmp_path / "cache")
    parses.parse_ahead(sources, 3)
    assert len(parses.workers.started) == 2
    last = sources[-1]
    assert parses.parse(last)[0].chunks == parse_document(last)[0].chunks  # a worker's
    assert parses.workers.take(entry_key(sources[0])) is None  # the read's own
    parses.forget_unused()  # the read is over: the rest is not wanted
    assert not parses.workers.started
    _no_child_left()


def test_runs_follow_the_reading_order() -> None:
    sizes = [50, 10, 10, 30, 20, 80, 5, 5]
    unparsed = [(str(n), SourceFile(f"{n}.md", "x" * size)) for n, size in enumerate(sizes)]
    two = runs(unparsed, 2)
    assert [[key for key, _ in run] for run in two] == [["0", "1", "2", "3", "4"], ["5", "6", "7"]]
    three = runs(unparsed, 3)
    assert len(three) == 3
    assert [item for run in three for item in run] == unparsed
    assert runs(unparsed[:1], 4) == [unparsed[:1]]


def test_check_takes_jobs(project: Path) -> None:
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["check", "--project", str(project), "--jobs", jobs])
        assert result.exit_code == 1, result.output  # the chapter above has errors
        assert "criterion.block-misplaced" in result.output
