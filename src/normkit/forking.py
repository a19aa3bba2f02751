"""Whether this process may fork a worker now, how many cores it may use, and the files in
memory its forked children send what they make through.

Apart from `parallel.py` (which imports the outputs) so that reading a project can ask
without importing what only a build needs.
"""

from __future__ import annotations

import contextlib
import os
import struct
import threading

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


def write_all(descriptor: int, data: bytes) -> None:
    """All of `data` written to `descriptor` (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


_RECORD = struct.Struct("<II")
"""What a forked child writes per thing it made: its key's length and its value's length,
then both."""


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
