"""The order in which `load_corpus` reads the chapter folders of a project."""

from __future__ import annotations

from pathlib import Path

from normkit.assemble.lineage import natural_key
from normkit.sources.files import subfolders


def chapter_folders(root: Path) -> list[Path]:
    """The folders whose Markdown files `load_corpus` parses, in the order it reads them:
    every version of each standard, the glossary, every guidance edition (for parsing them
    ahead on other cores: `sources/parse_ahead.py`)."""
    folders = []
    for top in ("standards", "glossary", "guidance"):
        if top == "glossary":
            folders.append(root / top)
            continue
        for parent in subfolders(root, root / top):
            folders.extend(sorted(subfolders(root, parent), key=lambda p: natural_key(p.name)))
    return folders
