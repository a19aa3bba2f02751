"""The compile's baseline: a bare markdown-it-py parse and render of a project's Markdown.

    python benchmarks/bare_parse.py PROJECT

Run as a fresh process with the interpreter that runs normkit, so that both sides of the
compile rows pay the same start-up and neither inherits another's heap (`run.py`): reads
every `.md` file under `standards/`, `guidance/` and `glossary/` and renders it with
CommonMark plus tables, which is what any Markdown tool must do at the least.
"""

from __future__ import annotations

import sys
from pathlib import Path

from markdown_it import MarkdownIt

FOLDERS = ("standards", "guidance", "glossary")


def main() -> None:
    project = Path(sys.argv[1])
    parser = MarkdownIt("commonmark").enable("table")
    size = 0
    for folder in FOLDERS:
        for path in sorted((project / folder).rglob("*.md")):
            size += len(parser.render(path.read_text(encoding="utf-8")))
    print(size)


if __name__ == "__main__":
    main()
