"""A command's chapters parsed on the other cores from its first moments.

Before a cold `normkit check` or `normkit build` reads a file, it imports the rest of
normkit (the model's assembly, the checks, YAML, the outputs' registry): about a quarter of
a check at 1,000 criteria, on one core. The workers that parse the chapters ahead of the
read (`sources/parse_ahead.py`) need only the parser, so the command starts them first
(`parsing_started`) and imports the rest while they parse; the read then finds more of
them parsed. Started by the command's own process, the read takes the same workers, the
same files read ahead and the same entries as if it had started them itself
(`check_project`), so the model, diagnostics and stored entries are the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from normkit.assemble.reading_order import chapter_folders
from normkit.build_folder import CACHE
from normkit.cache_entries import wait_for_left_saves
from normkit.forking import default_jobs
from normkit.sources.files import reads_ahead
from normkit.sources.parse_ahead import chapter_sources
from normkit.sources.stored_parses import StoredParses


@dataclass(slots=True)
class HeadStart:
    """Workers parsing a project's chapters, and the files they were read from."""

    cache: Path
    """The build folder's cache the parses are stored in (`check_project`'s)."""
    parses: StoredParses
    reads: dict[Path, Any] = field(default_factory=dict)
    """The chapters read ahead (`files.reads_ahead`): the read takes them."""


def parsing_started(root: Path, jobs: int | None, out: Path | None = None) -> HeadStart | None:
    """The chapters of `root` whose parse is not stored in the build folder `out` (default:
    `root/build`), parsing on up to `jobs` processes (default: the number of cores) where
    that pays (`parse_ahead.worth_forking`, from `MIN_TEXT_AT_START` characters: they parse
    while the command imports), for `check_project(root, keep_parses=True)` or a build into
    `out`; None with one job."""
    if (jobs or default_jobs()) < 2:
        return None
    cache = (out if out is not None else root / "build") / CACHE
    wait_for_left_saves(cache)  # what an earlier `check` still writes: not parsed again
    started = HeadStart(cache=cache, parses=StoredParses(cache))
    try:
        with reads_ahead(started.reads):
            sources = chapter_sources(root, chapter_folders(root))
    except OSError:
        return None  # a folder that cannot be listed: the read reports it
    started.parses.parse_ahead(sources, jobs or default_jobs(), at_start=True)
    return started
