"""Chapters parsed ahead on forked workers (`sources/parse_ahead.py`): a read with `--jobs 2`
gives the model, diagnostics and stored entries of a read with `--jobs 1`, where a worker
dies, where fork is unavailable, and it leaves no process behind."""

from __future__ import annotations

import contextlib
import mmap
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from normkit import head_start
from normkit.cache_entries import PickleEntries, Sent, saving_in_background
from normkit.cli import main
from normkit.forking import memory_file
from normkit.head_start import HeadStart
from normkit.pipeline import CheckResult, check_project
from normkit.sources import parse_ahead
from normkit.sources.documents import parse_document
from normkit.sources.files import (
    SourceFile,
    digest_of_reads,
    read_ahead,
    read_source,
    reads_ahead,
)
from normkit.sources.parse_ahead import runs
from normkit.sources.stored_parses import FOLDER, StoredParses, entry_key
from tests.spine.miniprojects import materialise

CACHE_PARSES = f"build/.cache/{FOLDER}"

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
    monkeypatch.setattr(parse_ahead, "MIN_TEXT_AT_START", 0)
    monkeypatch.setattr(parse_ahead, "fork_is_safe", lambda: True)


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The read starts once the workers have done all they would (so that which files they
    parse does not depend on how busy the machine is)."""
    parse_ahead_of = StoredParses.parse_ahead

    def then_wait(
        self: StoredParses, sources: list[SourceFile], jobs: int, at_start: bool = False
    ) -> None:
        parse_ahead_of(self, sources, jobs, at_start)
        for worker in self.workers.started.values():
            with contextlib.suppress(ChildProcessError):
                os.waitpid(worker.pid, 0)

    monkeypatch.setattr(StoredParses, "parse_ahead", then_wait)


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The parses the read took from workers, by key."""
    found: dict[str, bytes] = {}
    take = parse_ahead.Workers.take

    def spy(self: parse_ahead.Workers, source: SourceFile, key: str) -> parse_ahead.Taken | None:
        sent = take(self, source, key)
        if sent is not None and sent[1] is not None:  # (not one the read parsed itself)
            found[key] = _sent_bytes(sent[1])
        return sent

    monkeypatch.setattr(parse_ahead.Workers, "take", spy)
    return found


def _sent_bytes(sent: Sent) -> bytes:
    """The bytes of an entry where a worker sent it."""
    return sent.read()


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


_FORKED: list[int] = []
"""Workers started by the test running (`forked`)."""


@pytest.fixture(autouse=True)
def forked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every worker a test starts, noted (the test process may have other children)."""
    start = parse_ahead._start

    def noted(*args: Any) -> parse_ahead.Worker | None:
        worker = start(*args)
        if worker is not None:
            _FORKED.append(worker.pid)
        return worker

    monkeypatch.setattr(parse_ahead, "_start", noted)
    _FORKED.clear()
    yield
    _FORKED.clear()


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def _no_child_left() -> None:
    """Every worker the test started has been reaped."""
    for pid in _FORKED:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.usefixtures("always", "settled")
def test_two_jobs_read_what_one_reads(project: Path, taken: dict[str, bytes]) -> None:
    one = _check(project, 1, "one")
    assert not taken
    two = _check(project, 2, "two")
    assert len(taken) == len(_entries(project, "one")), "the worker parsed every chapter"
    assert len(_FORKED) == 1
    _same_read(one, two, project)
    # What a worker sent is stored as it is.
    stored = _entries(project, "two")
    assert all(stored[key] == sent for key, sent in taken.items())
    _no_child_left()
    # A read of the entries the workers made gives the same model again.
    assert _check(project, 2, "two").corpus == one.corpus


@pytest.mark.usefixtures("always", "settled")
def test_the_read_keeps_where_a_worker_sent_its_entries_not_their_bytes(
    project: Path, taken: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The read keeps a worker's entry where the worker sent it (its file in memory, kept
    # open after the worker ended), not its bytes: holding them for the save cost NIST SP
    # 800-53's read ~9 MB of fresh memory, and pickling the parse again cost the save.
    kept: list[object] = []
    keep = PickleEntries.keep

    def noted(self: PickleEntries, key: str, value: Any) -> None:
        if self.folder.name == FOLDER:
            kept.append(value)
        keep(self, key, value)

    monkeypatch.setattr(PickleEntries, "keep", noted)
    two = _check(project, 2, "two")
    assert taken and kept
    assert sum(type(value) is Sent for value in kept) == len(taken)
    assert not any(isinstance(value, bytes) for value in kept)
    _no_child_left()  # (the worker ended before the save copied its entries)
    stored = _entries(project, "two")
    assert all(stored[key] == sent for key, sent in taken.items())
    one = _check(project, 1, "one")
    _same_read(one, two, project)


@pytest.mark.usefixtures("always", "settled")
def test_saved_by_the_command_in_the_background(project: Path, taken: dict[str, bytes]) -> None:
    """As the commands save: in a forked child, which writes the workers' bytes."""
    one = _check(project, 1, "one")
    with saving_in_background():
        two = _check(project, 2, "two")
    assert taken
    _same_read(one, two, project)
    _no_child_left()


@pytest.mark.usefixtures("always", "settled")
def test_a_worker_that_dies_loses_no_file(
    project: Path, taken: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies while parsing its second file: the read takes the first, and
    parses the rest itself."""
    send = parse_ahead.send_record
    sent: list[object] = []

    def once(*args: object) -> None:
        if sent:
            os._exit(3)
        sent.append(args)
        send(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_ahead, "send_record", once)
    one = _check(project, 1, "one")
    two = _check(project, 2, "two")
    assert len(taken) == 1
    _same_read(one, two, project)
    _no_child_left()


def _failing(*args: object) -> None:
    raise RuntimeError("a bug in a worker")


def _no_fork() -> int:
    raise OSError("no fork here")


@pytest.mark.usefixtures("always")
@pytest.mark.parametrize(
    ("module", "name", "replacement"),
    [(parse_ahead, "_parse_backward", _failing), (os, "fork", _no_fork)],
    ids=["a worker fails", "no fork"],
)
def test_one_process_reads_all_a_worker_does_not_send(
    project: Path,
    taken: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    module: object,
    name: str,
    replacement: object,
) -> None:
    one = _check(project, 1, "one")
    monkeypatch.setattr(module, name, replacement)
    two = _check(project, 2, "two")
    assert not taken
    _same_read(one, two, project)
    _no_child_left()


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


def test_from_a_command_s_start_fewer_characters_pay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers forked at a command's start parse while it imports (`head_start.py`): a
    project of 100 criteria pays there, not once the read has begun, and so does one
    chapter (a run after an edit)."""
    monkeypatch.setattr(parse_ahead, "fork_is_safe", lambda: True)
    text = "x" * (parse_ahead.MIN_TEXT_AT_START // 2)
    small = [(str(n), SourceFile(f"{n}.md", text)) for n in range(2)]
    assert parse_ahead.worth_forking(small, 2, at_start=True)
    assert not parse_ahead.worth_forking(small, 2)
    lone = [("0", SourceFile("0.md", text * 2))]
    assert parse_ahead.worth_forking(lone, 2, at_start=True)
    assert not parse_ahead.worth_forking(lone, 2)  # one file: the read's own
    assert not parse_ahead.worth_forking([(k, SourceFile(k, "x")) for k, _ in small], 2, True)


@pytest.mark.usefixtures("always")
def test_from_a_command_s_start_a_worker_parses_even_a_lone_chapter(tmp_path: Path) -> None:
    source = SourceFile("standards/s/v/1.md", "# Chapter\n\nText.\n")
    parses = StoredParses(tmp_path / "cache")
    parses.parse_ahead([source], 2)
    assert not parses.workers.started  # once the read has begun: it parses the file itself
    parses.parse_ahead([source], 2, at_start=True)
    assert sorted(parses.workers.started) == [1]
    for worker in list(parses.workers.started.values()):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(worker.pid, 0)
    assert parses.parse(source)[0].chunks == parse_document(source)[0].chunks
    assert parses.parsed == 1, "the worker's parse"
    parses.forget_unused()


@pytest.mark.usefixtures("always")
def test_each_file_is_parsed_by_whoever_reaches_it_first(tmp_path: Path) -> None:
    """The read goes forward, workers backward from the end of their runs; the read waits
    for a file a worker claimed, and parses the others itself."""
    sources = [SourceFile(f"standards/s/v/{n}.md", f"# Chapter {n}\n\nText.\n") for n in range(9)]
    parses = StoredParses(tmp_path / "cache")
    parses.parse_ahead(sources, 3)
    workers = parses.workers
    assert sorted(workers.started) == [1, 2]
    assert workers.claims is not None
    for worker in list(workers.started.values()):  # let them go as far as they can
        with contextlib.suppress(ChildProcessError):
            os.waitpid(worker.pid, 0)
    claims = list(bytes(workers.claims))
    # Worker 2 went from the last file to the first, worker 1 from the end of its run
    # until it reached what worker 2 had claimed.
    assert claims == [2] * 9 or (claims[-1] == 2 and 1 in claims), claims
    for source in sources:
        assert parses.parse(source)[0].chunks == parse_document(source)[0].chunks
    assert parses.parsed == len(sources)
    parses.forget_unused()
    assert not parses.workers.started and parses.workers.claims is None


@pytest.mark.usefixtures("always")
def test_a_file_the_read_reached_first_is_not_parsed_by_a_worker(tmp_path: Path) -> None:
    sources = [SourceFile(f"standards/s/v/{n}.md", f"# Chapter {n}\n") for n in range(4)]
    parses = StoredParses(tmp_path / "cache")
    workers = parses.workers
    workers.index = {entry_key(source): place for place, source in enumerate(sources)}
    workers.claims = mmap.mmap(-1, len(sources))
    assert workers.take(sources[0], entry_key(sources[0])) is None  # the read claims it
    assert workers.claims[0] == parse_ahead._READ
    workers.stop()


@pytest.mark.usefixtures("always")
def test_workers_whose_parses_nobody_asks_for_are_stopped(tmp_path: Path) -> None:
    big = "# Chapter\n\n" + "Some text with *emphasis* and [[refs]].\n\n" * 20_000
    sources = [SourceFile(f"standards/s/v/{n}.md", big + str(n)) for n in range(4)]
    parses = StoredParses(tmp_path / "cache")
    parses.parse_ahead(sources, 2)
    assert parses.workers.started
    parses.forget_unused()  # the read is over before it asked for any
    assert not parses.workers.started
    _no_child_left()


def test_a_worker_goes_backward_through_each_folder_in_turn() -> None:
    """From the last file of the first folder backward, until it meets a file another
    claimed, then from the last of the next: the read, done with a version's chapters,
    reads its criteria while the worker parses the next version's."""
    paths = ["s/v1/a.md", "s/v1/b.md", "s/v1/c.md", "s/v2/a.md", "s/v2/b.md", "glossary/t.md"]
    files = [(path, SourceFile(path, "x")) for path in paths]
    claims = mmap.mmap(-1, len(files))
    order = []
    for place in parse_ahead.backward_by_folder(files, claims):
        claims[place] = 1
        order.append(place)
        if place == 1:
            claims[0] = parse_ahead._READ  # the read reached the first meanwhile
    assert order == [2, 1, 4, 3, 5]
    claims[:] = bytes([parse_ahead._READ, 0, 0, 0, 0, 0])
    claims[4] = 2  # another worker's
    assert list(parse_ahead.backward_by_folder(files, claims)) == [2, 1, 5]


@pytest.mark.usefixtures("always")
def test_while_the_read_waits_with_nothing_sent_it_parses_the_next_free_file(
    tmp_path: Path,
) -> None:
    """Where the read waits for the file a worker is parsing (the last of a version) and
    the worker sent nothing it could load meanwhile, it parses the first file after it that
    nobody claimed (the next version's first), and takes it as its own when it gets there."""
    sources = [SourceFile(f"standards/s/v{n // 2}/{n}.md", f"# Chapter {n}\n") for n in range(4)]
    keys = [entry_key(source) for source in sources]
    parses = StoredParses(tmp_path / "cache")
    workers = parses.workers
    workers.files = list(zip(keys, sources, strict=True))
    workers.index = {key: place for place, key in enumerate(keys)}
    workers.claims = mmap.mmap(-1, len(sources))
    workers.claims[1] = workers.claims[3] = 1  # each version's last, a worker's
    assert parses.parse(sources[0])[0].chunks == parse_document(sources[0])[0].chunks
    del workers.index[keys[1]]  # the read waits for it
    assert workers._load_next()
    assert workers.claims[2] == parse_ahead._READ
    assert not workers._load_next()  # nothing else free
    assert parses.parse(sources[2])[0].chunks == parse_document(sources[2])[0].chunks
    assert type(parses.entries.pending[keys[2]]) is tuple  # the read's own, pickled on save
    assert parses.parsed == 2
    workers.stop()


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


@pytest.mark.usefixtures("always")
@pytest.mark.parametrize("jobs", [2, 3])
def test_racing_workers_read_what_one_reads(project: Path, jobs: int) -> None:
    """Wherever the read and the workers happen to meet."""
    one = _check(project, 1, "one")
    _same_read(one, _check(project, jobs, "two"), project)
    _no_child_left()


@pytest.mark.usefixtures("always")
def test_a_worker_later_than_the_read_is_not_waited_for(
    project: Path, taken: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that never sends (as one a busy machine leaves no time to): the read waits
    about as long as parsing the file takes it, parses it, and stops the worker."""

    def stuck(*args: object) -> None:
        time.sleep(600)

    monkeypatch.setattr(parse_ahead, "send_record", stuck)
    one = _check(project, 1, "one")
    _same_read(one, _check(project, 2, "two"), project)
    assert not taken
    _no_child_left()


def test_a_file_read_ahead_is_not_read_again(tmp_path: Path) -> None:
    """Within `reads_ahead`, the read takes the text read ahead once (a chapter is read,
    decoded and scanned for control characters once), and still digests its bytes."""
    path = tmp_path / "chapter.md"
    path.write_bytes(b"# One\r\n\x07Text.\r\n")
    with reads_ahead():
        ahead = read_ahead(tmp_path, path)
        path.write_bytes(b"# Two\n")
        with digest_of_reads() as digest:
            source, problems = read_source(tmp_path, path)
        assert source is ahead and source is not None
        assert source.text == "# One\nText.\n"
        assert [p.code.code for p in problems] == ["source.control-character"]
        assert read_source(tmp_path, path)[0] == SourceFile("chapter.md", "# Two\n")
    with digest_of_reads() as fresh:
        path.write_bytes(b"# One\r\n\x07Text.\r\n")
        read_source(tmp_path, path)
    assert digest.value == fresh.value
    assert read_ahead(tmp_path, path) == source  # outside: read, kept for nobody
    path.write_bytes(b"# Three\n")
    assert read_source(tmp_path, path)[0] == SourceFile("chapter.md", "# Three\n")


@pytest.mark.usefixtures("always", "settled")
def test_the_command_starts_parsing_before_the_pipeline(
    project: Path, taken: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`normkit check` starts the workers before it imports the pipeline (`head_start.py`):
    the read takes their parses, the files they read and their entries, and reports what a
    read with one job reports."""
    started: list[HeadStart | None] = []
    start = head_start.parsing_started

    def noted(root: Path, jobs: int | None) -> HeadStart | None:
        started.append(start(root, jobs))
        return started[-1]

    monkeypatch.setattr(head_start, "parsing_started", noted)
    one = CliRunner().invoke(main, ["check", "--project", str(project), "--jobs", "1"])
    assert started == [None] and not taken
    (project / "build").rename(project.parent / "build-one")
    two = CliRunner().invoke(main, ["check", "--project", str(project), "--jobs", "2"])
    assert two.output == one.output and two.exit_code == one.exit_code == 1
    assert started[-1] is not None and started[-1].parses.workers.claims is None  # stopped
    assert not started[-1].reads, "the read took every file read ahead"
    assert len(_FORKED) == 1
    assert taken and set(taken) <= {path.name for path in (project / CACHE_PARSES).iterdir()}
    _no_child_left()


@pytest.mark.usefixtures("always", "settled")
def test_the_build_starts_parsing_before_the_pipeline(
    project: Path, taken: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`normkit build` too, for the build folder it builds into (`--out`): the read takes
    the workers' parses and entries and builds what a build with one job builds."""
    started: list[HeadStart | None] = []
    start = head_start.parsing_started

    def noted(root: Path, jobs: int | None, out: Path | None = None) -> HeadStart | None:
        started.append(start(root, jobs, out))
        return started[-1]

    monkeypatch.setattr(head_start, "parsing_started", noted)
    (project / "standards/demo/v2/03-reporting.md").unlink()  # (errors build nothing)
    out = project.parent / "out"
    built = []
    for jobs in ("1", "2"):
        command = ["build", "--only", "json", "--project", str(project), "--out", str(out)]
        result = CliRunner().invoke(main, [*command, "--jobs", jobs, "--quiet"])
        assert result.exit_code == 0, result.output
        files = (out / "json").resolve()
        built.append({str(p.relative_to(files)): p.read_bytes() for p in _files(files)})
        if jobs == "1":
            assert started == [None] and not taken
            out.rename(project.parent / "out-one")
    assert built[1] == built[0] and built[0]
    assert started[-1] is not None and started[-1].cache == out / ".cache"
    assert started[-1].parses.workers.claims is None  # stopped
    assert not started[-1].reads, "the read took every file read ahead"
    assert len(_FORKED) == 1
    assert taken and set(taken) <= {path.name for path in (out / ".cache/parses").iterdir()}
    _no_child_left()


@pytest.mark.usefixtures("always", "settled")
def test_a_head_start_for_another_cache_is_stopped(project: Path) -> None:
    started = head_start.parsing_started(project, 2)
    assert started is not None and started.parses.workers.started
    one = _check(project, 1, "one")
    two = check_project(project, cache=project / "two", keep_parses=True, jobs=2, started=started)
    assert not started.parses.workers.started
    _same_read(one, two, project)
    _no_child_left()


@pytest.mark.usefixtures("always")
def test_stopping_a_worker_does_not_wait_for_it_to_end() -> None:
    """A killed worker frees its memory on its own core while the read goes on; it is
    reaped afterwards (`reap_stopped`, at the end of `check_project`)."""
    worker = parse_ahead.start_worker("normkit-test", lambda buffer, ready: time.sleep(30))
    assert worker is not None
    worker.stop(wait=False)
    assert worker.pid in parse_ahead._STOPPED  # still this process's child: not reaped
    parse_ahead.reap_stopped()
    assert not parse_ahead._STOPPED
    with pytest.raises(ChildProcessError):
        os.waitpid(worker.pid, os.WNOHANG)


def test_while_the_read_waits_it_loads_what_was_sent_for_the_files_after() -> None:
    """The read waits for a file a worker is parsing (going backward, it sent the files
    after it first): it loads those meanwhile, and their loading is not counted as waiting,
    so it gives the worker as long as without them; it then takes them without waiting."""
    sources = [SourceFile(f"{name}.md", "x" * 10_000) for name in "abc"]  # 10 ms each
    loads: list[bytes] = []

    def slow_load(data: bytes) -> object:
        time.sleep(0.05)  # longer than the read would wait for "a"
        loads.append(data)
        return data.decode()

    workers = parse_ahead.Workers(load=slow_load)
    buffer = memory_file("normkit-test")
    ready, written = os.pipe()
    worker = parse_ahead.Worker(pid=os.getpid(), buffer=buffer, ready=ready)
    workers.started[1] = worker
    workers.index = {"a": 0, "b": 1, "c": 2}
    workers.claims = mmap.mmap(-1, 3)
    workers.claims[:] = bytes([1, 1, 1])  # all three claimed by the worker
    for key in "cb":
        parse_ahead.send_record(buffer, written, key, f"parse of {key}".encode())
    began = time.monotonic()
    assert workers.take(sources[0], "a") is None  # never sent: the read parses it
    assert loads == [b"parse of b", b"parse of c"], "the next file first"
    assert time.monotonic() - began >= 0.1 + 0.01
    began = time.monotonic()
    taken = [workers.take(source, key) for source, key in zip(sources[1:], "bc", strict=True)]
    assert time.monotonic() - began < 0.01 and len(loads) == 2
    for key, found in zip("bc", taken, strict=True):
        assert found is not None and found[0] == f"parse of {key}"
        assert found[1] is not None and _sent_bytes(found[1]) == f"parse of {key}".encode()
    worker.running = False  # (not a child: nothing to stop)
    for descriptor in (buffer, ready, written):
        os.close(descriptor)
    workers.claims.close()
