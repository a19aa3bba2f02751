"""Parsing the chapters a read will need on other cores, while the read goes on.

A cold read spends most of its time in markdown-it, one file after another (NIST SP 800-53
rev4 + rev5: 3.1 of 5.5 s profiled), while the machine has more cores. Parsing a file
depends on nothing but its path and text (`stored_parses.py`), so the files whose parse is
not stored are split, in the order the read takes them, into `--jobs` runs of about equal
text: the read parses the first run itself, as it always did, and a worker forked from this
process (normkit and the parser are loaded in it already) parses each later run meanwhile,
in the same order, and sends each file's parse as soon as it is made, as the bytes of its
stored entry (`cache_entries.Pickled`): the form that already crosses a process boundary
cheaply. When the read reaches a worker's file it loads those bytes (a fifth of the cost
of parsing), waiting for them only if the worker is behind, and the save writes them as
they are, so the saving child does not pickle them again. Runs in reading order, not
shares of files taken largest first: the read needs the worker's parses only at the end,
so there is no point where it waits for all of them. Diagnostics, file order and the model
are those of a read that parses every file itself, and every stored entry holds the same
parse (`marshal` marks a string for reuse by its reference count at the time it is
written, so one byte in an entry may differ from a sequential read's and load the same).

Only where it pays and is safe:
- below `MIN_TEXT` characters of unparsed text (a few chapters, an edit) the fork, and
  loading what the worker sends, cost more than they save;
- never where `fork` is missing or unsafe (`forking.fork_is_safe`: another thread could hold
  a lock the worker would inherit held), nor with `--jobs 1`;
- a worker that fails or dies loses nothing: a file it did not send, the read parses.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import struct
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from normkit.forking import fork_is_safe
from normkit.sources.documents import parse_document
from normkit.sources.files import SourceFile, markdown_files, read_source
from normkit.sources.markdown import parser

Run = list[tuple[str, SourceFile]]
"""(entry key, source) of the files one process parses, in reading order."""
Pickler = Callable[[], Callable[[Any], bytes]]
"""Makes, in the worker, what turns a parse into its entry's bytes."""

MIN_TEXT = 100_000
"""Characters of unparsed text below which the read parses everything itself (about 30 ms
of parsing: forking, loading what is sent and reaping cost about as much)."""
_RECORD = struct.Struct("<II")
"""A sent parse: its key's length and its entry's length, then both."""


def chapter_sources(root: Path, folders: Iterable[Path]) -> list[SourceFile]:
    """The Markdown sources of `folders` as the read will find them; a file that cannot be
    read or decoded is left to the read, which reports it."""
    sources = []
    for folder in folders:
        for path in markdown_files(folder):
            with contextlib.suppress(OSError):
                source, _ = read_source(root, path)
                if source is not None:
                    sources.append(source)
    return sources


def runs(unparsed: Run, jobs: int) -> list[Run]:
    """`unparsed` cut, in its order, into at most `jobs` runs of about equal text (a run
    ends on the file that takes it past its share)."""
    total = sum(len(source.text) for _, source in unparsed)
    found: list[Run] = [[]]
    done = 0
    for item in unparsed:
        if done >= total * len(found) / jobs and len(found) < jobs:
            found.append([])
        found[-1].append(item)
        done += len(item[1].text)
    return [run for run in found if run]


def worth_forking(unparsed: Run, jobs: int) -> bool:
    """Whether parsing `unparsed` on other cores pays, and can be done safely here."""
    return (
        jobs > 1
        and len(unparsed) > 1
        and sum(len(source.text) for _, source in unparsed) >= MIN_TEXT
        and fork_is_safe()
    )


@dataclass(slots=True)
class Worker:
    """A forked process parsing a run of files; what it has sent so far."""

    pid: int
    buffer: int
    """An anonymous file it appends a record to per parse."""
    ready: int
    """The read end of a pipe it writes a byte to after each record: closed, it is done."""
    keys: set[str]
    """The files it parses, not taken yet."""
    sent: dict[str, bytes] = field(default_factory=dict)
    read: int = 0
    """How much of `buffer` has been read."""
    running: bool = True

    def take(self, key: str) -> bytes | None:
        """The entry's bytes of `key`'s parse, once the worker made it (None if it ended
        without: the caller parses it)."""
        self.keys.discard(key)
        while key not in self.sent and self.running:
            self._read_records()
            if key in self.sent:
                break
            if not os.read(self.ready, 1 << 16):  # a byte per record sent since, or its end
                self._read_records()  # those it wrote before it ended
                self.stop()
        return self.sent.pop(key, None)

    def _read_records(self) -> None:
        size = os.fstat(self.buffer).st_size
        if size <= self.read:
            return
        data = memoryview(_read_all(self.buffer, self.read, size - self.read))
        offset = 0
        while offset + _RECORD.size <= len(data):
            name_size, entry_size = _RECORD.unpack_from(data, offset)
            start = offset + _RECORD.size
            end = start + name_size + entry_size
            if end > len(data):
                break  # being written: read again later
            key = bytes(data[start : start + name_size]).decode()
            self.sent[key] = bytes(data[start + name_size : end])
            offset = end
        self.read += offset

    def stop(self) -> None:
        """End the worker (if its parses are no longer wanted) and reap it."""
        if not self.running:
            return
        self.running = False
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        os.close(self.ready)
        os.close(self.buffer)
        self.sent.clear()


def start_workers(unparsed: Run, jobs: int, pickler: Pickler) -> list[Worker]:
    """Workers parsing all but the first run of `unparsed` (the read's own); none where
    `worth_forking` says no."""
    if not worth_forking(unparsed, jobs):
        return []
    parser()  # built once, here, for every worker to inherit
    return [worker for run in runs(unparsed, jobs)[1:] if (worker := _start(run, pickler))]


def _start(run: Run, pickler: Pickler) -> Worker | None:
    """A worker parsing `run`, or None where none can be started (the read parses it)."""
    try:
        buffer = _buffer()
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
            _parse_into(run, buffer, written, pickler)
            status = 0
        finally:
            os._exit(status)  # no exit handlers, no flushing the parent's buffers
    os.close(written)  # the worker holds the only copy: the pipe ends when the worker does
    return Worker(pid=pid, buffer=buffer, ready=ready, keys={key for key, _ in run})


def _buffer() -> int:
    """An anonymous file in memory (where there is none, a file already unlinked): a worker
    appends to it at its own pace, and the read takes what it needs."""
    if hasattr(os, "memfd_create"):
        with contextlib.suppress(OSError):
            return os.memfd_create("normkit-parses", os.MFD_CLOEXEC)
    descriptor, name = tempfile.mkstemp(prefix="normkit-parses-")
    os.unlink(name)
    return descriptor


def _parse_into(run: Run, buffer: int, ready: int, pickler: Pickler) -> None:
    """In a worker: each file parsed and its entry's bytes appended as one record, then a
    byte on `ready` (a worker that dies midway leaves whole records before it)."""
    gc.disable()  # short-lived: a collection would walk (and copy) the inherited heap
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the read stops it when it needs to
    dump = pickler()
    for key, source in run:
        entry = dump(parse_document(source))
        name = key.encode()
        _write_all(buffer, _RECORD.pack(len(name), len(entry)) + name + entry)
        os.write(ready, b".")


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _read_all(descriptor: int, offset: int, size: int) -> bytes:
    chunks = []
    while size > 0 and (chunk := os.pread(descriptor, size, offset)):
        chunks.append(chunk)
        offset += len(chunk)
        size -= len(chunk)
    return b"".join(chunks)


@dataclass(slots=True)
class Workers:
    """The workers of one read, and which parses each makes."""

    started: list[Worker] = field(default_factory=list)
    making: dict[str, Worker] = field(default_factory=dict)

    def add(self, workers: list[Worker]) -> None:
        self.started.extend(workers)
        self.making.update((key, worker) for worker in workers for key in worker.keys)

    def take(self, key: str) -> bytes | None:
        """A worker's parse of `key` (None if no worker makes it, or one failed to); a
        worker whose files were all taken is reaped."""
        worker = self.making.pop(key, None)
        if worker is None:
            return None
        sent = worker.take(key)
        if not worker.keys:
            worker.stop()  # it has ended, or is about to
        return sent

    def stop(self) -> None:
        """Stop every worker (their parses are not wanted: the read is over)."""
        for worker in self.started:
            worker.stop()
        self.started.clear()
        self.making.clear()
