"""What the tests of the stores a read keeps between runs share (`sources/stored_sheets.py`,
`translations/stored_catalogs.py`): a `check` that keeps its cache, held to a read that
stores and loads nothing."""

from __future__ import annotations

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
