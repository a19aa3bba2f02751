"""What the tests of the stores a read keeps between runs share (`sources/stored_parses.py`,
`sources/stored_sheets.py`, `translations/stored_catalogs.py`): a `check` that keeps its
cache, held to a read that stores and loads nothing; entries spoiled in every way a store must
survive."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from normkit.build_folder import CACHE
from normkit.pipeline import CheckResult, check_project
from normkit.sources.documents import ParseCache, parses_kept


def stored_entries(root: Path, folder: str) -> list[Path]:
    """The entries of the store `folder` in `root`'s build folder."""
    return sorted((root / "build" / CACHE / folder).iterdir())


def checked_against_fresh_read(root: Path) -> CheckResult:
    """A `check` (it keeps its cache), whose model and diagnostics must equal those of a
    read of every source; without laying out the drafts' PDF (the cited lines are not what
    these stores keep)."""
    result = check_project(root, keep_parses=True, layout=False)
    with parses_kept(ParseCache()):  # a session's own caches: nothing stored is read
        fresh = check_project(root, layout=False)
    assert result.corpus == fresh.corpus
    assert [d.format() for d in result.diagnostics] == [d.format() for d in fresh.diagnostics]
    return result


DAMAGES = (
    "truncated",
    "flipped",
    "empty",
    "foreign",
    "wrong-shape",
    "other-file",
    "folder",
    "link",
)
"""How `damage` spoils an entry; a store must read its source again after each."""


class _Foreign:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.getenv, ("HOME",))


def damage(entry: Path, how: str, other: bytes) -> None:
    """Spoil the store entry `entry` in the way `how` (`DAMAGES`); `other`: another entry's
    whole, intact bytes."""
    data = entry.read_bytes()
    if how == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        middle = len(data) // 2
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how in ("foreign", "wrong-shape"):  # a valid checksum around something else
        payload = pickle.dumps(_Foreign() if how == "foreign" else ["a", "list"])
        entry.write_bytes(payload + hashlib.sha256(payload).digest())
    elif how == "other-file":
        entry.write_bytes(other)
    elif how == "folder":
        entry.unlink()
        entry.mkdir()
    else:
        assert how == "link", how
        target = entry.with_name("elsewhere")
        target.write_bytes(data)
        entry.unlink()
        entry.symlink_to(target)
