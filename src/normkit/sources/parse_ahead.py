"""Parsing the chapters a read will need on other cores, while the read goes on.

A cold read spends most of its time in markdown-it, one file after another (NIST SP 800-53
rev4 + rev5: 3.1 of 5.5 s profiled), while the machine has more cores. Parsing a file
depends on nothing but its path and text (`stored_parses.py`), so before the read starts,
workers are forked from this process (the parser is loaded in it already; `normkit check`
and `normkit build` fork them before they import the rest of normkit: `head_start.py`) for
the files whose parse is not stored. The read goes through them in its own order, as it
always did; each worker goes through the folders of the files up to the end of its run,
each from its last file backward, and each file is parsed by whoever reaches it first
(`Workers`): where they meet depends on how fast each goes, so a worker that a busy
machine leaves behind costs the read no time. A
worker sends each parse as soon as it is made, as the bytes of its stored entry (the form
that already crosses a process boundary cheaply), appended to an anonymous file in memory;
the read loads those bytes when it reaches that file (a sixth of the cost of parsing it, on
NIST), and the save copies them from that file as they are (`cache_entries.Sent`: the file
is kept open for it, so the read holds only what it loaded). Where the read waits for a
file a worker is still parsing, it loads meanwhile what that worker already sent for the
files after it, which it would load next anyway, or else parses the first file after it
nobody claimed (`Workers.take`).

Diagnostics, file order and the model are those of a read that parses every file itself,
and every stored entry holds the same parse (`marshal` marks a string for reuse by its
reference count at the time it is written, so a byte of an entry a worker made may differ
from a sequential read's; both load the same).

Only where it pays and is safe:
- below `MIN_TEXT` characters of unparsed text (a few chapters, an edit) the fork, and
  loading what a worker sends, cost more than they save; from a command's first moments
  (`head_start.py`) the workers parse while the command imports the rest of normkit, so
  there the bound is `MIN_TEXT_AT_START`;
- never where `fork` is missing or unsafe (`forking.fork_is_safe`: another thread could hold
  a lock the worker would inherit held), nor with `--jobs 1`;
- a worker that fails or dies loses nothing: a file it did not send, the read parses.
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import os
import select
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from normkit.cache_entries import Sent
from normkit.diagnostics import Diagnostic
from normkit.forking import (
    RECORD_HEAD,
    KeptFile,
    fork_is_safe,
    memory_file,
    record,
    split_records,
    write_all,
)
from normkit.sources.documents import ParsedDocument, parse_document
from normkit.sources.files import SourceFile, markdown_files, read_ahead
from normkit.sources.markdown import parser

Run = list[tuple[str, SourceFile]]
"""(entry key, source) of files in reading order."""
Parsed = tuple[ParsedDocument, list[Diagnostic]]
Pickler = Callable[[], Callable[[Any], bytes]]
"""Makes, in the worker, what turns a parse into its entry's bytes."""
Loader = Callable[[bytes], object]
"""Turns the entry's bytes a worker sent back into its parse, in the read."""
Taken = tuple[object, Sent | None]
"""A worker's parse as loaded (`Loader`: None if it did not load), and where its entry's
bytes are; or the read's own parse of a file after the one it waited for, and None
(`_parse_next`)."""

MIN_TEXT = 100_000
"""Characters of unparsed text below which the read parses everything itself (about 30 ms
of parsing: forking, loading what is sent and reaping cost about as much)."""
MIN_TEXT_AT_START = 10_000
"""`MIN_TEXT` for workers forked at a command's start (`head_start.py`): they parse while
the command imports the rest of normkit (~40 ms), so the read finds the chapters parsed
and only loads them. Cold, 11 interleaved runs on a quiet machine: `check` of 100 generated
criteria (80,000 characters) 0.114 → 0.107 s, `build --only json` 0.128 → 0.120 s; of 184
criteria of NIST SP 800-53 rev5 0.113 → 0.101 s and 0.123 → 0.112 s; 30 criteria (24,000
characters) 0.098 → 0.096 s. Below this, about 3 ms of parsing, the fork costs as much as
it saves."""
_SECONDS_PER_CHARACTER = 1e-6
"""How long the read is assumed to take to parse a character, until it has parsed a file
(about 3 times what it takes on NIST here)."""


def chapter_sources(root: Path, folders: Iterable[Path]) -> list[SourceFile]:
    """The Markdown sources of `folders` as the read will find them (and, within
    `files.reads_ahead`, without reading them again); a file that cannot be read or decoded
    is left to the read, which reports it."""
    sources = []
    for folder in folders:
        for path in markdown_files(folder):
            with contextlib.suppress(OSError):
                source = read_ahead(root, path)
                if source is not None:
                    sources.append(source)
    return sources


def runs(unparsed: Run, jobs: int) -> list[Run]:
    """`unparsed` cut, in its order, into at most `jobs` runs of about equal text (a run
    ends on the file that takes it past its share): the read starts at the first, each
    worker at the end of another."""
    total = sum(len(source.text) for _, source in unparsed)
    found: list[Run] = [[]]
    done = 0
    for item in unparsed:
        if done >= total * len(found) / jobs and len(found) < jobs:
            found.append([])
        found[-1].append(item)
        done += len(item[1].text)
    return [run for run in found if run]


def worth_forking(unparsed: Run, jobs: int, at_start: bool = False) -> bool:
    """Whether parsing `unparsed` on other cores pays, and can be done safely here;
    `at_start`: from a command's start (`head_start.py`)."""
    return (
        jobs > 1
        and len(unparsed) > (0 if at_start else 1)  # (a lone file: the read's own)
        and sum(len(source.text) for _, source in unparsed)
        >= (MIN_TEXT_AT_START if at_start else MIN_TEXT)
        and fork_is_safe()
    )


@dataclass(slots=True)
class Worker:
    """A forked process parsing files; what it has sent so far."""

    pid: int
    buffer: int
    """An anonymous file it appends a record to per parse."""
    ready: int
    """The read end of a pipe it writes a byte to after each record: closed, it is done."""
    sent: dict[str, bytes] = field(default_factory=dict)
    placed: dict[str, int] = field(default_factory=dict)
    """Where each entry of `sent` starts in `buffer`."""
    read: int = 0
    """How much of `buffer` has been read."""
    running: bool = True
    kept: KeptFile | None = None
    """`buffer`, kept open after the worker is stopped for the entries taken from it."""

    def take(
        self, key: str, patience: float, meanwhile: Callable[[], bool] | None = None
    ) -> bytes | None:
        """The entry's bytes of `key`'s parse, once the worker made it: None if it ended
        without, or did not send it within `patience` seconds (the caller parses it);
        `meanwhile` as for `has`."""
        return self.sent.pop(key) if self.has(key, patience, meanwhile) else None

    def where(self, key: str, size: int) -> Sent:
        """Where the `size` bytes of `key`'s entry, once taken, are in `buffer` (which stays
        open for them)."""
        if self.kept is None:
            self.kept = KeptFile(self.buffer)
        return Sent(self.kept, self.placed.pop(key), size)

    def has(self, key: str, patience: float, meanwhile: Callable[[], bool] | None = None) -> bool:
        """Whether `key`'s record is in `sent`, once the worker sent it: False if it ended
        without, or did not send it within `patience` seconds. While it is not there,
        `meanwhile()` is called before each wait, again as long as it returns True (it did
        something): what the caller would do next anyway, so its time is not counted as
        waiting."""
        deadline = time.monotonic() + patience
        while key not in self.sent and self.running:
            self._read_records()
            if key in self.sent:
                break
            if meanwhile is not None:
                begun = time.monotonic()
                if meanwhile():
                    deadline += time.monotonic() - begun
                    continue
            left = deadline - time.monotonic()
            waiting = select.poll()
            waiting.register(self.ready, select.POLLIN)
            if left <= 0 or not waiting.poll(left * 1000):
                return False  # it is late (a busy machine): the caller makes it itself
            if not os.read(self.ready, 1 << 16):  # a byte per record sent since, or its end
                self._read_records()  # those it wrote before it ended
                self.stop()
        return key in self.sent

    def _read_records(self) -> None:
        size = os.fstat(self.buffer).st_size
        if size <= self.read:
            return
        data = memoryview(_read_all(self.buffer, self.read, size - self.read))
        found, taken = split_records(data)  # (one being written is read again later)
        end = self.read
        for key, entry in found:
            end += RECORD_HEAD + len(key) + len(entry)  # (the records follow each other)
            self.sent[key.decode()] = entry
            self.placed[key.decode()] = end - len(entry)
        self.read += taken

    def stop(self, wait: bool = True) -> None:
        """End the worker (if it is still working, nobody wants what it makes) and reap it;
        without `wait`, `reap_stopped` reaps it later. A killed worker that copied much of
        its parent's memory takes a while to free it (a render helper at 10,000 criteria:
        ~30 ms, for which the read waited), and does so on its own core meanwhile."""
        if not self.running:
            return
        self.running = False
        from normkit.signals import signal

        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)  # (a pid is not reused before it is reaped)
        if wait:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
        else:
            _STOPPED.append(self.pid)
        os.close(self.ready)
        os.close(self.buffer)


_STOPPED: list[int] = []
"""Workers stopped and not reaped yet (`Worker.stop`)."""


def reap_stopped() -> None:
    """Wait for every worker stopped so far (`check_project` does at its end, for the
    render helpers stopped without waiting: by then each has long ended)."""
    while _STOPPED:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_STOPPED.pop(), 0)


_FREE = 0
_READ = 255
"""In `Workers.claims`: a file nobody parses yet, and one the read parses itself; a worker
claims a file with its number (1, 2 …)."""


@dataclass(slots=True)
class Workers:
    """The workers of one read, and who parses which file: one byte per file in memory
    shared with the workers (`claims`). The read goes forward through the files, each
    worker backward through each folder in turn (`backward_by_folder`), and whoever comes
    to a file first claims it: a worker leaves a folder at a file claimed by another, the
    read waits for a file a worker has claimed (it is being parsed, or sent already) and
    parses any other itself. Where they meet depends on how fast each goes, not on a guess
    made in advance: a worker that a busy machine leaves behind, or one that cannot start,
    costs the read no time."""

    load: Loader
    """How the read loads what a worker sent (`StoredParses`: as a stored entry)."""
    started: dict[int, Worker] = field(default_factory=dict)
    """By number."""
    index: dict[str, int] = field(default_factory=dict)
    """Each file's place in the reading order, by key."""
    claims: mmap.mmap | None = None
    parse_time: float = 0.0
    parsed_text: int = 0
    """The read's own parses: how long it would take to parse a file a worker is late with."""
    files: Run = field(default_factory=list)
    """The files parsed ahead, in reading order."""
    loaded: dict[str, Taken] = field(default_factory=dict)
    """What workers sent for files the read has not reached, loaded while it waited for
    another (`take`), by key."""

    def start(self, unparsed: Run, jobs: int, pickler: Pickler, at_start: bool = False) -> None:
        """Workers for all but the first run of `unparsed` (the read's own), where
        `worth_forking` says they pay (`at_start`: from a command's start)."""
        if not worth_forking(unparsed, jobs, at_start) or self.claims is not None:
            return
        parser()  # built once, here, for every worker to inherit
        self.claims = mmap.mmap(-1, len(unparsed))  # shared with the workers (MAP_SHARED)
        self.index = {key: place for place, (key, _) in enumerate(unparsed)}
        self.files = unparsed
        split = runs(unparsed, min(jobs, _READ))
        if at_start and len(split) == 1:  # the read is far off: a worker takes even one file
            split.insert(0, [])
        end = 0
        for number, run in enumerate(split):
            end += len(run)
            if number == 0:
                continue  # the read's own
            worker = _start(unparsed, end, number, self.claims, pickler)
            if worker is not None:
                self.started[number] = worker

    def take(self, source: SourceFile, key: str) -> Taken | None:
        """A worker's parse of `source`, or None: the caller parses it (`parse`), as no
        worker claimed it, or the one that did ended without sending it, or is later with it
        than the read would be. While the read waits for it, it loads what the workers sent
        for the files after it (`_load_next`): at 10,000 criteria in ten chapters, on a
        shared machine, it waited ~130 ms for the one a worker was parsing, then loaded the
        four chapters the worker had sent before it, 6-10 ms each."""
        if key in self.loaded:
            return self.loaded.pop(key)
        place = self.index.pop(key, None)
        if place is None or self.claims is None:
            return None
        claimant = self.claims[place]
        if claimant == _FREE:
            self.claims[place] = _READ  # a worker that reads this from now on stops here
            return None
        worker = self.started.get(claimant)
        if worker is None:
            return None
        rate = self.parse_time / self.parsed_text if self.parsed_text else _SECONDS_PER_CHARACTER
        sent = worker.take(key, rate * len(source.text), self._load_next)
        return None if sent is None else (self.load(sent), worker.where(key, len(sent)))

    def _load_next(self) -> bool:
        """Load what a worker sent for the first file the read has not reached yet (the
        read takes it from `loaded`); False if no worker sent any."""
        first: tuple[int, str, Worker] | None = None
        for worker in self.started.values():
            for key in worker.sent:
                place = self.index.get(key)
                if place is not None and (first is None or place < first[0]):
                    first = place, key, worker
        if first is None:
            return self._parse_next()
        _, key, worker = first
        del self.index[key]
        sent = worker.sent.pop(key)
        self.loaded[key] = self.load(sent), worker.where(key, len(sent))
        return True

    def _parse_next(self) -> bool:
        """Parse the first file after the one the read waits for that nobody claimed yet
        (the read takes it from `loaded`); False if there is none. A worker goes backward
        through each folder (`backward_by_folder`): where it meets the read, the read would
        wait for the file the worker is parsing, with nothing sent to load, and parses the
        next folder's first file meanwhile, which it parses anyway."""
        if self.claims is None:
            return False
        claims = self.claims
        free = (place for place in self.index.values() if claims[place] == _FREE)
        place = min(free, default=None)
        if place is None:
            return False
        claims[place] = _READ
        key, source = self.files[place]
        del self.index[key]
        self.loaded[key] = self.parse(source), None
        return True

    def parse(self, source: SourceFile) -> Parsed:
        """`source` parsed by the read itself (timed, for `take`'s patience)."""
        start = time.perf_counter()
        parsed = parse_document(source)
        self.parse_time += time.perf_counter() - start
        self.parsed_text += len(source.text)
        return parsed

    def stop(self) -> None:
        """Stop every worker (the read is over: what they still make is not wanted)."""
        for worker in self.started.values():
            worker.stop()
        self.started.clear()
        self.index.clear()
        self.files = []
        self.loaded.clear()
        if self.claims is not None:
            self.claims.close()
            self.claims = None


def _start(
    unparsed: Run, end: int, number: int, claims: mmap.mmap, pickler: Pickler
) -> Worker | None:
    """Worker `number`, parsing the folders of `unparsed[:end]` (`backward_by_folder`), or
    None where none can be started (the read parses its files)."""

    def work(buffer: int, ready: int) -> None:
        _parse_backward(unparsed[:end], number, claims, buffer, ready, pickler)

    return start_worker("normkit-parses", work)


def start_worker(name: str, work: Callable[[int, int], None]) -> Worker | None:
    """A forked process running `work(buffer, ready)`: it appends records to `buffer` (an
    in-memory file called `name`, `send_record`) and ends; None where none can be started
    (the caller does the work itself)."""
    try:
        buffer = memory_file(name)
    except OSError:
        return None
    ready, written = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for descriptor in (buffer, ready, written):
            os.close(descriptor)
        return None
    if pid == 0:
        status = 1
        try:
            os.close(ready)
            work(buffer, written)
            status = 0
        finally:
            os._exit(status)  # no exit handlers, no flushing the parent's buffers
    os.close(written)  # the worker holds the only copy: the pipe ends when the worker does
    return Worker(pid=pid, buffer=buffer, ready=ready)


def _parse_backward(
    files: Run, number: int, claims: mmap.mmap, buffer: int, ready: int, pickler: Pickler
) -> None:
    """In a worker: each folder's `files` from its last backward (`backward_by_folder`),
    each file not claimed yet claimed, parsed and sent."""
    from normkit.signals import signal

    gc.disable()  # short-lived: a collection would walk (and copy) the inherited heap
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the read stops it when it needs to
    dump = pickler()
    for place in backward_by_folder(files, claims):
        claims[place] = number
        key, source = files[place]
        send_record(buffer, ready, key, dump(parse_document(source)))


def backward_by_folder(files: Run, claims: mmap.mmap) -> Iterator[int]:
    """The places of `files` a worker claims, in its order: each folder's (in reading
    order) from its last file backward, up to the first claimed by another (the read, or a
    worker), then the next folder's. The read builds a version's outline and reads its
    criteria' metadata once it has every chapter of it (`read_standard`), on its own: going
    backward from the last file of all, a worker parsed the last versions while the read
    parsed the first, and the read then read every version's criteria alone, the worker
    ended (at 10,000 criteria in two versions, ~0.45 s of one core idle). Going through the
    folders in order, the worker parses the next version while the read reads the
    criteria of the one they met in."""
    for start, stop in _folders(files):
        for place in range(stop - 1, start - 1, -1):
            if claims[place] != _FREE:
                break  # met the read (or another worker): on to the next folder
            yield place


def _folders(files: Run) -> list[tuple[int, int]]:
    """[start, stop) of each run of `files` in one folder, in order."""
    found: list[tuple[int, int]] = []
    folder = None
    for place, (_, source) in enumerate(files):
        parent = source.path.rpartition("/")[0]
        if parent != folder or not found:
            found.append((place, place + 1))
            folder = parent
        else:
            found[-1] = (found[-1][0], place + 1)
    return found


def send_record(buffer: int, ready: int, key: str, entry: bytes) -> None:
    """One record appended to `buffer` (a worker that dies midway leaves whole records
    before it), then a byte on `ready`."""
    name = key.encode()
    write_all(buffer, record(name, entry))
    os.write(ready, b".")


def _read_all(descriptor: int, offset: int, size: int) -> bytes:
    chunks = []
    while size > 0 and (chunk := os.pread(descriptor, size, offset)):
        chunks.append(chunk)
        offset += len(chunk)
        size -= len(chunk)
    return b"".join(chunks)
