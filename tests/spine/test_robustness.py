"""Bad input gives diagnostics, never a traceback: odd values in every metadata slot."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise

V2 = "standards/demo/v2/01-governance.md"
STANDARD = "standards/demo/standard.yml"
VERSION = "standards/demo/v2/version.yml"
EDITION = "guidance/demo/v2-2023/edition.yml"
GLOSSARY = "glossary/terms.md"

MUTATIONS: list[tuple[str, str, str]] = [
    (V2, "id: ghg-targets", "id: [ghg, targets]"),
    (V2, "id: ghg-targets", "id: 42"),
    (V2, "applies_to: [smelting, mining]", "applies_to: 5"),
    (V2, "applies_to: [smelting, mining]", "applies_to: {a: b}"),
    (V2, "replaces: [ghg-plan]", "replaces: {ghg-plan: yes}"),
    (V2, "evidence: [document, interview]", "evidence: {document: 1}"),
    (V2, "next_review: 2026-01-01", "next_review: tomorrow"),
    (V2, "review_years: 3", "review_years: true"),
    (V2, "id: legal-compliance\n", "id: legal-compliance\n\tbad: tab\n"),
    (V2, "```criterion\nid: ghg-targets", "```criterion\n---\nid: ghg-targets\n---\nid: x"),
    (V2, "# Governance", ""),
    (V2, "### 1.2 Greenhouse gas targets", "#### 1.2 Greenhouse gas targets"),
    (V2, "### 1.1 Legal compliance", "### 1.1 Legal compliance\n### 1.1b Empty heading"),
    (V2, "[[ghg-targets]]", "[[]] [[ | ]] [[a:b:c]] [[ghg-targets.]] [[:x]]"),
    (V2, "[=Entity|its=]", "[= =] [=|=] [=Entity|=]"),
    (STANDARD, "fields:", "fields: [a, b]\nunused:"),
    (STANDARD, "applicability:", "applicability: 7\nold_applicability:"),
    (STANDARD, "  - code: mining", "  - 12\n  - code: mining"),
    (STANDARD, "    type: enum\n    choices: [critical, core]", "    type: enum\n    choices: 3"),
    (STANDARD, "    default: core", "    default: [core]"),
    (STANDARD, "section_levels: [pillar, principle]", "section_levels: {a: 1}"),
    (VERSION, "version: v2", "version: [v2]"),
    (VERSION, "status: published", "status: {x: 1}"),
    (VERSION, "supersedes: v1", "supersedes: [v1]"),
    (VERSION, "published: 2023-03-01", "published: 2023-03-01T10:00:00"),
    (VERSION, "version: v2", "- version\n- v2\n"),
    (EDITION, "serves: v2", "serves: [v2]"),
    (EDITION, "edition: v2-2023", ""),
    (GLOSSARY, "aliases: [Entities]", "aliases: {Entities: 1}"),
    (GLOSSARY, "versions: [demo]", "versions: 3"),
    (GLOSSARY, "## Entity", "## "),
]


@pytest.mark.parametrize(("path", "old", "new"), MUTATIONS)
def test_mutation_gives_diagnostics_not_exceptions(
    path: str, old: str, new: str, tmp_path: Path
) -> None:
    project = materialise(None, tmp_path / "p")
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = check_project(project)
    for found in result.diagnostics:
        assert found.location.path, found.format()


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02", b"```criterion\n", b"# \n\n```term\n"])
def test_odd_files(content: bytes, tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    (project / "standards/demo/v2/99-odd.md").write_bytes(content)
    (project / "glossary/odd.md").write_bytes(content)
    check_project(project)
