"""Whether this process may fork a worker now, how many cores it may use, the files in
memory its forked children send what they make through, and the child that reads ahead of
a read or writes beside a writer (`RecordsChild`).

Apart from `parallel.py` (which imports the outputs) so that reading a project can ask
without importing what only a build needs.
"""

from __future__ import annotations

import contextlib
import os
import struct
import threading
from collections.abc import Callable

_native_threads: list[str] = []
"""What started threads in native code in this process (typst lays out on a thread pool)."""


def native_threads_started(by: str) -> None:
    """Call before a library that starts threads of its own runs here: from then on, workers
    are not forked from this process."""
    _native_threads.append(by)


def fork_is_safe() -> bool:
    """Whether a worker forked now inherits no lock held by another thread. BLAS thread
    pools (numpy, imported by openpyxl) stop around a fork themselves (`pthread_atfork`)."""
    return hasattr(os, "fork") and threading.active_count() == 1 and not _native_threads


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity, which containers set)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def memory_file(name: str) -> int:
    """An anonymous file in memory (where there is none, a file already unlinked): a forked
    child appends to it at its own pace, and the parent takes what it needs. `name` shows in
    the child's open files."""
    if hasattr(os, "memfd_create"):
        with contextlib.suppress(OSError):
            return os.memfd_create(name, os.MFD_CLOEXEC)
    import tempfile  # here: only where memfd_create is missing (macOS)

    descriptor, name = tempfile.mkstemp(prefix=f"{name}-")
    os.unlink(name)
    return descriptor


class KeptFile:
    """A file descriptor of this process's own (a duplicate), closed once nothing refers to
    this: a file in memory a child sent entries through, kept open after the child ended
    for as long as what refers to those entries (`cache_entries.Sent`) is alive."""

    __slots__ = ("descriptor",)

    def __init__(self, descriptor: int) -> None:
        self.descriptor = os.dup(descriptor)

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.descriptor)


def write_all(descriptor: int, data: bytes) -> None:
    """All of `data` written to `descriptor` (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


_RECORD = struct.Struct("<II")
"""What a forked child writes per thing it made: its key's length and its value's length,
then both."""
RECORD_HEAD = _RECORD.size


def record(key: bytes, value: bytes) -> bytes:
    """One record of `key` and `value`, as a forked child writes it (`write_all`)."""
    return _RECORD.pack(len(key), len(value)) + key + value


def split_records(data: bytes | memoryview) -> tuple[list[tuple[bytes, bytes]], int]:
    """The whole records at the start of `data`, as (key, value), and how many bytes they
    take: a record still being written, at the end, is left for later."""
    found = []
    offset = 0
    while offset + _RECORD.size <= len(data):
        key_size, value_size = _RECORD.unpack_from(data, offset)
        start = offset + _RECORD.size
        end = start + key_size + value_size
        if end > len(data):
            break
        found.append((bytes(data[start : start + key_size]), bytes(data[start + key_size : end])))
        offset = end
    return found, offset


class RecordsChild:
    """A forked child that writes records (`record`) to an anonymous file while this
    process goes on, and the records it wrote once it ended well: the children that read
    ahead of a read (`sources/sheets_ahead.py`, `translations/catalogs_ahead.py`) and the
    one that writes some of the JSON output's versions (`outputs/json/share.py`)."""

    def __init__(self) -> None:
        self.child: tuple[int, int] | None = None
        """(process id, anonymous file) of the child while it has not been waited for."""

    def fork(self, name: str, work: Callable[[int], None]) -> None:
        """Fork a child that runs `work(file)` and ends, where it is safe to fork and no
        child of this one runs; `name` shows in the child's open files."""
        if self.child is not None or not fork_is_safe():
            return
        try:
            buffer = memory_file(name)
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(buffer)
            return
        if pid == 0:
            status = 1
            try:
                work(buffer)
                status = 0
            finally:
                os._exit(status)  # no exit handlers, no flushing the parent's buffers
        self.child = (pid, buffer)

    def reap(self, wanted: bool) -> list[tuple[bytes, bytes]]:
        """Wait for the child, if there is one, killed first unless its records are
        `wanted`: the records it wrote if they are and it ended well, else none."""
        if self.child is None:
            return []
        pid, buffer = self.child
        self.child = None
        try:
            if not wanted:
                _kill(pid)
            _, status = os.waitpid(pid, 0)
            return _written_records(buffer) if wanted and status == 0 else []
        except (ChildProcessError, ProcessLookupError, OSError, ValueError):
            return []
        except BaseException:  # stopped while waiting (`Stopped`, Ctrl-C): not left behind
            with contextlib.suppress(OSError):
                _kill(pid)
                os.waitpid(pid, 0)
            raise
        finally:
            os.close(buffer)


def _kill(pid: int) -> None:
    from normkit.signals import signal

    os.kill(pid, signal.SIGKILL)


def _written_records(buffer: int) -> list[tuple[bytes, bytes]]:
    """The records a child that ended well wrote to `buffer`."""
    size = os.fstat(buffer).st_size
    written = os.pread(buffer, size, 0) if size else b""
    found, taken = split_records(written)
    if taken != len(written):
        raise ValueError("a record cut short")
    return found
