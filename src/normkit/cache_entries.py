"""Pickled entries kept in a folder of the build folder's cache, never trusted blindly.

The caches of parsed chapters (`sources/stored_parses.py`) and of built versions
(`assemble/stored_assemblies.py`) keep Python objects between builds. Each entry is named
by its user with a digest of everything it was made from, so a changed input never finds
an old entry; this module makes sure the entry read is the one written:
- an entry ends with the SHA-256 of its pickle, checked before anything is unpickled: a
  truncated or changed entry is treated as missing (made again and replaced);
- it is read only when it is a regular file of this user (not a link, not a folder), and
  unpickled only into the classes its user allows: an entry naming anything else is not
  ours and is treated as missing;
- entries are written beside their name and renamed into place (a killed build leaves no
  half entry), and those no read wanted are removed (`save_entries`), so a folder holds one
  entry per input that is still there; but not one another process is writing now.

The model's frozen dataclasses are stored as their fields' values and rebuilt by their
class' maker (`StoredReducers`, `stored_maker`), which sets their slots directly: the
dataclass' own `__getstate__` and `__setstate__` look up `dataclasses.fields` for every
object, and were half of loading a version (at 10,000 criteria, in-process: storing the
versions 0.72 → 0.38 s, loading them 0.39 → 0.29 s). A maker is called with the values
themselves, named by the class it makes: not `rebuild_frozen(cls, values)`, which costs a
tuple and a Python call more per object (storing 0.35 → 0.28 s, loading 0.23 → 0.18 s).

Storing a large project's entries costs a fifth to a third of parsing and rendering it
(at 10,000 criteria, in-process: ~0.8 s against 1.7 s of parsing and 1.6 s of rendering).
A command in a process that goes on (`saving_in_background`; the program's `check` and
`build` instead, below) pickles and writes them in forked children, on another core, while
the parent goes on reading, checking and writing outputs: each version's once
versions that rendered enough criteria to pay for a fork are built and the read builds
another (`save_ahead`, with the parses the first time: the chapters are all parsed before
any version is built, so the core parse-ahead used is idle;
`stored_assemblies.SAVED_AHEAD_FROM`), the rest once the read is over (`save_entries`; in
the command's own process if that rest is too small to pay for a fork, as a whole project of
fewer criteria is, or if nothing but the checks would run beside the child: `check`). A
child sees the objects as they were at the fork (they are immutable: parsed documents and
the model). A command in a process that goes on (tests, `normkit serve`) waits for every
child before it returns. The program's `check` and `build` instead leave all of what their
read made to one child forked as they end, which they do not wait for (`leave`), as
`git gc --auto` detaches: that takes the save off the command's time but not off the
machine, so the child holds `.saving` in the cache locked until it is done, and the next
read waits on it (`wait_for_left_saves`) rather than parse again what it is writing (an
`rm -rf build` meanwhile may leave a few of its entries behind). Only where forking is
safe (`forking.fork_is_safe`): once typst has laid out a draft in this process its threads
may hold locks a child would inherit, and the entries are written in this process, as
library calls always write them.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import fcntl
import functools
import hashlib
import io
import operator
import os
import pickle
import stat
import sys
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from normkit.collector import collection_paused
from normkit.forking import KeptFile, fork_is_safe
from normkit.method_cache import compiled

PROTOCOL = 5
_CHECKSUM = hashlib.sha256().digest_size
_READ = os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW

Allowed = Callable[[str, str], bool]
"""Whether an entry may name the class `name` of `module` (only classes: a function is
allowed by being listed among the `functions`)."""


class Pickled(bytes):
    """An entry's bytes as a save would write them (checksum included), made ahead."""


class Sent:
    """An entry's bytes as a save would write them (checksum included), as another process
    of this command wrote them into a file (`file`, from `offset`): a save copies them from
    there as they are, and this process need not hold them (a parse-ahead worker's:
    `sources/parse_ahead.py`)."""

    __slots__ = ("file", "offset", "size")

    def __init__(self, file: KeptFile, offset: int, size: int) -> None:
        self.file = file
        self.offset = offset
        self.size = size

    def read(self) -> bytes:
        """The bytes, whole."""
        target = io.BytesIO()
        self.copy(target)
        return target.getvalue()

    def copy(self, target: BinaryIO) -> None:
        """The bytes written to `target`."""
        offset, end = self.offset, self.offset + self.size
        while offset < end:
            chunk = os.pread(self.file.descriptor, min(end - offset, 1 << 16), offset)
            if not chunk:
                raise OSError(f"{end - offset} bytes of an entry missing")
            target.write(chunk)
            offset += len(chunk)


class PickleEntries:
    """Entries in `folder` (in the build folder's cache: `<build>/.cache/<name>`)."""

    def __init__(
        self,
        folder: Path,
        allowed: Allowed,
        reducers: dict[type, Any] | None = None,
        functions: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.folder = folder
        self.allowed = allowed
        self.functions = functions | {(__name__, "rebuild_frozen")}
        """(module, name) of the functions an entry may call (the reducers' rebuilders)."""
        self.reducers = {**copyreg.dispatch_table, **(reducers or {})}
        self.wanted: set[str] = set()
        """Entry names the reads so far used, loaded or new."""
        self.pending: dict[str, Any] = {}
        """New entries, not written yet."""
        self.saved = False
        self._owner = os.geteuid()

    def load(self, key: str) -> Any | None:
        """The object stored under `key`, if there is an intact entry of ours (None also
        for an entry that holds None: store something else)."""
        self.wanted.add(key)
        return self.loads(self._read(self.folder / key))

    def loads(self, data: bytes | None, checked: bool = True) -> Any | None:
        """The object in an entry's bytes, if they are intact and ours (`load`). Without
        `checked`, bytes that never left this program (a parse-ahead worker's, which the
        read takes only as whole records: `forking.split_records`) are not checked against
        their checksum: ~0.5 ms per MB, at 10,000 criteria ~9 ms of the read for the
        chapters a worker parsed. They are still unpickled only into the classes allowed."""
        if data is None or len(data) < _CHECKSUM:
            return None
        view = memoryview(data)
        if checked and hashlib.sha256(view[:-_CHECKSUM]).digest() != view[-_CHECKSUM:]:
            return None  # cut short or changed on disk
        try:  # unpickling stops at the pickle's end, before the checksum
            return _Loader(io.BytesIO(data), self.allowed, self.functions).load()
        except Exception:  # a foreign entry may fail in any way: made again
            return None

    def kept(self, key: str) -> Any | None:
        """The object kept under `key` since the last save, if any, else the stored one
        (`load`): for a store whose values nobody changes, kept across builds and never
        saved (`normkit serve`), which then makes each entry once."""
        if key in self.pending:
            self.wanted.add(key)
            value = self.pending[key]
            if type(value) is Sent:
                return self.loads(value.read())
            return self.loads(value) if type(value) is Pickled else value
        return self.load(key)

    def stored(self, key: str) -> bool:
        """Whether there is an entry under `key` (intact or not: `load` tells)."""
        return os.path.lexists(os.path.join(self.folder, key))

    def keep(self, key: str, value: Any) -> None:
        """Store `value` under `key` at the next save (`save_entries`); it must not change
        until then. A `Pickled` or `Sent` value is an entry's bytes already, written as they
        are."""
        self.wanted.add(key)
        self.pending[key] = value

    def _dumps(self, value: Any, reducers: dict[type, Any] | None = None) -> bytes:
        """`value` pickled with `reducers` (`_reducers()`: pass them when dumping many)."""
        buffer = io.BytesIO()
        dumper = pickle.Pickler(buffer, protocol=PROTOCOL)
        dumper.dispatch_table = reducers if reducers is not None else self._reducers()
        dumper.dump(value)
        buffer.write(hashlib.sha256(buffer.getbuffer()).digest())
        return buffer.getvalue()

    def pickler(self) -> Callable[[Any], Pickled]:
        """What makes an entry's bytes of a value, as a save would (for another process
        to make entries that this one keeps as they are: `Pickled`)."""
        reducers = self._reducers()
        return lambda value: Pickled(self._dumps(value, reducers))

    def _reducers(self) -> dict[type, Any]:
        """How each type is pickled: the user's reducers, else the model's frozen
        dataclasses as their fields, each rebuilt by its class' own maker
        (`StoredReducers`)."""
        return StoredReducers(self.reducers)

    def _may_write(self, create: bool) -> bool:
        return not self.saved and (create or self.folder.parent.parent.is_dir())

    def _write_all(self, dumper: _Dumper) -> None:
        """Write the new entries, then remove those no read wanted; a cache that cannot be
        written only makes the next read slower."""
        if not self.pending and not self.folder.is_dir():
            return  # nothing to write or remove: no empty folder (a project without forms)
        with contextlib.suppress(OSError):
            self._write_pending(dumper)
            for entry in os.scandir(self.folder):
                if entry.name not in self.wanted and not _being_written(entry.name):
                    _remove(entry.path)

    def _write_pending(self, dumper: _Dumper) -> None:
        """Write the new entries (those that cannot be pickled are made again next time)."""
        if not self.pending:
            return
        # A child no command waits for (`save_entries`' `leave`) makes no folder above its
        # own: its command made the cache folder before forking it, and where that is gone
        # now (`rm -r build`, or moved aside for a cold build) a build folder made again
        # here would hand the next "cold" command half a cache it did not ask for.
        self.folder.mkdir(parents=not _LEFT[0], exist_ok=True)
        reducers = self._reducers()
        # Without the cycle collector: a pickler's memo keeps every tuple of fields it
        # wrote, so a large entry set off hundreds of collections, some of the whole heap
        # (a build saves after its read, with the collector on again). Saving the versions
        # of 10,000 criteria in the forked child: 0.63 → 0.49 s of user time.
        with collection_paused():
            for key, value in self.pending.items():
                if type(value) is Pickled:  # made by another process (`pickler`)
                    _write(self.folder / key, value)
                    continue
                if type(value) is Sent:  # (and still where it sent it)
                    _write(self.folder / key, value.copy)
                    continue
                try:
                    _write(self.folder / key, functools.partial(dumper.dump, value, reducers))
                except _Unpicklable:  # made again next time
                    self.wanted.discard(key)

    def _read(self, path: Path) -> bytes | None:
        """An entry's bytes, if it is a regular file of this user."""
        try:
            descriptor = os.open(path, _READ)
        except OSError:
            return None
        try:
            found = os.fstat(descriptor)
            if not stat.S_ISREG(found.st_mode) or found.st_uid != self._owner:
                return None
            chunks = []
            while chunk := os.read(descriptor, max(found.st_size, 1 << 16)):
                chunks.append(chunk)
            return b"".join(chunks)
        except OSError:
            return None
        finally:
            os.close(descriptor)


_BACKGROUND: list[bool] = [False]
_LEFT: list[bool] = [False]
"""Whether this process is a saving child its command does not wait for (`save_entries`)."""
_CHILDREN: list[int] = []
_HOLD: list[bool] = [False]
_HANDED: list[dict[str, Any]] = []
"""The entries saved, not freed here where the command holds them (`saving_in_background`):
right after a fork, freeing them (the parsed chapters, the versions' renders) writes to
pages the child shares, each a copy-on-write fault, on the command's critical path (~13 ms
of a cold build of 1,000 criteria; 3-7 ms without the faults), and written here, freeing
them is the command's time too (`hold`: a web of small objects; `check` writes its last
version itself). A program runs one command and ends without freeing its heap
(`commands/process_end.py`); another command in the same process (tests) drops the previous
one's when it starts saving."""
_HELD: list[object] = []
"""What else the command keeps alive to its end (`hold`)."""


def hold(value: object, ending: bool = False) -> None:
    """Keep `value` alive to the command's end where the command holds what it made
    (`saving_in_background`), or where the process ends with it (`ending`), rather than
    free it now: a web of many small objects that nothing else refers to (what a render
    helper sent, `render_ahead.RendersAhead.stop`; a build's model once the build is over)
    costs the command's critical path to free (at 1,000 criteria ~17 ms, at 10,000 ~90 ms,
    with copy-on-write faults in pages a saving child shares), and the process ends without
    freeing its heap. Elsewhere (`normkit serve`, a build with other outputs) it is freed."""
    if _HOLD[0] or ending:
        _HELD.append(value)


@contextmanager
def saving_in_background(hold: bool = False) -> Iterator[None]:
    """Within: `save_entries` writes in a forked child; at the end, wait for the children
    (what a command does around its work). `hold`: what the children write is kept alive in
    this process to its end (`_HANDED`), and so is what `hold` is given, for a command whose
    peak memory leaves room for it; else freed right after the fork (or when dropped)."""
    _BACKGROUND[0], _HOLD[0] = True, hold
    _HANDED.clear()
    _HELD.clear()
    try:
        yield
    finally:
        _BACKGROUND[0] = _HOLD[0] = False
        wait_for_saves()


def wait_for_saves() -> None:
    """Wait until every child writing entries has finished."""
    while _CHILDREN:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_CHILDREN.pop(), 0)


def save_entries(
    folders: Iterable[PickleEntries], create: bool = False, fork: bool = True, leave: bool = False
) -> None:
    """Write each folder's new entries and remove those no read wanted, where the build
    folder (a folder's grandparent) exists or may be created (`create`); at most once per
    folder. In a command (`saving_in_background`), in a forked child where forking is safe
    (`forking.fork_is_safe`: no other thread, and no library's native threads started, such
    as typst's once it has laid out a draft here, whose locks a child could inherit held)
    and worth it (`fork`: not for a few entries, which cost less to write than a child);
    else in this process. `leave`: the command does not wait for that child (it ends
    before the child does: `CheckResult.save_stored`, the `check` and `build` commands),
    which lets go of the standard streams first (a caller reading them to their end would
    wait for it) and holds `.saving` locked until it ends (`wait_for_left_saves`)."""
    chosen = [entries for entries in folders if entries._may_write(create)]
    if not chosen:
        return
    for entries in chosen:
        entries.saved = True
    background = fork and _BACKGROUND[0] and any(entries.pending for entries in chosen)
    saving = _saving_lock(chosen[0].folder.parent) if background and leave else None
    child = _fork() if background and fork_is_safe() else None
    if saving is not None and child != 0:
        os.close(saving)  # (the child's copy holds the lock until it ends)
    if child == 0:
        try:
            if leave:
                _LEFT[0] = True
                _let_go_of_streams()
            dumper = _Dumper()
            for entries in chosen:
                entries._write_all(dumper)
        finally:
            os._exit(0)  # no exit handlers, no flushing the parent's buffers
    if child is not None:
        if not leave:
            _CHILDREN.append(child)
    else:
        dumper = _Dumper()
        for entries in chosen:
            entries._write_all(dumper)
        # Its pickler's memo refers to every object of the last entry it wrote, and holds
        # the tuples of fields their reducers made: freeing it walked them all, on the
        # critical path of a `check`, which writes its last version itself (10,000
        # criteria: 25 ms, 1,000: 2.8 ms), where the command then ends without freeing.
        hold(dumper)
    for entries in chosen:
        _hand_over(entries, leave)


SAVING = ".saving"
"""In a build folder's cache: the file a save no command waits for holds locked while it
writes (`save_entries`' `leave`), which the next read waits on (`wait_for_left_saves`)."""


def _saving_lock(cache: Path) -> int | None:
    """The descriptor of `cache/.saving`, locked, for a child forked next to inherit (the
    lock is taken before the fork: a command started as soon as this one ends finds it
    taken); None where it cannot be had (the next read then reads what is written)."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(cache / SAVING, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


def wait_for_left_saves(cache: Path) -> None:
    """Wait until a child that an earlier command left saving into `cache` is done (`check`
    and `build` end before it): what it writes, this read would otherwise parse and build
    again (a cold `check` then a `build` at once, at 10,000 criteria: a second cold read)."""
    try:
        descriptor = os.open(cache / SAVING, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return  # (none was ever left here)
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(descriptor, fcntl.LOCK_SH)
    finally:
        os.close(descriptor)


def _let_go_of_streams() -> None:
    """The standard streams of a child that outlives its command: `/dev/null` (it writes
    nothing there), so that a pipe to the command ends when the command does."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(null, stream)
        os.close(null)


def save_ahead(folders: Iterable[PickleEntries], create: bool = False) -> None:
    """Write the new entries made so far in a forked child while the read goes on (each
    version's, once it is built): on a core the read leaves idle once the chapters are
    parsed, rather than all at the end, where the command waits for them. Only in a command
    and where forking is safe; otherwise, or where there is no build folder to write in,
    they stay new and `save_entries` writes them with the rest. That final save removes
    what no read wanted, and writes only what was made after this."""
    if not _BACKGROUND[0] or not fork_is_safe():
        return
    chosen = [entries for entries in folders if entries.pending and entries._may_write(create)]
    if not chosen:
        return
    child = _fork()
    if child == 0:
        try:
            dumper = _Dumper()
            for entries in chosen:
                with contextlib.suppress(OSError):
                    entries._write_pending(dumper)
        finally:
            os._exit(0)
    if child is not None:
        _CHILDREN.append(child)
        for entries in chosen:
            _hand_over(entries)


def _hand_over(entries: PickleEntries, ending: bool = False) -> None:
    """Empty `entries.pending` once they are written, or a child writes them: where the
    command holds them, or ends now (`ending`: `save_entries`' `leave`, where freeing them
    would only delay its end), kept alive here until the next command in this process
    starts saving (`_HANDED`)."""
    if _HOLD[0] or ending:
        _HANDED.append(entries.pending)
    entries.pending = {}


def _fork() -> int | None:
    """A child process (0 in the child), or None where there is none to be had."""
    try:
        return os.fork()
    except (AttributeError, OSError):
        return None


_DATACLASS_GETSTATE = getattr(dataclasses, "_dataclass_getstate", None)
"""What `dataclass(frozen=True, slots=True)` gives a class to pickle it with: a Python call
per object, which looks its fields up each time (`StoredReducers` replaces it)."""


class StoredReducers(dict[type, Any]):
    """A pickler's `dispatch_table` that stores each frozen, slotted dataclass of normkit's
    modules (most of the model) as a call of its class' maker with its fields' values
    (`_stored_reducer`), read by one C call: the dataclass' own `__getstate__` and
    `__setstate__` walk `dataclasses.fields` for every object, and were half of loading a
    version; a call of `rebuild_frozen` with the class and the values costs a tuple to
    pickle and memoize and a Python call to load more per object (at 10,000 criteria, two
    versions' entries: storing 0.35 → 0.28 s, loading 0.23 → 0.18 s, in-process). The makers
    are named as attributes of `MAKERS`, and `_Loader` makes them only for classes the
    entries allow.

    A class' reducer is found when the first object of it is pickled, not all at once by
    walking every loaded module's namespace: in a forked child (a render helper, a saving
    child) that walk wrote to, and so copied, the page of every object it met (a render
    helper's first ~1,200 page faults and 5 ms of its CPU at 1,000 criteria, before it
    rendered anything). What it is made with (the user's reducers, `copyreg`'s) comes
    first."""

    def __missing__(self, cls: type) -> Any:
        if (
            _DATACLASS_GETSTATE is not None
            and cls.__dict__.get("__getstate__") is _DATACLASS_GETSTATE
            and cls.__module__.startswith("normkit.")
            and vars(sys.modules[cls.__module__]).get(cls.__name__) is cls
        ):
            found = self[cls] = _stored_reducer(cls)
            return found
        if isinstance(cls, type) and issubclass(cls, type):
            raise KeyError(cls)  # (a class' class: the pickler saves the class by name)
        # Pickled as it would be without a reducer, without this look-up next time.
        found = self[cls] = _default_reducer
        return found


def _default_reducer(obj: Any) -> Any:
    return obj.__reduce_ex__(PROTOCOL)


class _Makers:
    """What `StoredReducers` pickles objects as calls of: the maker of each frozen class
    (`_maker`), as the attribute `<module>/<qualified name>` with every dot a colon (pickle
    names a function by its module and its dotted path in it)."""


MAKERS = _Makers()


def _maker_name(cls: type) -> str:
    return f"{cls.__module__}/{cls.__qualname__}".replace(".", ":")


def stored_maker(cls: type) -> Callable[..., Any]:
    """The maker of the frozen dataclass `cls`: called with the values of its fields in
    order, it returns an instance (`_maker`); what loading calls for `MAKERS.<name>`."""
    found = _MAKERS.get(cls)
    if found is None:
        found = _MAKERS[cls] = _maker(cls)
    return found[1]


def _named_maker(cls: type) -> Callable[..., Any]:
    """What `StoredReducers` pickles calls of for `cls`: the attribute of `MAKERS` that
    names its maker. Pickling only writes its name, which loading resolves itself
    (`_Loader`: `stored_maker`), so it is a plain function that makes the maker if it is
    ever called, not the maker: making one (an `exec`) for each of the ~85 classes was most
    of what every saving child spent before pickling anything (a cold check of 100
    criteria, its two saving children: 72.8 → 54.2 M instructions, callgrind)."""
    name = _maker_name(cls)
    found: Callable[..., Any] | None = MAKERS.__dict__.get(name)
    if found is not None:
        return found

    def make(*values: Any) -> Any:
        return stored_maker(cls)(*values)

    make.__module__ = __name__
    make.__qualname__ = f"MAKERS.{name}"
    setattr(MAKERS, name, make)
    return make


def _stored_reducer(cls: type) -> Callable[[Any], tuple[Any, tuple[Any, ...]]]:
    names = [field.name for field in _slotted_fields(cls)]
    make = _named_maker(cls)
    if len(names) > 1:
        fields = operator.attrgetter(*names)
        return lambda obj: (make, fields(obj))
    if names:
        name = names[0]
        return lambda obj: (make, (getattr(obj, name),))
    return lambda obj: (make, ())


_MAKERS: dict[type, tuple[int, Callable[..., Any]]] = {}
"""For each class `rebuild_frozen` rebuilt: its field count and the function that makes one."""


def rebuild_frozen(cls: type, values: tuple[Any, ...]) -> Any:
    """An instance of the frozen, slotted dataclass `cls` with its fields' `values` (set by
    the slots' own descriptors, as the dataclass' `__setstate__` does, without `__init__`)."""
    found = _MAKERS.get(cls)
    if found is None:
        found = _MAKERS[cls] = _maker(cls)
    if type(values) is not tuple or len(values) != found[0]:
        raise pickle.UnpicklingError(f"{cls.__qualname__}: {found[0]} fields expected")
    return found[1](*values)


def _maker(cls: type) -> tuple[int, Callable[..., Any]]:
    """The field count of `cls` and a function making one from its fields' values (as
    arguments, in order: a wrong count is a `TypeError`), each set
    by its slot's own descriptor in a line of its own: a loop over the descriptors cost a
    third of loading a version (at 10,000 criteria, 229 K objects: 2.64 → 1.83 G
    instructions, callgrind). One text per field count (`_maker_text`), compiled once per
    machine (`method_cache.compiled`) and run once per process (`_FACTORIES`)."""
    slots = [getattr(cls, field.name) for field in _slotted_fields(cls)]
    count = len(slots)
    factory = _FACTORIES.get(count)
    if factory is None:
        namespace: dict[str, Any] = {}
        exec(compiled(_maker_text(count)), namespace)  # our own text, one per field count
        factory = _FACTORIES[count] = namespace["maker"]
    return count, factory(cls, object.__new__, *(slot.__set__ for slot in slots))


_FACTORIES: dict[int, Callable[..., Callable[..., Any]]] = {}
"""For each field count, `maker` of `_maker_text`: run once, not once per class."""


def _slotted_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of `cls`, a frozen dataclass whose fields are all in its slots (else an
    `UnpicklingError`: `_maker` sets them through the slots' descriptors)."""
    if cls.__dict__.get("__getstate__") is not _DATACLASS_GETSTATE or _DATACLASS_GETSTATE is None:
        raise pickle.UnpicklingError(f"{cls.__qualname__} is not a frozen dataclass")
    fields = dataclasses.fields(cls)
    if not all(
        isinstance(getattr(cls, field.name), types.MemberDescriptorType) for field in fields
    ):
        raise pickle.UnpicklingError(f"{cls.__qualname__} has fields outside its slots")
    return fields


def _maker_text(count: int) -> str:
    """The text of `maker(cls, new, set_0, …)`, which returns the function making an
    instance of `cls` from `count` values."""
    names = [f"value_{index}" for index in range(count)]
    setters = [f"set_{index}" for index in range(count)]
    lines = [
        f"def maker(cls, new{''.join(', ' + name for name in setters)}):",
        f"    def make({', '.join(names)}):",
        "        made = new(cls)",
        *(f"        {setter}(made, {name})" for setter, name in zip(setters, names, strict=True)),
        "        return made",
        "    return make",
    ]
    return "\n".join(line for line in lines if line) + "\n"


def maker_named(module: str, name: str) -> tuple[str, str] | None:
    """The module and qualified name of the class whose maker `StoredReducers` pickles as
    `module`.`name`; None for anything else."""
    if module != __name__ or not name.startswith("MAKERS."):
        return None
    made, _, qualified = name.removeprefix("MAKERS.").replace(":", ".").partition("/")
    return made, qualified


class _Loader(pickle.Unpickler):
    """Only allowed classes and the listed functions: an entry naming anything else (a
    function that acts, rather than a class that holds data) is not ours."""

    def __init__(
        self, file: io.BytesIO, allowed: Allowed, functions: frozenset[tuple[str, str]]
    ) -> None:
        super().__init__(file)
        self._allowed = allowed
        self._functions = functions

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._functions:
            return super().find_class(module, name)
        named = maker_named(module, name)  # `StoredReducers`
        if named is not None:
            made, qualified = named
            if self._allowed(made, qualified):
                found = super().find_class(made, qualified)
                if isinstance(found, type):
                    return stored_maker(found)  # only for a frozen dataclass (`_maker`)
        if self._allowed(module, name):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a cache entry")


class _Dumper:
    """What pickles a save's entries into their files as `_dumps` makes an entry's bytes
    (checksum included), frame by frame: not made whole in memory first, which cost a tenth
    of saving the versions of 10,000 criteria in a forked child (its CPU 0.52 → 0.45 s, page
    faults 47 K → 40 K: the buffer's pages, touched twice). One `Pickler` for every entry of
    the save, its memo cleared between them: a pickler's memo table grows with the objects
    of its entry (a version's: a few MB), and a new one per entry allocated and zeroed it
    again, every page of it a fresh fault (1,000 generated criteria, the saving child of a
    cold `build --only json`: 5,860 → 5,280 page faults, 57 → 51 ms of CPU)."""

    def __init__(self) -> None:
        self._sink = _Checksummed()
        self._pickler = pickle.Pickler(self._sink, protocol=PROTOCOL)

    def dump(self, value: Any, reducers: dict[type, Any], file: BinaryIO) -> None:
        """`value` pickled into `file` with `reducers`, and the checksum of its bytes."""
        sink, pickler = self._sink, self._pickler
        sink.file, sink.checksum = file, hashlib.sha256()
        pickler.dispatch_table = reducers
        pickler.clear_memo()  # (the same bytes as a new pickler's)
        try:
            pickler.dump(value)
        except OSError:
            raise  # writing failed, not pickling: as any other failure to write
        except Exception as failure:
            raise _Unpicklable from failure
        file.write(sink.checksum.digest())


class _Checksummed:
    """Where `_Dumper`'s pickler writes: `file`, and the checksum of what it wrote."""

    file: BinaryIO
    checksum: hashlib._Hash

    def write(self, data: bytes) -> int:
        self.checksum.update(data)
        return self.file.write(data)


class _Unpicklable(Exception):
    """A value `_Dumper` could not pickle (its partial file is removed, it is not stored)."""


def _write(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """`path` with `data` (or what `data` writes into it), written beside it and renamed
    into place (whatever was there, even a folder, is replaced)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")  # as `_being_written` reads it
    try:
        with open(partial, "wb") as file:
            if callable(data):
                data(file)
            else:
                file.write(data)
        try:
            os.replace(partial, path)
        except OSError:
            _remove(str(path))
            os.replace(partial, path)
    except BaseException:
        # only here: once renamed, the partial file is gone, and removing it anyway cost a
        # stat and a failed unlink per entry written
        _remove(str(partial))
        raise


def _being_written(name: str) -> bool:
    """Whether `name` is an entry another process is writing now (`_write`: `.<key>.<pid>`,
    the process alive): another saving child of this command (`save_ahead`), or another
    command's. What a killed process left is removed."""
    if not name.startswith("."):
        return False
    pid = name.rpartition(".")[2]
    if not pid.isdigit() or int(pid) in (0, os.getpid()):
        return False
    try:
        os.kill(int(pid), 0)
    except PermissionError:
        return True  # alive, another user's
    except (OSError, OverflowError):
        return False
    return True


def _remove(path: str) -> None:
    """A file, link or folder of a cache folder, gone (a cache only costs speed)."""
    if os.path.isdir(path) and not os.path.islink(path):
        import shutil  # here: a run that removes no folder never needs it

        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def source_digest(package: Path, names: tuple[str, ...]) -> hashlib._Hash:
    """A digest of the Python sources of `names` (files or folders) under `package`, as
    Python's own bytecode cache tells them apart: each file's path, size and times.

    Hashing the sources' bytes cost ~10 ms (~90 M instructions) on every run; reading
    their metadata costs a tenth of that. It is still safe, because it is stricter than
    what decides which code runs: the interpreter reuses a module's compiled `.pyc` as long
    as the source's size and modification time (in whole seconds) are the ones recorded in
    it, so an edit that kept both would not run either. Here the times are in nanoseconds,
    and the change time (`st_ctime_ns`, which no program can set back, unlike the
    modification time that `cp -p`, `tar` or `rsync -a` keep) and the inode (a new file
    saved over the old one) are covered too: any edit, checkout or another installed
    version gives another digest. A copy of the same code elsewhere gives another digest
    too, which only costs its first run the caches."""
    root = os.path.join(package, "")
    described: list[bytes] = []  # hashed at once: one update per file cost as much again
    for name in names:
        found = os.path.join(root, name)
        files = _python_files(found) if os.path.isdir(found) else [found]
        for path in files:
            try:
                seen = os.stat(path)
            except OSError:
                continue  # gone since it was listed: the next run lists again
            described.append(
                b"%s\0%d %d %d %d %d\0"
                % (
                    path.removeprefix(root).encode("utf-8", "surrogateescape"),
                    seen.st_size,
                    seen.st_mtime_ns,
                    seen.st_ctime_ns,
                    seen.st_ino,
                    seen.st_dev,
                )
            )
    return hashlib.sha256(b"".join(described))


def _python_files(folder: str) -> list[str]:
    """Every `.py` file under `folder`, sorted (`__pycache__` folders hold none)."""
    found: list[str] = []
    folders = [folder]
    while folders:  # as `os.walk` lists them, without its generators' cost
        try:
            entries = os.scandir(folders.pop())
        except OSError:
            continue  # (`os.walk` leaves out what it cannot list)
        with entries:
            for entry in entries:
                if entry.is_dir():  # a link to a folder is not followed
                    if entry.name != "__pycache__" and not entry.is_symlink():
                        folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    found.append(entry.path)
    return sorted(found)
