"""The files normkit keeps in the user's cache folder, outside any project: compiled
dataclass methods (`method_cache.py`), regular expressions (`pattern_cache.py`), and the
site's compiled templates (`outputs/site/compiled_templates.py`).

Apart from `method_cache.py` so that `pattern_cache.py` imports neither `dataclasses` nor
`inspect`: the program makes the pattern cache active before it imports them, and the
patterns they compile on import (`tokenize`'s, `dataclasses`') are served by it too.
"""

from __future__ import annotations

import marshal
import os
import sys
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
    tag = sys.implementation.cache_tag or sys.implementation.name
    named = name.format(tag=tag, command=f"{command}." if command else "")
    return folder / f"{named}.marshal"


def user_cache_folder() -> Path | None:
    """normkit's folder in the user's cache (`NORMKIT_CACHE_DIR` if set), or None."""
    named = os.environ.get(FOLDER_VARIABLE)
    if named:
        return Path(named)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) / "normkit" / "Cache" if local else None
    try:
        home = Path.home()
    except (KeyError, RuntimeError):  # no home directory (a service account)
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "normkit"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache") / "normkit"


def store(path: Path, header: bytes, entries: dict[Any, Any]) -> None:
    """`header`, then `entries` in `marshal`'s format, written whole under another name,
    then renamed: a reader sees the old file or the new one, never part of one."""
    import tempfile  # only the first run writes

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header + marshal.dumps(entries))
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # no cache folder for this user: the next run compiles again
