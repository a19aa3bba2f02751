"""The files normkit keeps in the user's cache folder, outside any project: the modules'
code (`code_cache.py`), compiled dataclass methods (`method_cache.py`), regular
expressions (`pattern_cache.py`), and the site's compiled templates
(`outputs/site/compiled_templates.py`). It imports no more than `code_cache.py` may
(`pathlib` where a function needs it).

Apart from `method_cache.py` so that `pattern_cache.py` imports neither `dataclasses` nor
`inspect`: the program makes the pattern cache active before it imports them, and the
patterns they compile on import (`tokenize`'s, `dataclasses`') are served by it too.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

FOLDER_VARIABLE = "NORMKIT_CACHE_DIR"
MOST_ENTRIES = 4096
"""Beyond this many entries (another normkit version's), a file is written again with only
the entries of the run that wrote it."""


def interpreter_file(folder: Path | None, name: str, command: str = "") -> Path | None:
    """`name` (`{tag}` replaced by this interpreter's tag, `{command}` by `command` and a
    dot, if any) + `.marshal` in `folder` or the user's cache folder, or None when the user
    has none."""
    folder = folder or user_cache_folder()
    if folder is None:
        return None
    return folder / _file_name(name, command)


def interpreter_file_text(folder: str, name: str, command: str = "") -> str:
    """`interpreter_file` in `folder`, as text (for `code_cache.py`, which imports no
    `pathlib`)."""
    return os.path.join(folder, _file_name(name, command))


def _file_name(name: str, command: str) -> str:
    tag = sys.implementation.cache_tag or sys.implementation.name
    named = name.format(tag=tag, command=f"{command}." if command else "")
    return f"{named}.marshal"


def other_command_file(folder: str, name: str, command: str) -> str | None:
    """Of the files other commands keep under `name` in `folder` (as `interpreter_file_text`
    names them), the largest, or None. A command without a file of its own yet starts from
    it: the entries are keyed by what they were made from, so another command's serve this
    one as well, and most of what a `build` imports a `check` imported first (a first
    `build --only json` of 181 criteria after a `check`: 1,079 M instructions in its own
    process without, 625 M with). The largest holds the most."""
    from normkit.program import COMMANDS  # (loaded already: it runs the caches)

    found = []
    for other in ("", *sorted(COMMANDS)):
        if other != command:
            path = interpreter_file_text(folder, name, other)
            try:
                found.append((os.stat(path).st_size, path))
            except OSError:
                continue
    return max(found)[1] if found else None


def user_cache_folder() -> Path | None:
    """normkit's folder in the user's cache (`NORMKIT_CACHE_DIR` if set), or None."""
    from pathlib import Path  # (`code_cache.py` imports this module before `pathlib`)

    folder = cache_folder_text()
    return Path(folder) if folder is not None else None


def cache_folder_text() -> str | None:
    """`user_cache_folder`, as text."""
    named = os.environ.get(FOLDER_VARIABLE)
    if named:
        return named
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return os.path.join(local, "normkit", "Cache") if local else None
    home = os.path.expanduser("~")  # as `Path.home()`
    if home.startswith("~"):  # no home directory (a service account)
        return None
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "normkit")
    xdg = os.environ.get("XDG_CACHE_HOME")
    return os.path.join(
        xdg if xdg and os.path.isabs(xdg) else os.path.join(home, ".cache"), "normkit"
    )


def store(path: Path, header: bytes, entries: dict[Any, Any]) -> None:
    """`header`, then `entries` in `marshal`'s format, written as `store_bytes` writes."""
    store_bytes(path, header + marshal.dumps(entries))


def store_bytes(path: Path, data: bytes) -> None:
    """`data` written whole under another name, then renamed: a reader sees the old file or
    the new one, never part of one."""
    import tempfile  # only the first run writes

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # no cache folder for this user: the next run compiles again
