"""Helpers for tests of whole builds: what a reader of the build folder sees."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from normkit.outputs.registry import available

NONDETERMINISTIC = ("site/pagefind/",)
"""Pagefind's index differs between runs of the same sources (see README)."""


def visible_build(out: Path) -> dict[str, str]:
    """Every file a reader reaches through `out/<output>/`, with its SHA-256."""
    files: dict[str, str] = {}
    for name in available():
        top = out / name
        if not top.is_dir():
            continue
        for folder, _, names in os.walk(top):
            for file_name in names:
                path = Path(folder) / file_name
                relative = path.relative_to(out).as_posix()
                if not relative.startswith(NONDETERMINISTIC):
                    files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def leftovers(out: Path, patience: float = 60.0) -> list[str]:
    """Entries of the build folder besides the visible generation, its links, cache and lock,
    once the detached deleters of retired generations (`.retired-…`) are done: they must
    finish (a loaded machine may take a while to schedule them)."""
    expected = {".cache", ".current", ".lock", *available()}
    if (out / ".current").is_symlink():
        expected.add(os.readlink(out / ".current"))
    deadline = time.monotonic() + patience
    while True:
        found = sorted(p.name for p in out.iterdir() if p.name not in expected)
        if not any(name.startswith(".retired-") for name in found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)
