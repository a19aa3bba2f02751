"""Laying a mini-project case over the base project in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

PROJECTS = Path(__file__).resolve().parent.parent / "projects"
BASE = PROJECTS / "_base"
CASE_FILES = {"diagnostics.txt", "delete.txt"}


def case_names() -> list[str]:
    return sorted(p.name for p in PROJECTS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def materialise(case: str | None, target: Path) -> Path:
    """Copy the base project to `target` and apply the case's overlay."""
    shutil.copytree(BASE, target, ignore=shutil.ignore_patterns("expected"))
    if case is None:
        return target
    folder = PROJECTS / case
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_dir() or str(relative) in CASE_FILES:
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
    return target
