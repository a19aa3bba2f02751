"""A mini-project with every status print cares about, built once (pdf and docx) per session."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from normkit.model.corpus import Corpus
from normkit.pipeline import build_project

STANDARD_YML = """\
code: MS
title: Mini Standard
owner: Mini Standards Body
licence: CC BY 4.0
description: A mini standard for the print tests.
section_levels: [pillar, principle]
applicability:
  - code: mining
    label: Mining
  - code: smelting
    label: Smelting
fields:
  criticality:
    label: Criticality
    type: enum
    choices: [critical, core]
    default: core
"""

CHAPTER = """\
# Governance

The governance pillar sets out how an Entity runs itself.

## 1 Integrity

How an Entity keeps its integrity.

### 1.1 Legal compliance

```criterion
id: legal-compliance
applies_to: [all]
criticality: critical
```

The Entity shall comply with applicable law, including:

1. laws on Bribery;
2. laws on GHG Emissions reporting, see [[ghg-targets]].

### 1.2 Greenhouse gas targets

```criterion
id: ghg-targets
applies_to: [smelting]
```

The Entity shall set targets for its GHG Emissions[^1].

1. Scope 1 and Scope 2 emissions;
2. an interim target, as in [[legal-compliance.a|the law part]].

[^1]: As defined in the glossary.

# Environment

## 2 Water

Water is scarce in many places where an Entity operates, and this long paragraph makes
sure that the text runs over several lines so that line numbers can be seen in the
consultation draft. It goes on for a while longer, about catchments, withdrawals,
discharges and the people who depend on the same water, so that it wraps at least
three or four times on an A4 page with the house margins.

### 2.1 Water stewardship

```criterion
id: water-stewardship
applies_to: [mining]
```

The Entity shall assess water risk at each site{extra}.
"""

GLOSSARY = """\
# Glossary

## Entity

```term
aliases: [Entities]
source: Test body
```

The organisation seeking certification.

## GHG Emissions

```term
aliases: [GHG Emission]
```

Releases of greenhouse gases by an Entity.

## Bribery

```term
```

Offering or accepting an undue advantage.
"""

GUIDANCE = """\
# Governance

## 1.1 Legal compliance

```guidance
for: legal-compliance
```

### Intent

Law comes first for every Entity.

### Evidence

- Register of applicable laws.
"""

VERSIONS = {
    "v1": ("superseded", "2020-01-15", None, ""),
    "v2": ("published", "2023-03-01", "v1", ""),
    "v3": ("consultation", "2025-03-01", "v2", " and shall publish it"),
}


@dataclass(frozen=True)
class MiniBuild:
    root: Path
    out: Path
    corpus: Corpus


def write_mini_project(root: Path) -> None:
    standard = root / "standards" / "mini"
    standard.mkdir(parents=True)
    (standard / "standard.yml").write_text(STANDARD_YML, encoding="utf-8")
    for name, (status, published, supersedes, extra) in VERSIONS.items():
        folder = standard / name
        folder.mkdir()
        lines = [
            f"version: {name}",
            f"title: Mini Standard {name.upper()}",
            f"status: {status}",
            f"published: {published}",
            f"supersedes: {supersedes or 'null'}",
            "consultation_closes: 2025-06-30" if status == "consultation" else "",
            f"summary: Version {name} of the mini standard.",
        ]
        (folder / "version.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "01-chapter.md").write_text(CHAPTER.format(extra=extra), encoding="utf-8")
    draft = root / "standards" / "sketch"
    (draft / "v1").mkdir(parents=True)
    (draft / "standard.yml").write_text(
        STANDARD_YML.replace("code: MS", "code: SK").replace("Mini Standard", "Sketch Standard"),
        encoding="utf-8",
    )
    (draft / "v1" / "version.yml").write_text(
        "version: v1\ntitle: Sketch Standard V1\nstatus: draft\npublished: 2026-01-01\n"
        "summary: An early draft.\n",
        encoding="utf-8",
    )
    (draft / "v1" / "01-chapter.md").write_text(CHAPTER.format(extra=""), encoding="utf-8")
    (root / "glossary").mkdir()
    (root / "glossary" / "terms.md").write_text(GLOSSARY, encoding="utf-8")
    edition = root / "guidance" / "mini" / "v2-2023"
    edition.mkdir(parents=True)
    (edition / "edition.yml").write_text(
        "edition: v2-2023\ntitle: Guidance for Mini Standard V2\nserves: v2\n"
        "status: published\npublished: 2023-03-01\nsummary: Guidance for V2.\n",
        encoding="utf-8",
    )
    (edition / "01-guidance.md").write_text(GUIDANCE, encoding="utf-8")


@pytest.fixture(scope="session")
def mini(tmp_path_factory: pytest.TempPathFactory) -> MiniBuild:
    root = tmp_path_factory.mktemp("print-mini")
    write_mini_project(root)
    out = root / "build"
    result = build_project(root, out, ("pdf", "docx"))
    assert result.check.ok, "\n".join(d.format() for d in result.check.errors)
    return MiniBuild(root=root, out=out, corpus=result.check.corpus)


def pdf_text(path: Path, *, layout: bool = False) -> str:
    """The text a reader can select, as poppler extracts it."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))  # type: ignore[attr-defined]

    walk(reader.outline)
    return titles


def squash(text: str) -> str:
    """Whitespace collapsed, hyphenation at line ends undone."""
    return " ".join(text.replace("-\n", "").split())
