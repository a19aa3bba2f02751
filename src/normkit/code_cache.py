"""The code of the modules a command imports, served per machine from one file.

Each import of a module found on the path costs its finders' look-ups in every folder of
the path before its own, stats, and the opening, reading and validation of its `.pyc` file:
about 10 ms of CPU (40 M instructions, 5%) of a cold `normkit check` of 100 criteria, which
imports ~270 such modules (normkit's, click's, YAML's, markdown-it's, the standard
library's: each pays). While `modules_served_once` is active, a finder in front of
`sys.meta_path` serves those it finds in one file of the user's cache folder
(`user_cache.py`; one per command, as the method and pattern caches), mapped once: their
code objects in `marshal`'s format, as a `.pyc` file keeps them. It is written at the end of a
run that imported a module it did not hold: the `marshal` data of the `.pyc` files the
normal loader read, as read, and only the code it compiled from a source dumped again (a
command's first run starts from another command's file, as the method cache does).

What it serves is what the normal finders would have found, and the code they would have
run:
- an entry is used only if its source's modification time (in nanoseconds) and size are
  those it was compiled from (as a `.pyc` file is checked);
- a file holds one interpreter's code (`sys.version`, `sys.executable`, its optimization
  level and `-X` options) for one `sys.path` and one chain of finders (by kind), and is
  named for them (the last `MOST_FILES`
  of a command are kept);
- a module is served only if no file can have appeared since that the normal finders would
  have found first: each folder they look it up in (every folder of `sys.path` for a
  top-level module, its package's folders for the others) must have the modification time
  it had before the module was first found (creating, removing or renaming a file changes
  its folder's), or else list no file or folder of the module's name. (`python -m normkit`
  puts the working folder first on `sys.path`, and a cold build creates its build folder
  there: every top-level module would otherwise be looked up, compiled and the file
  written again, ~50 M instructions of a cold check of 181 criteria.) `sys.path` and the
  finders between this one and `PathFinder` must be those the run started with, and
  `importlib.invalidate_caches()` turns it off for the rest of the run;
- only modules `PathFinder` found as source files (`SourceFileLoader`): not extension
  modules, built-in or frozen ones, nor what another finder serves.

It keeps the top-level modules that no finder found too (`absent`): the standard library and
markdown-it try modules of other systems or optional packages (`ntpath` five names of `nt`,
`copy` `org.python.core`, `subprocess` `_winapi`, markdown-it `linkify_it`), and each such
look-up walked every folder of the path: ~5 M instructions of every run of `check` (1%).
An import of such a module is refused at once (`ModuleNotFoundError`, as the import system
raises it, its traceback showing this finder) while no folder of `sys.path` can hold it
since: the same condition as a module it serves (`importlib.util.find_spec` of it still
asks the normal finders, and gets None); and a finder added since (an editable package's)
makes another file.

Its loader is a `SourceFileLoader` that only takes its code from the file: `__file__`,
`__spec__`, `__cached__`, `get_data`, `importlib.resources`, `inspect.getsource` and
tracebacks are those of a module imported without it (it makes the module with the
attributes the import system then sets already there, so that none is looked for in vain:
`CodeLoader.create_module`). A file that is missing, damaged or
from another interpreter is ignored and written again; one that cannot be written costs
nothing more than the imports. It imports nothing that is not already loaded when Python
starts (`user_cache.py`'s folder aside) but `mmap`, an extension module (which no cache
of source could serve), so that all that follows is served.
"""

from __future__ import annotations

import _frozen_importlib as _bootstrap
import _frozen_importlib_external as bootstrap
import _imp
import atexit
import marshal
import mmap
import os
import sys
from _frozen_importlib import ModuleSpec

from normkit.user_cache import (
    MOST_ENTRIES,
    cache_folder_text,
    interpreter_file_text,
    other_command_file,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # (`collections`, `contextlib` and `types` are served: imported later)
    from collections.abc import Sequence
    from types import CodeType, ModuleType

SourceFileLoader = bootstrap.SourceFileLoader
"""`importlib.machinery.SourceFileLoader`, without importing `importlib`."""

_Entry = tuple[str, list[str] | None, list[str] | None, int, int, int, int]
"""A module's origin (its source file), the folders it was looked up in (None: `sys.path`),
its `submodule_search_locations` (None: not a package), its source's modification time
(ns) and size, and where its code (`marshal`'s) starts and ends in the file's codes."""


class CodeLoader(SourceFileLoader):
    """A source file's loader whose code is taken from the cache where it holds it."""

    bytecode: bytes | None = None
    """The `.pyc` file the normal loader read its code from (None: it compiled the source):
    the file keeps its `marshal` data as read rather than dumping the code again (a first
    `check` dumped ~4 MB of code, ~55 M instructions)."""

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        """The module as the import system makes it (`type(sys)(name)`), but with the
        attributes it then looks for before setting them (`_init_module_attrs`:
        `getattr(module, "__file__", None)`, as for `__cached__` and a package's `__path__`)
        already there, as None: each attribute a module lacks costs that look-up an
        `AttributeError` and its message (~14 k instructions; ~7 M of a `check` of 181
        criteria). They are the attributes it sets: a module's `__dict__` is the same,
        in the same order."""
        module: ModuleType = type(sys)(spec.name)
        if spec.submodule_search_locations is not None:
            module.__path__ = None  # type: ignore[assignment]
        if spec.has_location:
            module.__file__ = None
            if spec.cached is not None:
                module.__cached__ = None  # type: ignore[attr-defined]
        return module

    def get_code(self, fullname: str) -> CodeType | None:
        served = _active
        if served is not None:
            code = served.code(fullname, self.path)
            if code is not None:
                # As the normal loader does with a `.pyc` file's code: the code names the
                # file it was compiled as (`compileall src/normkit`, run in the repository,
                # names `src/normkit/…`), which tracebacks, `warnings` and profilers would
                # show instead of the source's path.
                _imp._fix_co_filename(code, self.path)  # type: ignore[attr-defined]
                return code
            stat = _stat(self.path)
            made = super().get_code(fullname)
            if made is not None and stat is not None:
                served.keep(fullname, self.path, stat, made, self.bytecode)
            return made
        return super().get_code(fullname)

    def get_data(self, path: str) -> bytes:
        data = super().get_data(path)
        if path.endswith(".pyc"):  # (the source is read from its `.py` file)
            self.bytecode = data
        return data

    def source_to_code(  # type: ignore[override]
        self, data: bytes, path: str, *, _optimize: int = -1
    ) -> CodeType:
        self.bytecode = None  # no `.pyc` file, or a stale one: compiled from the source
        return super().source_to_code(data, path, _optimize=_optimize)


class _Modules:
    """The modules of one process: those in the file, and those found this run."""

    def __init__(self, path: str | None, command: str = "") -> None:
        self.path = path
        self.command = command
        self.header = _header()
        self.search = list(sys.path)
        self.finders = list(sys.meta_path)
        """The finders after this one (it is put first)."""
        self.folders: dict[str, int] = {}
        self.known: dict[str, _Entry] = {}
        self.codes = memoryview(b"")
        self.absent: frozenset[str] = frozenset()
        """Top-level modules that no finder found when the file was written."""
        self.seeded = False
        """Whether the file is another command's, this one having none yet
        (`user_cache.other_command_file`, of the same interpreter and path): this one's then
        keeps only the modules it used."""
        if path is not None:
            self.folders, self.known, self.codes, self.absent = _load(path, self.header)
            if not self.known and not self.absent:
                digest = _imp.source_hash(0, self.header).hex()
                name = f"python-code.{{command}}{{tag}}.{digest}"
                other = other_command_file(os.path.dirname(path), name, command)
                if other is not None:
                    self.folders, self.known, self.codes, self.absent = _load(other, self.header)
                    self.seeded = True
        self.seen: dict[str, int] = {}
        """Each folder's modification time when this run first looked at it: the file
        keeps these (a file created later makes the next run look again)."""
        self.unchanged: dict[str, bool] = {}
        """Whether a folder has the time the file recorded."""
        self.path_unchanged: bool | None = None
        """Whether every folder of `sys.path` has (None: not looked at yet)."""
        self.listed: dict[str, frozenset[str] | None] = {}
        """The names each changed folder lists (`_stems`), once listed this run."""
        self.looked_up: dict[str, _Entry] = {}
        """The entries of `known` a module was looked up with this run."""
        self.found: dict[str, tuple[str, list[str] | None, list[str] | None]] = {}
        """Modules found this run by the normal finders: origin, folders, locations."""
        self.made: dict[str, tuple[str, list[str] | None, list[str] | None, int, int, bytes]] = {}
        self.missing: set[str] = set()
        """Top-level modules that no finder found this run."""
        self.refused: set[str] = set()
        """Those of `absent` refused this run without a look-up (tests read it)."""
        self.served = 0
        """Modules served from the file this run (tests count them)."""
        self.on = True
        self.owner = os.getpid()

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        finders = sys.meta_path
        if finders[0] is not self or finders[1:] != self.finders or not self.on:
            return None  # another finder first, or between this one and `PathFinder`
        if target is not None:
            return None  # a reload: the normal finders'
        if path is None:
            if sys.path != self.search:
                return None  # `sys.path` changed: its own look-ups
            folders = None
        else:
            folders = path if type(path) is list else list(path)
        entry = self.known.get(name)
        if entry is not None:
            spec = self._spec(name, folders, entry)
            if spec is not None:
                return spec
        elif (
            folders is None
            and name in self.absent
            and self._still_absent(name)
            # Only an import's look-up is refused: `importlib.util.find_spec`, which asks
            # the same finders whether a module exists, is answered None by the normal ones.
            and sys._getframe(2).f_code is _IMPORTING
        ):
            self.refused.add(name)
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return self._found(name, path, folders)

    def _still_absent(self, name: str) -> bool:
        """Whether no folder of `sys.path` can hold top-level module `name` since the file
        recorded it absent."""
        return self._path_unchanged() or not self._shadowed(name, self.search)

    def _spec(self, name: str, folders: list[str] | None, entry: _Entry) -> ModuleSpec | None:
        """The spec of `entry` if it is what the normal finders would find, or None."""
        try:
            origin, searched, locations, modified, size, _, _ = entry
            if searched != folders or type(origin) is not str:
                return None
            if folders is None:
                if not self._path_unchanged() and self._shadowed(name, self.search):
                    return None
            elif self._shadowed(name, folders):
                return None
            stat = os.stat(origin)
            if stat.st_mtime_ns != modified or stat.st_size != size:
                return None
            spec = ModuleSpec(name, CodeLoader(name, origin), origin=origin)
            if locations is not None:
                spec.submodule_search_locations = [*locations]
        except (OSError, TypeError, ValueError):
            return None  # (or a damaged entry)
        spec.has_location = True  # as `spec_from_file_location` (`__file__`, `__cached__`)
        self.looked_up[name] = entry
        return spec

    def _found(
        self, name: str, path: Sequence[str] | None, folders: list[str] | None
    ) -> ModuleSpec | None:
        """What the normal finders find, with the code of a source file kept (its folders'
        times taken before the look-up: see `seen`)."""
        if folders is None:
            self._path_unchanged()
        else:
            for folder in folders:
                self._unchanged(folder)
        for finder in self.finders:
            find = getattr(finder, "find_spec", None)
            if find is None:
                return None  # a finder of the old protocol: `importlib`'s own search
            spec: ModuleSpec | None = find(name, path)
            if spec is not None:
                break
        else:
            if folders is None:
                self.missing.add(name)
            return None
        if finder is bootstrap.PathFinder and type(spec.loader) is SourceFileLoader:
            origin = spec.origin
            if origin is not None and origin.endswith(".py") and spec.loader_state is None:
                spec.loader = CodeLoader(name, origin)
                locations = spec.submodule_search_locations
                self.found[name] = (origin, folders, None if locations is None else [*locations])
        return spec

    def _path_unchanged(self) -> bool:
        unchanged = self.path_unchanged
        if unchanged is None:
            unchanged = self.path_unchanged = all(
                [self._unchanged(folder) for folder in self.search]
            )
        return unchanged

    def _unchanged(self, folder: str) -> bool:
        """Whether `folder` has the time the file recorded."""
        unchanged = self.unchanged.get(folder)
        if unchanged is None:
            now = self.seen[folder] = _folder_time(folder)
            unchanged = self.unchanged[folder] = self.folders.get(folder) == now
        return unchanged

    def _shadowed(self, name: str, folders: list[str]) -> bool:
        """Whether a folder of `folders` changed since the file was written and lists a file
        or folder that the normal finders could take for module `name` (`name`, `name.py`,
        `name.<tag>.so`…; compared without case, as a file system may)."""
        stem = name.rpartition(".")[2].lower()
        for folder in folders:
            unchanged = self.unchanged.get(folder)
            if unchanged is None:
                unchanged = self._unchanged(folder)
            if not unchanged:
                if folder not in self.listed:
                    self.listed[folder] = _stems(folder)
                names = self.listed[folder]
                if names is None or stem in names:
                    return True
        return False

    def code(self, name: str, origin: str) -> CodeType | None:
        """The code of `name` from the file, if its spec came from it."""
        entry = self.looked_up.get(name)
        if entry is None or entry[0] != origin:
            return None
        try:
            code = marshal.loads(self.codes[entry[5] : entry[6]])
        except (EOFError, ValueError, TypeError):
            code = None
        if type(code) is not _CODE:  # damaged: compiled again, and the file rewritten
            del self.looked_up[name]
            self.found[name] = entry[:3]
            return None
        self.served += 1
        return code

    def keep(
        self,
        name: str,
        origin: str,
        stat: os.stat_result,
        code: CodeType,
        bytecode: bytes | None = None,
    ) -> None:
        """Keep the code the normal loader made for `name` (from `bytecode`, the `.pyc`
        file it read, if any)."""
        found = self.found.get(name)
        if found is None or found[0] != origin:
            return
        data = bytecode[16:] if bytecode is not None else marshal.dumps(code)  # (its header)
        self.made[name] = (origin, found[1], found[2], stat.st_mtime_ns, stat.st_size, data)

    def _still_found(self, name: str, searched: list[str] | None) -> bool:
        """Whether an entry of the file for `name` looked up in `searched` (None: `sys.path`)
        stays valid: no folder of it that this run saw changed lists anything of its
        name."""
        try:
            folders = searched if searched is not None else self.search
            return not self._shadowed(name, [folder for folder in folders if folder in self.seen])
        except TypeError:  # a damaged entry
            return False

    def invalidate_caches(self) -> None:
        """Files were created since the run started (`importlib.invalidate_caches`): the
        normal finders look for themselves from now on, and nothing is written."""
        self.on = False

    def save(self) -> None:
        """Write the file if this run found a module it did not hold, or one absent (not in
        a forked child)."""
        if not self.on or self.path is None or os.getpid() != self.owner:
            return
        if not self.made and self.missing <= self.absent and not self.seeded:
            return
        folders = {**self.folders, **self.seen}
        kept = {
            name: entry
            for name, entry in self.known.items()
            if self._still_found(name, entry[1]) and name not in self.made
        }
        if self.seeded or len(kept) + len(self.made) > MOST_ENTRIES:
            kept = {name: kept[name] for name in self.looked_up if name in kept}
        index: dict[str, _Entry] = {}
        codes: list[bytes | memoryview[int]] = []
        used = set(self.search)
        end = 0
        for name, entry in kept.items():
            try:
                origin, searched, locations, modified, size, start, stop = entry
                code = self.codes[start:stop]
                used.update(searched or ())
            except (TypeError, ValueError):
                continue  # a damaged entry
            codes.append(code)
            index[name] = (origin, searched, locations, modified, size, end, end + len(code))
            end += len(code)
        for name, (origin, searched, locations, modified, size, made) in self.made.items():
            codes.append(made)
            used.update(searched or ())
            index[name] = (origin, searched, locations, modified, size, end, end + len(made))
            end += len(made)
        earlier = self.refused if self.seeded else self.absent  # (refused: still absent)
        absent = [name for name in earlier if self._still_found(name, None)]
        absent = sorted(self.missing.union(absent))[:MOST_ENTRIES]
        if absent:
            used.update(self.search)
        folders = {folder: time for folder, time in folders.items() if folder in used}
        self.made, self.seeded = {}, False
        listed = marshal.dumps((folders, index, end, absent))
        _store(
            self.path, b"".join([self.header, len(listed).to_bytes(8, "little"), listed, *codes])
        )
        _prune(self.path, self.command)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _stems(folder: str) -> frozenset[str] | None:
    """What `folder` lists, each name up to its first dot, in lower case; None if it cannot
    be listed (a vanished folder, a zip file)."""
    try:
        return frozenset(entry.partition(".")[0].lower() for entry in os.listdir(folder or "."))
    except (OSError, ValueError):
        return None


def _folder_time(folder: str) -> int:
    """`folder`'s modification time (ns), -1 where there is none (yet)."""
    try:
        return os.stat(folder or ".").st_mtime_ns
    except (OSError, ValueError):
        return -1


def _header() -> bytes:
    key = (
        sys.version,
        sys.executable,
        sys.flags.optimize,
        sorted(map(str, sys._xoptions.items())),
        sys.path,
        _finder_kinds(),
    )
    return b"%b%b\0" % (bootstrap.MAGIC_NUMBER, repr(key).encode("utf-8", "replace"))


def _finder_kinds() -> list[str]:
    """The import system's finders by kind, this module's own left out: what a file holds
    (a module found, or none found: `absent`) was found by the finders of its runs, and a
    finder added since (one a `.pth` file installs for a package installed as editable)
    may find a module where they found none."""
    kinds = (finder if isinstance(finder, type) else type(finder) for finder in sys.meta_path)
    return [f"{kind.__module__}.{kind.__qualname__}" for kind in kinds if kind is not _Modules]


_CODE = type(_header.__code__)
"""`types.CodeType`."""
_IMPORTING = getattr(getattr(_bootstrap, "_find_and_load_unlocked", None), "__code__", None)
"""The code of the import system's function that asks the finders for a module to import
(`_find_spec`'s caller), or None where it has no such function (then nothing is refused)."""


_active: _Modules | None = None


class modules_served_once:
    """Within, the modules found as source files on the path are served from the file of
    `command` in `folder` or the user's cache folder (see above), which is written at the
    end of the block, or when the process ends if the block never ends. (A class rather
    than a `contextlib.contextmanager`: `contextlib` is served too.)"""

    def __init__(self, folder: str | None = None, command: str = "") -> None:
        self.folder = folder
        self.command = command
        self.modules: _Modules | None = None

    def __enter__(self) -> None:
        global _active
        path = cache_file(self.folder, self.command)
        if _active is not None or path is None:
            return  # already active, or no cache folder: imports as usual
        self.modules = _active = _Modules(path, self.command)
        atexit.register(_active.save)
        sys.meta_path.insert(0, _active)

    def __exit__(self, *_: object) -> None:
        global _active
        modules, self.modules = self.modules, None
        if modules is None:
            return
        if modules in sys.meta_path:
            sys.meta_path.remove(modules)
        _active = None
        atexit.unregister(modules.save)
        modules.save()


def served_count() -> int:
    """How many modules the active block served from the file so far (0 outside one)."""
    return _active.served if _active is not None else 0


MOST_FILES = 4
"""Files kept for a command: one for each interpreter and `sys.path` it ran with (`python
-m normkit` puts the working folder first on it), the most recently written."""


def cache_file(folder: str | None = None, command: str = "") -> str | None:
    """The file for this interpreter, its `sys.path` and `command` in `folder` or the
    user's cache folder, or None when the user has none."""
    folder = folder or cache_folder_text()
    if folder is None:
        return None
    digest = _imp.source_hash(0, _header()).hex()
    return f"{_stem(folder, command)}.{digest}.marshal"


def _stem(folder: str, command: str) -> str:
    return interpreter_file_text(folder, "python-code.{command}{tag}", command)[: -len(".marshal")]


def _prune(path: str, command: str) -> None:
    """Remove the command's files beyond the `MOST_FILES` last written."""
    folder = os.path.dirname(path)
    stem = os.path.basename(_stem(folder, command)) + "."
    try:
        named = [
            os.path.join(folder, name)
            for name in os.listdir(folder)
            if name.startswith(stem)
            and name.endswith(".marshal")
            and name.count(".") == stem.count(".") + 1
        ]
        named.sort(key=lambda name: os.stat(name).st_mtime_ns, reverse=True)
        for name in named[MOST_FILES:]:
            os.unlink(name)
    except OSError:
        pass  # another process removed one first


def _load(
    path: str, header: bytes
) -> tuple[dict[str, int], dict[str, _Entry], memoryview, frozenset[str]]:
    """The folders' times, the entries, the codes and the absent modules of the file at
    `path`, if it is one for `header` (else nothing)."""
    nothing: tuple[dict[str, int], dict[str, _Entry], memoryview, frozenset[str]] = (
        {},
        {},
        memoryview(b""),
        frozenset(),
    )
    try:
        with open(path, "rb") as handle:
            # Mapped, not read: the pages the file system caches already serve each module's
            # code, where a copy (`check`'s file is ~4.4 MB) first faulted in as many fresh
            # pages of this process (~1,080 of a cold check's ~9,900 page faults). A file
            # written again is renamed over this one: the mapping keeps the old one.
            data = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # (ValueError: an empty file, which cannot be mapped)
        return nothing
    start = len(header) + 8
    if data[: len(header)] != header:
        return nothing
    codes = start + int.from_bytes(data[len(header) : start], "little")
    try:
        folders, entries, size, absent = marshal.loads(data[start:codes])
        absent = frozenset(name for name in absent if type(name) is str)
    except (EOFError, ValueError, TypeError):
        return nothing
    if type(folders) is not dict or type(entries) is not dict or len(data) - codes != size:
        return nothing  # (a truncated file)
    return folders, entries, data[codes:], absent


def _store(path: str, data: bytes) -> None:
    from pathlib import Path

    from normkit.user_cache import store_bytes

    store_bytes(Path(path), data)
