"""Regular expressions compiled once per machine instead of at every start of `normkit`.

`re.compile` parses a pattern and translates it into the regex engine's program in pure
Python, then hands the program to the engine (`_sre.compile`). Modules compile their
patterns when imported: importing what `normkit check` runs compiles about 150 of them
(PyYAML's, python-slugify's, markdown-it's and normkit's own), a fifth of the imports'
time, paid by every run of every command although the patterns never change.

While `patterns_compiled_once` is active, `re`'s compiler is a stand-in that translates a
pattern only if no earlier run did. What the engine received for it (the pattern, its
flags, the program, the groups) is kept in a file of the user's cache folder
(`user_cache.user_cache_folder`), in `marshal`'s format, named for the interpreter and
its regex engine (and its build, for the Unicode tables of case-insensitive patterns), one
per command as for `method_cache` (a check compiles ~150 of the ~400 patterns of every
command: ~10 M instructions to load them all; a command's first run starts from another
command's file, as there), and the next process hands the same
arguments to the engine directly. The compiled pattern is the same either way:
`_sre.compile` with the same arguments. A file that is missing, unreadable, damaged or from
another Python (a program the engine rejects) is ignored and written again; when it cannot
be written, each run compiles as before. `re`'s own in-memory cache is untouched; patterns
compiled with `re.DEBUG`, and anything that is not a pattern text, go to the usual
compiler. Only a pattern whose text is the same in every run is kept (`_Origin`), and
those a function builds from a project's content and asks to keep (`compile_kept`: the
glossary's term patterns, which the same project builds again at its next run), the most
recently used `MOST_CONTENT` of them.
"""

from __future__ import annotations

import atexit
import enum
import importlib
import importlib.util
import marshal
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from normkit.user_cache import MOST_ENTRIES, interpreter_file, other_command_file, store

_compiler: Any = importlib.import_module("re._compiler")
"""`re`'s compiler (Python 3.11 and later), and the engine it hands programs to."""
_sre: Any = _compiler._sre

_Key = tuple[int, str | bytes]
_NAME = "regex-programs.{command}{tag}"
_Arguments = tuple[Any, ...]
"""What `_sre.compile` takes: pattern, flags, program, groups, group index, index group."""

_HEADER = b"%b%d %b\0" % (importlib.util.MAGIC_NUMBER, _sre.MAGIC, sys.version.encode())
"""Programs are kept for one interpreter build: its bytecode, regex engine and version."""


class _Programs:
    """The engine's arguments of one process: those loaded from the file and those it
    compiled."""

    def __init__(self, path: Path | None, command: str = "") -> None:
        self.path = path
        self.command = command
        self.seeded = False
        """Whether `known` is another command's, this one having no file yet
        (`user_cache.other_command_file`): its file then keeps only what it used."""
        self.loaded = False
        self.known: dict[_Key, _Arguments] = {}
        """Read at the first pattern: a command that compiles none reads no file."""
        self.used: dict[_Key, _Arguments] = {}
        self.compiled = 0
        """Patterns this process translated and keeps (found neither in the file nor
        earlier)."""
        self.unwritten = False
        """Whether one of them is a constant, which makes the file worth writing."""
        self.owner = os.getpid()
        self.lock = threading.RLock()
        """Reentrant: a finalizer run by a collection during a translation may compile too."""

    def pattern(
        self, text: str | bytes, flags: int, origin: _Origin | None = None
    ) -> re.Pattern[Any]:
        """`text` compiled with `flags`; `origin`: where the text comes from, when the
        caller knows (otherwise `_origin` looks at the frame that compiles it)."""
        if not self.loaded:
            self.loaded = True
            self.known = _load(self.path) if self.path else {}
            if not self.known and self.path is not None:
                other = other_command_file(str(self.path.parent), _NAME, self.command)
                if other is not None:
                    self.known = _load(Path(other))
                    self.seeded = self.unwritten = True
        key = (flags | _CONTENT_KEY if origin is _Origin.CONTENT else flags, text)
        arguments = self.used.get(key) or self.known.get(key)
        if arguments is not None:
            try:
                made: re.Pattern[Any] = _sre.compile(*arguments)
            except Exception:  # a damaged entry the engine rejects: translate it again
                self.known.pop(key, None)
                self.used.pop(key, None)
            else:
                self.used[key] = arguments
                return made
        with self.lock:  # the stand-in `_sre` is seen by every thread that compiles now
            recorder = _Recorder(text)
            previous, _compiler._sre = _compiler._sre, recorder
            try:
                made = _ORIGINAL(text, flags)
            finally:
                _compiler._sre = previous
        kept = recorder.arguments
        if kept is None:
            origin = _Origin.FUNCTION
        elif origin is None:
            origin = _origin(text)
        if kept is not None and origin is not _Origin.FUNCTION:
            self.used[key] = kept
            self.compiled += 1
            self.unwritten = self.unwritten or origin is not _Origin.IMPORT
        return made

    def save(self) -> None:
        """Write the file if this process translated a constant, or used another command's
        file (not in a forked child)."""
        if not self.unwritten or self.path is None or os.getpid() != self.owner:
            return
        # this run's entries last, as the most recently used; of the content patterns it
        # did not use, the oldest go first
        earlier = {
            key: arguments
            for key, arguments in ({} if self.seeded else self.known).items()
            if key not in self.used
        }
        unused = [key for key in earlier if key[0] & _CONTENT_KEY]
        used = sum(1 for key in self.used if key[0] & _CONTENT_KEY)
        for key in unused[: max(0, len(unused) + used - MOST_CONTENT)]:
            del earlier[key]
        entries = {**earlier, **self.used}
        if len(entries) > MOST_ENTRIES:
            entries = dict(self.used)
        self.compiled, self.unwritten, self.seeded = 0, False, False
        store(self.path, _HEADER, entries)


class _Recorder:
    """`_sre` for `re._compiler` during one translation: keeps what `compile` was given."""

    def __init__(self, text: str | bytes) -> None:
        self.text = text
        self.arguments: _Arguments | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(_sre, name)

    def compile(self, *arguments: Any) -> Any:
        made = _sre.compile(*arguments)
        if len(arguments) == 6 and arguments[0] is self.text and type(arguments[2]) is list:
            # the program's opcodes are named `int`s, which `marshal` keeps as plain ones
            pattern, flags, program, *groups = arguments
            kept = (pattern, int(flags), [int(item) for item in program], *groups)
            try:
                marshal.dumps(kept)
            except ValueError:
                return made  # something `marshal` cannot keep: compiled each run
            self.arguments = kept
        return made


def _origin(text: str | bytes) -> _Origin:
    """Where `text` comes from, which says whether it is the same in every run (see
    `_Origin`)."""
    frame = sys._getframe(1)
    while frame.f_back is not None and _passed_on(frame.f_globals.get("__name__")):
        frame = frame.f_back
    code = frame.f_code
    if any(constant is text or constant == text for constant in code.co_consts):
        return _Origin.CONSTANT
    if not code.co_flags & _CO_OPTIMIZED:  # a module's or a class's body
        return _Origin.IMPORT
    return _Origin.FUNCTION


_CO_OPTIMIZED = 0x0001
"""`inspect.CO_OPTIMIZED` (a function's code), without importing `inspect` (see `program.py`)."""


class _Origin(enum.Enum):
    """Where a pattern's text comes from."""

    CONSTANT = "constant"
    """Written in the code that compiles it: the same in every run, kept."""
    IMPORT = "import"
    """Built by a module's or a class's body as it is imported: kept, but only written
    along with a constant, since a few libraries build such a text from a set, whose order
    changes from run to run (Babel's plural rules), and each run would write the file."""
    FUNCTION = "function"
    """Built by a function (markdown-it's per parser from a set): compiled as usual, not
    kept."""
    CONTENT = "content"
    """Built by a function from a project's content, whose next run builds the same text
    (`compile_kept`): kept, and written, under a key of its own (`_CONTENT_KEY`)."""


_CONTENT_KEY = 1 << 30
"""Added to the flags of a content pattern's key (no flag of `re` is this high): the file
keeps only the most recent `MOST_CONTENT` of them, and a constant of the same text is kept
apart."""

MOST_CONTENT = 16
"""Content patterns kept, the run's own and the most recently used before it: two projects'
term patterns (the demo makes 8, one per version and language, of 21–26 kB each in the
file, each 0.13 ms to load, which every run pays), not every text an edited glossary made."""


def _passed_on(module: object) -> bool:
    """Whether a frame of `module` only passes a pattern on (`re`, and this module)."""
    return module == __name__ or module == "re" or (type(module) is str and module[:3] == "re.")


_ORIGINAL = _compiler.compile
_active: _Programs | None = None


def _compile(pattern: Any, flags: int = 0) -> Any:
    """`re._compiler.compile`, with a pattern text translated once (see above)."""
    kind = type(pattern)
    if _active is None or (kind is not str and kind is not bytes) or flags & re.DEBUG:
        return _ORIGINAL(pattern, flags)
    return _active.pattern(pattern, int(flags))


def compile_kept(text: str) -> re.Pattern[str]:
    """`re.compile(text)` for a text a function builds from a project's content (its
    glossary's terms), kept in the cache as a constant would be (while one is active): the
    same project's next run builds the same text and does not translate it again (the
    demo's four translated term patterns took 2.3–3.8 ms each)."""
    if _active is None:
        return re.compile(text)
    made: re.Pattern[str] = _active.pattern(text, 0, _Origin.CONTENT)
    return made


def compile_constant(text: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(text, flags)` for a text a function builds from constants alone (a named
    numbering style's patterns, `model/numbering.py`): the same in every run, so kept as a
    constant written in the code is, which `_origin` cannot tell from the frame (each run
    translated the four of a standard with a named style, ~0.5 ms). Made once per process,
    as `re.compile` keeps what it made (the importers make a numbering per number)."""
    if _active is None:
        return re.compile(text, flags)
    key = (int(flags), text)
    made = _constants.get(key)
    if made is None:
        made = _constants[key] = _active.pattern(text, key[0], _Origin.CONSTANT)
    return made


_constants: dict[tuple[int, str], re.Pattern[str]] = {}
"""`compile_constant`'s patterns made in this process."""


@contextmanager
def patterns_compiled_once(folder: Path | None = None, command: str = "") -> Iterator[None]:
    """Within, `re` translates each pattern only if no earlier run (of `command`) did. The
    patterns it translated are written to the cache at the end of the block, or when the
    process ends if the block never ends (as `method_cache.methods_compiled_once`)."""
    global _active
    if _active is not None or _compiler.compile is not _ORIGINAL:
        yield  # already active (or someone else's stand-in): leave it as it is
        return
    programs = _Programs(cache_file(folder, command), command)
    atexit.register(programs.save)
    _active = programs
    _compiler.compile = _compile
    try:
        yield
    finally:
        _compiler.compile = _ORIGINAL
        _active = None
        atexit.unregister(programs.save)
        programs.save()


def compiled_count() -> int:
    """How many patterns the active block translated so far (0 outside one)."""
    return _active.compiled if _active is not None else 0


def cache_file(folder: Path | None = None, command: str = "") -> Path | None:
    """The file for this interpreter and `command` in `folder` or the user's cache folder,
    or None when the user has none."""
    return interpreter_file(folder, _NAME, command)


def _load(path: Path) -> dict[_Key, _Arguments]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if not data.startswith(_HEADER):
        return {}
    try:
        entries = marshal.loads(data[len(_HEADER) :])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {
        key: arguments
        for key, arguments in entries.items()
        if type(key) is tuple
        and len(key) == 2
        and type(key[0]) is int
        and type(key[1]) in (str, bytes)
        and type(arguments) is tuple
        and len(arguments) == 6
        and arguments[0] == key[1]
    }
