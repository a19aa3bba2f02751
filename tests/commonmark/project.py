"""A project whose criteria are the CommonMark specification's examples, one per criterion.

Version v1 holds every example; v2 revises every third example, drops every tenth and adds
the rest again, so that the diff, the redline and the summary meet every construct too.
Examples keep their own headings, link reference definitions and raw HTML: each example is
a chapter file of its own, so definitions cannot leak from one example into another.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "commonmark.json"

STANDARD = """\
code: CM
title: CommonMark Examples
owner: normkit tests
licence: CC BY-SA 4.0
description: The CommonMark specification's examples as criteria.
applicability:
  - code: all-readers
    label: All readers
"""

VERSION = """\
version: {name}
title: CommonMark Examples {title}
status: {status}
published: {published}
{supersedes}summary: Every example of the CommonMark specification, one per criterion.
"""


@dataclass(frozen=True, slots=True)
class Example:
    number: int
    section: str
    markdown: str


def examples() -> list[Example]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return [Example(e["example"], e["section"], e["markdown"]) for e in data]


def _chapter(example: Example, revised: bool) -> str:
    body = example.markdown
    if revised:
        body = f"Revised wording before the example.\n\n{body}\n\nAnd after it."
    return (
        f"# {example.number} Example {example.number}: {example.section}\n\n"
        "```criterion\n"
        f"id: example-{example.number}\n"
        "applies_to: [all]\n"
        "```\n\n"
        f"{body}\n"
    )


def write_project(root: Path, limit: int | None = None) -> list[Example]:
    """Write the project; `limit` keeps only the first examples (for quick runs)."""
    chosen = examples()[:limit] if limit else examples()
    standard = root / "standards" / "commonmark"
    standard.mkdir(parents=True, exist_ok=True)
    (standard / "standard.yml").write_text(STANDARD, encoding="utf-8")
    versions = {
        "v1": ("V1", "superseded", "2024-01-01", ""),
        "v2": ("V2", "published", "2025-01-01", "supersedes: v1\n"),
    }
    for name, (title, status, published, supersedes) in versions.items():
        folder = standard / name
        folder.mkdir(exist_ok=True)
        (folder / "version.yml").write_text(
            VERSION.format(
                name=name,
                title=title,
                status=status,
                published=published,
                supersedes=supersedes,
            ),
            encoding="utf-8",
        )
        for example in chosen:
            if name == "v2" and example.number % 10 == 0:
                continue
            revised = name == "v2" and example.number % 3 == 0
            path = folder / f"{example.number:03d}.md"
            path.write_text(_chapter(example, revised), encoding="utf-8")
    return chosen
