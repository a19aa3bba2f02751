"""Dataclass methods compiled once per machine instead of at every start of `normkit`.

`dataclass` writes the source of the methods it adds to a class (`__init__`, and for a
frozen class `__setattr__` and `__delattr__`; `__eq__` and `__repr__` unless asked not to)
and compiles each with `exec`. Importing what `normkit check` runs compiled 421 such texts
this way: 265 M of the 1,096 M instructions of its imports (callgrind), paid by every run
of every command, although the texts are the same from one run to the next.

While `methods_compiled_once` is active, `dataclasses` finds this module's `exec` before the
built-in one: the same call on the same text, but the text is compiled only the first time
(with the compiler flags of the calling code, as `exec` would) and its code object is kept
in a file of the user's cache folder (`$XDG_CACHE_HOME/normkit/` or `~/.cache/normkit/`;
`~/Library/Caches/normkit` on macOS, `%LOCALAPPDATA%\\normkit\\Cache` on Windows), in
`marshal`'s format as Python keeps its `.pyc` files, named for the interpreter and its
optimization level. The next process loads that file (about 1 ms) and compiles nothing it
finds there. Each command has its own file (`program.run` names it): a file shared by every
command held ~800 texts once `build`, `serve` and the rest had run, and a check, which uses
~300, loaded them all (~20 M instructions instead of ~9 M). A command's first run starts
from another command's file (`user_cache.other_command_file`) and writes its own with only
what it used. What `dataclass` makes is the same either way: a code object compiled from
the same text by the same interpreter with the same flags, run with the same globals and
locals. A file that is missing, unreadable, damaged or from another Python is ignored and
written again; when it cannot be written (a read-only home), each run compiles as before.
`NORMKIT_CACHE_DIR` names another folder. Delete the folder at any time.
"""

from __future__ import annotations
import __future__ as features

import atexit
import builtins
import dataclasses
import importlib.util
import marshal
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import CodeType
from typing import Any

from normkit.class_making import classes_made_quickly
from normkit.user_cache import FOLDER_VARIABLE as FOLDER_VARIABLE
from normkit.user_cache import MOST_ENTRIES, interpreter_file, other_command_file, store
from normkit.user_cache import user_cache_folder as user_cache_folder

_FUTURE_FLAGS = 0
for _name in features.all_feature_names:
    _FUTURE_FLAGS |= getattr(features, _name).compiler_flag

_Key = tuple[int, str]
_NAME = f"dataclass-methods.{{command}}{{tag}}.opt-{sys.flags.optimize}"


class _Codes:
    """The code objects of one process: those loaded from the file and those it compiled."""

    def __init__(self, path: Path | None, command: str = "") -> None:
        self.path = path
        self.known: dict[_Key, CodeType] = _load(path) if path else {}
        self.used: dict[_Key, CodeType] = {}
        self.compiled = 0
        """Texts this process compiled (found neither in the file nor earlier)."""
        self.owner = os.getpid()
        self.command: str | None = command if path is not None and not self.known else None
        """The command whose file has no entries yet: at its first text, `known` becomes
        another command's (`user_cache.other_command_file`)."""
        self.seeded = False
        """Whether `known` is another command's: this one's file keeps only what it used."""

    def code(self, source: str, flags: int) -> CodeType:
        key = (flags, source)
        code = self.used.get(key) or self.known.get(key)
        if code is None and self.command is not None and self.path is not None:
            other = other_command_file(str(self.path.parent), _NAME, self.command)
            self.command = None
            if other is not None:
                self.known, self.seeded = _load(Path(other)), True
                code = self.known.get(key)
        if code is None:
            code = compile(source, "<string>", "exec", flags=flags, dont_inherit=True)
            self.compiled += 1
        self.used[key] = code
        return code

    def save(self) -> None:
        """Write the file if this process compiled anything, or used another command's
        entries (not in a forked child)."""
        if not (self.compiled or self.seeded) or self.path is None or os.getpid() != self.owner:
            return
        entries = dict(self.used) if self.seeded else {**self.known, **self.used}
        self.seeded = False
        if len(entries) > MOST_ENTRIES:
            entries = dict(self.used)
        self.compiled = 0
        store(self.path, importlib.util.MAGIC_NUMBER, entries)


_active: _Codes | None = None


def _exec(
    source: Any,
    globals: dict[str, Any] | None = None,
    locals: Mapping[str, object] | None = None,
    /,
) -> None:
    """`exec` for `dataclasses`, with a text compiled once (see above)."""
    caller = sys._getframe(1)
    if globals is None:  # as `exec`: the caller's namespaces, not this function's
        globals = caller.f_globals
        if locals is None:
            locals = caller.f_locals
    if type(source) is str and _active is not None:
        source = _active.code(source, caller.f_code.co_flags & _FUTURE_FLAGS)
    builtins.exec(source, globals, locals)


def compiled(source: str) -> CodeType:
    """`source` compiled (without future flags), once per machine while a block is active
    (as `dataclass`' texts are): for other code that writes its functions' text."""
    if _active is not None:
        return _active.code(source, 0)
    return compile(source, "<string>", "exec", dont_inherit=True)


@contextmanager
def methods_compiled_once(folder: Path | None = None, command: str = "") -> Iterator[None]:
    """Within, `dataclass` compiles each method's text only if no earlier run did (of
    `command`, whose file it reads: see above), and makes most classes in one pass
    (`class_making.classes_made_quickly`). The texts it compiled are written to the cache
    at the end of the block, or when the process ends if the block never ends (the program
    ends by `os._exit` after its exit handlers, `commands/process_end.py`)."""
    global _active
    if _active is not None or hasattr(dataclasses, "exec"):
        yield  # already active (or `dataclasses` changed): leave it as it is
        return
    codes = _Codes(cache_file(folder, command), command)
    atexit.register(codes.save)
    _active = codes
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    try:
        with classes_made_quickly(lambda text: codes.code(text, 0)):
            yield
    finally:
        del dataclasses.exec  # type: ignore[attr-defined]
        _active = None
        atexit.unregister(codes.save)
        codes.save()


def compiled_count() -> int:
    """How many texts the active block compiled so far (0 outside one)."""
    return _active.compiled if _active is not None else 0


def cache_file(folder: Path | None = None, command: str = "") -> Path | None:
    """The file for this interpreter and `command` in `folder` or the user's cache folder,
    or None when the user has none."""
    return interpreter_file(folder, _NAME, command)


def _load(path: Path) -> dict[_Key, CodeType]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    header = importlib.util.MAGIC_NUMBER
    if not data.startswith(header):
        return {}
    try:
        entries = marshal.loads(data[len(header) :])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {
        key: code
        for key, code in entries.items()
        if type(key) is tuple
        and len(key) == 2
        and type(key[0]) is int
        and type(key[1]) is str
        and type(code) is CodeType
    }
