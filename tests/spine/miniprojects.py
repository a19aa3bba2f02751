"""Laying a mini-project case over the base project in a temporary folder."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

PROJECTS = Path(__file__).resolve().parent.parent / "projects"
BASE = PROJECTS / "_base"
CASE_FILES = {
    "diagnostics.txt",
    "delete.txt",
    "links.txt",
    "rename.txt",
    "import.txt",
    "apply.txt",
    "checklist.txt",
}
IMPORT_FILE = "import.txt"
"""A case with this file runs `normkit import` with its arguments (one line) in the
project instead of `normkit check`: import sources' diagnostics are golden too."""
APPLY_FILE = "apply.txt"
"""A case with this file runs `normkit apply-replaces` with its arguments (one line) in the
project instead of `normkit check`: a review file's diagnostics are golden too."""
CHECKLIST_FILE = "checklist.txt"
"""A case with this file runs `normkit checklist read` with its arguments (one line) in the
project instead of `normkit check`: a filled checklist's diagnostics are golden too."""
VALID_PREFIX = "ok--"
"""Cases named `ok--<feature>` are valid projects: no diagnostics, golden JSON in `expected/`."""


def case_names() -> list[str]:
    return sorted(p.name for p in PROJECTS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def valid_case_names() -> list[str]:
    return [name for name in case_names() if name.startswith(VALID_PREFIX)]


def problem_case_names() -> list[str]:
    return [name for name in case_names() if not name.startswith(VALID_PREFIX)]


def materialise(case: str | None, target: Path) -> Path:
    """Copy the base project to `target` and apply the case's overlay."""
    shutil.copytree(BASE, target, ignore=shutil.ignore_patterns("expected"))
    if case is None:
        return target
    folder = PROJECTS / case
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_dir() or str(relative) in CASE_FILES or relative.parts[0] == "expected":
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    deletions = folder / "delete.txt"
    if deletions.is_file():
        for line in deletions.read_text(encoding="utf-8").split():
            doomed = target / line
            if doomed.is_dir():
                shutil.rmtree(doomed)
            else:
                doomed.unlink()
    for link, destination in _arrows(folder / "links.txt"):
        (target / link).parent.mkdir(parents=True, exist_ok=True)
        (target / link).symlink_to(destination)
    for path, name in _arrows(folder / "rename.txt"):
        # `\xNN` in the new name is a raw byte: file names that are not UTF-8.
        raw = name.encode("ascii").decode("unicode_escape").encode("latin-1")
        source = target / path
        os.rename(source, os.path.join(os.fsencode(source.parent), raw))
    return target


def import_arguments(case: str) -> list[str] | None:
    """The `normkit import` arguments of an import case, or None for a check case."""
    return _arguments(case, IMPORT_FILE)


def apply_arguments(case: str) -> list[str] | None:
    """The `normkit apply-replaces` arguments of a review case, or None."""
    return _arguments(case, APPLY_FILE)


def checklist_arguments(case: str) -> list[str] | None:
    """The `normkit checklist read` arguments of a checklist case, or None."""
    return _arguments(case, CHECKLIST_FILE)


def _arguments(case: str, name: str) -> list[str] | None:
    listing = PROJECTS / case / name
    if not listing.is_file():
        return None
    return shlex.split(listing.read_text(encoding="utf-8").strip())


def _arrows(listing: Path) -> list[tuple[str, str]]:
    """`left -> right` lines of a case file (links.txt: link -> target; rename.txt: path ->
    new name)."""
    if not listing.is_file():
        return []
    lines = listing.read_text(encoding="utf-8").splitlines()
    return [
        (left.strip(), right.strip())
        for left, _, right in (line.partition(" -> ") for line in lines if line.strip())
    ]
