"""An output's files, each either written afresh or hard-linked from the previous build when
its bytes are the same.

A build writes into a new staging folder (`build_folder.py`), so every file it writes is a
new file, and creating a file is the dearest step of writing a small one: on this project's
ext4 machines it costs 30 µs to 0.5 ms of kernel time, where a hard link to an existing file
costs about 15 µs and reading a small one about 10 µs. A writer that emits thousands of
small files (the JSON API: one per criterion) therefore spends more on creating them than on
making their bytes. `OutputFiles` compares each file with the same path in the visible
build and, where the bytes are equal, links that file into the new build instead.

Why it can never publish wrong bytes: it compares the actual bytes of the previous file with
the ones it would write (no name, hash or timestamp is trusted), so a previous file edited in
place, truncated, replaced or made a link elsewhere is simply written afresh. It never writes
into a file it did not create in this call: an existing target is unlinked first, so a
previous build's files, hard-linked or not, are never changed. Nothing is kept besides the
builds themselves, so there is no cache to bound or clean: the previous generation is removed
when the new one is published (`BuildFolder.publish`) and the linked files live on in the new
one. A reused file keeps its timestamp, so web servers and `rsync` see unchanged files as
unchanged.

It is general: any writer that makes its own bytes can write through it (the site's pages
are written by MkDocs, which does not).

Each file is written when the writer hands it over, in the writer's own thread (a large one
may be handed over part by part as the writer makes them: `Stream`). (A thread
that created the files while the writer made the next ones' bytes saved nothing: it needs
the interpreter's lock after each system call, and while the writer runs Python it gets it
only once per switch interval, 5 ms, so it made the files mostly after the writer was
done, holding up to 512 files' bytes meanwhile, in pages touched for the first time.)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

Data = bytes | list[bytes]
"""A file's bytes, or their parts in order (written one after another: no copy joins them)."""

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
_READ = os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW


class OutputFiles:
    """Files under `out`, reusing those of `previous` (the same output's folder in the
    visible build, or None) whose bytes are equal."""

    def __init__(self, out: Path, previous: Path | None = None, listed: bool = False) -> None:
        self.out = str(out)
        self.previous = str(previous) if previous is not None and previous.is_dir() else None
        self.created = 0
        """Files written afresh."""
        self.reused = 0
        """Files hard-linked from the previous build."""
        self.listed: list[tuple[str, int, int]] | None = [] if listed else None
        """With `listed`: each file written, as (relative path, size, modification time in
        ns), read from the file while it was open (`unchanged.listing_of`)."""
        self._folders: set[str] = set()
        self._mode = 0o666 & ~_umask()
        """The mode a new file gets: a previous file with another one is not reused, so that
        a build's files always honour the umask it ran with."""
        self._owner = os.geteuid()

    def folder(self, relative: str) -> None:
        """`out/relative` as a folder, even if no file is written into it."""
        self._make(os.path.join(self.out, relative))

    def write(self, relative: str, data: Data) -> None:
        """`out/relative` with exactly `data` (its folders are made as needed)."""
        # Paths joined and split as strings (`relative` is a writer's relative path, `out` a
        # folder's): `os.path.join` and `dirname` are Python functions, about 9,000
        # instructions a file, and a build writes a file per criterion.
        target = f"{self.out}/{relative}"
        self._make(target.rpartition("/")[0])
        if self.previous is not None:
            source = f"{self.previous}/{relative}"
            found = self._same(source, data)
            if found is not None and _link(source, target):
                self.reused += 1
                self.list(relative, found)  # (a link keeps the file's size and time)
                return
        made = _create(target, data, self.listed is not None)
        self.created += 1
        if made is not None:
            self.list(relative, made)

    def list(self, relative: str, found: os.stat_result) -> None:
        """`relative` as `found` says it is (`listed`)."""
        if self.listed is not None:
            self.listed.append((relative, found.st_size, found.st_mtime_ns))

    def write_text(self, relative: str, text: str) -> None:
        self.write(relative, text.encode("utf-8"))

    def stream(self, relative: str) -> Stream:
        """`out/relative` with the parts given to the stream, in order (see `Stream`)."""
        return Stream(self, relative)

    def _make(self, folder: str) -> None:
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    def _same(self, source: str, data: Data) -> os.stat_result | None:
        """What `source` is, if it is a regular file of ours with exactly `data`."""
        size = len(data) if isinstance(data, bytes) else sum(map(len, data))
        try:
            descriptor = os.open(source, _READ)
        except OSError:
            return None
        try:
            found = os.fstat(descriptor)
            if (
                not stat.S_ISREG(found.st_mode)
                or found.st_size != size
                or stat.S_IMODE(found.st_mode) != self._mode
                or found.st_uid != self._owner
            ):
                return None
            whole = data if isinstance(data, bytes) else b"".join(data)  # the same size
            return found if _read_all(descriptor, size + 1) == whole else None
        except OSError:
            return None
        finally:
            os.close(descriptor)


class Stream:
    """A file whose parts a writer hands over one after another (`add`), and which is whole
    once the stream is closed (used as a context manager). Where there is no previous build
    to compare it with, the file is made at once and written ~64 KiB at a time, so that the
    parts are not all held: a version of 500 criteria has ~2.5 MB of them, each page of
    which the process would touch for the first time (a page fault, ~6 µs here), and they
    would come on top of what the writer holds meanwhile. Otherwise the parts are kept and
    the file written whole (`OutputFiles.write`: the same bytes are linked from the
    previous build). A writer that fails leaves a part of the file, in a build's staging
    folder that the failure removes."""

    def __init__(self, files: OutputFiles, relative: str) -> None:
        self._files = files
        self._relative = relative
        self._parts: list[bytes] = []
        self._size = 0
        self._descriptor: int | None = None
        if files.previous is None:
            target = f"{files.out}/{relative}"
            files._make(target.rpartition("/")[0])
            self._descriptor = _open_new(target)
            files.created += 1

    def add(self, part: bytes) -> None:
        self._parts.append(part)
        self._size += len(part)
        if self._descriptor is not None and self._size >= _STREAMED:
            self._flush(self._descriptor)

    def _flush(self, descriptor: int) -> None:
        _write_parts(descriptor, self._parts)
        self._parts = []
        self._size = 0

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        descriptor = self._descriptor
        if descriptor is None:
            if kind is None:
                self._files.write(self._relative, self._parts)
            return
        self._descriptor = None
        try:
            if kind is None:
                self._flush(descriptor)
                if self._files.listed is not None:
                    self._files.list(self._relative, os.fstat(descriptor))
        finally:
            os.close(descriptor)


_STREAMED = 64 * 1024
"""The bytes a `Stream` holds before it writes them."""


def _link(source: str, target: str) -> bool:
    """Hard-link `source` as `target` (replacing a file there); False where the file system
    refuses (another device, too many links, no links at all): then it is written."""
    try:
        try:
            os.link(source, target)
        except FileExistsError:
            os.unlink(target)
            os.link(source, target)
    except OSError:
        return False
    return True


def _create(target: str, data: Data, listed: bool = False) -> os.stat_result | None:
    """A new file `target` holding `data`; `listed`: what it is once written."""
    descriptor = _open_new(target)
    try:
        if isinstance(data, bytes):
            written = os.write(descriptor, data)  # a regular file takes it whole, but for
            if written < len(data):  # a full disk or a signal: then the rest, copied
                _write_all(descriptor, data[written:])
        else:
            _write_parts(descriptor, data)
        return os.fstat(descriptor) if listed else None
    finally:
        os.close(descriptor)


def _open_new(target: str) -> int:
    """A new file `target`, open for writing. An existing one is unlinked, never truncated:
    it may be a hard link to a file of an earlier build."""
    try:
        return os.open(target, _CREATE, 0o666)
    except FileExistsError:
        os.unlink(target)
        return os.open(target, _CREATE, 0o666)


def _write_parts(descriptor: int, data: list[bytes]) -> None:
    for start in range(0, len(data), _IOV_MAX):
        parts = data[start : start + _IOV_MAX]
        written = os.writev(descriptor, parts)
        if written < sum(map(len, parts)):  # a short write: rare, so copied
            _write_all(descriptor, b"".join(parts)[written:])


_IOV_MAX = 1024
"""The most parts one `writev(2)` takes on Linux."""


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


_READ_CAP = 0x7FFFF000
"""The most one `read(2)` returns on Linux, whatever was asked."""


def _read_all(descriptor: int, limit: int) -> bytes:
    """Up to `limit` bytes from the regular file `descriptor`.

    A read of a regular file returns fewer bytes than asked only at its end (or at the
    kernel's cap on one read), so a short read ends it: comparing an unchanged file then
    costs one read, not a second one that returns nothing (on a repeated build of 10,000
    criteria, one system call in five of the files' comparisons)."""
    chunks = []
    size = 0
    while size < limit:
        asked = limit - size
        chunk = os.read(descriptor, asked)
        chunks.append(chunk)
        size += len(chunk)
        if len(chunk) < min(asked, _READ_CAP):
            break
    return b"".join(chunks)


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux)."""
    try:
        with open("/proc/self/status", "rb") as status:  # (bytes: no codec to import)
            for line in status:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current
