"""The declared metadata schema: bad values in every metadata file, located at the value,
one root cause one error; and the reference tables of docs/authoring.md match the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit.cli import main
from normkit.metadata.declarations import BLOCKS
from normkit.metadata.reference import missing_regions, update_document
from normkit.metadata.validate import url_problem
from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise

REPO = Path(__file__).resolve().parents[2]
V2 = "standards/demo/v2/01-governance.md"
STANDARD = "standards/demo/standard.yml"
VERSION = "standards/demo/v2/version.yml"
EDITION = "guidance/demo/v2-2023/edition.yml"
GLOSSARY = "glossary/terms.md"
CHANGES = "standards/demo/v2/changes.yml"

# (file, old text, new text) → every diagnostic as (code, path, line, column), in order.
CASES: list[tuple[str, str, str, list[tuple[str, str, int, int]]]] = [
    (VERSION, "published: 2023-03-01", "published: 2025-02-30", [("meta.invalid", VERSION, 4, 12)]),
    (VERSION, "published: 2023-03-01", "published: tomorrow", [("meta.invalid", VERSION, 4, 12)]),
    (VERSION, "published: 2023-03-01", "published: !!timestamp x", [("yaml.tag", VERSION, 4, 12)]),
    (VERSION, "status: published", "status: publishd", [("version.status-unknown", VERSION, 3, 9)]),
    (
        VERSION,
        "status: published",
        "state: published",
        [("meta.missing-key", VERSION, 1, 1), ("meta.unknown-key", VERSION, 3, 1)],
    ),
    (
        VERSION,
        "summary: The second version.",
        "summary: [a, b]",
        [("meta.invalid", VERSION, 8, 10)],
    ),
    (VERSION, "status: published", "status: [published", [("yaml.malformed", VERSION, 4, 10)]),
    (
        VERSION,
        "supersedes: v1",
        "supersedes: v1\nsupersedes: v0",
        [("yaml.duplicate-key", VERSION, 8, 1)],
    ),
    (STANDARD, "title: Demo Standard", "title: [Demo]", [("meta.invalid", STANDARD, 2, 8)]),
    (
        STANDARD,
        "section_levels: [pillar, principle]",
        "section_level: [pillar]",
        [("meta.unknown-key", STANDARD, 6, 1)],
    ),
    (
        STANDARD,
        "  - code: smelting\n    label: Smelting",
        "  - label: Smelting",
        [("meta.missing-key", STANDARD, 11, 5)],
    ),
    (
        STANDARD,
        "    type: number",
        "    type: integer",
        [("schema.invalid-field", STANDARD, 31, 11)],
    ),
    (
        STANDARD,
        "    type: number",
        "    type: number\n    minimum: 3",
        [("schema.invalid-field", STANDARD, 32, 5)],
    ),
    (
        STANDARD,
        "    default: core",
        "    default: crucial",
        [("schema.invalid-field", STANDARD, 24, 14)],
    ),
    (
        STANDARD,
        "    label: Note\n    type: string",
        "    label: Note\n    type: url\n    default: javascript:alert(1)",
        [("schema.invalid-field", STANDARD, 38, 14)],
    ),
    (
        STANDARD,
        "  note:",
        "  id:",
        [("schema.invalid-field", STANDARD, 35, 3), ("field.unknown", V2, 32, 1)],
    ),
    (EDITION, "serves: v2", "serves: [v2]", [("meta.invalid", EDITION, 3, 9)]),
    (EDITION, "serves: v2", "serves: v9", [("guidance.unknown-version", EDITION, 3, 9)]),
    (
        V2,
        "applies_to: [smelting, mining]",
        "applies_to: [smelting, minig]",
        [("applicability.unknown", V2, 27, 24)],
    ),
    (
        V2,
        "replaces: [ghg-plan]",
        "replaces: [ghg-plan, nothing]",
        [("replaces.unknown", V2, 29, 22)],
    ),
    (V2, "review_years: 3", "review_years: .inf", [("field.type", V2, 30, 15)]),
    (
        V2,
        "evidence: [document, interview]",
        "evidence: [document, {a: 1}]",
        [("field.type", V2, 15, 22)],
    ),
    (V2, "next_review: 2026-01-01", "next_review: 2026-13-01", [("field.type", V2, 31, 14)]),
    (
        V2,
        "id: ghg-targets",
        "id: ghg-targets\nid: ghg-targets",
        [("yaml.duplicate-key", V2, 27, 1)],
    ),
    (
        GLOSSARY,
        "versions: [demo]",
        "versions: [demo, demo@v9]",
        [("term.version-unknown", GLOSSARY, 23, 18)],
    ),
    (
        GLOSSARY,
        "aliases: [Entities]",
        "aliases: [Entities]\nid: Entity",
        [("term.id-invalid", GLOSSARY, 7, 5)],
    ),
]


@pytest.mark.parametrize(("path", "old", "new", "expected"), CASES)
def test_bad_metadata_is_located_at_the_value(
    path: str, old: str, new: str, expected: list[tuple[str, str, int, int]], tmp_path: Path
) -> None:
    project = materialise(None, tmp_path / "p")
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = [
        (d.code.code, d.location.path, d.location.line, d.location.column)
        for d in check_project(project).diagnostics
        if d.code.code not in ("term.unused",)
    ]
    assert found == expected
    for problem in check_project(project).diagnostics:
        assert "\n" not in problem.message
        assert "[" not in problem.message.replace("[[", ""), problem.message


WRONG_CHANGES = """from: v1
criteria:
  - {kinds: [text-changed], old: [{a: 1}], new: [legal-compliance]}
  - kinds: 5
terms: 7
"""


def test_malformed_changes_yml_gives_errors_at_the_entries_and_no_follow_ons(
    tmp_path: Path,
) -> None:
    project = materialise(None, tmp_path / "p")
    (project / CHANGES).write_text(WRONG_CHANGES, encoding="utf-8")
    found = [
        (d.code.code, d.location.line, d.location.column)
        for d in check_project(project).diagnostics
    ]
    assert found == [("meta.invalid", 3, 35), ("meta.invalid", 4, 12), ("meta.invalid", 5, 8)]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/csf#PR.DS", True),
        ("http://example.org:8080/x?y=1", True),
        ("mailto:standards@example.org", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
        ("//example.org/x", False),
        ("example.org", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("https://example.org:99999/", False),
        ("mailto:", False),
        ("", False),
    ],
)
def test_urls(url: str, ok: bool) -> None:
    assert (url_problem(url) == "") is ok


def test_reference_tables_are_generated_from_the_declarations() -> None:
    """Fails when docs/authoring.md drifts: run `normkit keys --update docs/authoring.md`."""
    document = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert missing_regions(document) == []
    assert update_document(document) == document


def test_every_declared_key_is_documented() -> None:
    document = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    for block in BLOCKS:
        for nested in [block, *block.records()]:
            for key in nested.keys:
                assert f"| `{key.name}` |" in document, (nested.name, key.name)


def test_keys_command_prints_and_updates(tmp_path: Path) -> None:
    printed = CliRunner().invoke(main, ["keys"])
    assert printed.exit_code == 0 and "| `supersedes` |" in printed.output
    stale = tmp_path / "doc.md"
    stale.write_text(
        "".join(
            f"<!-- keys: {block.name} (generated by `normkit keys --update`; do not edit) -->\n"
            "STALE\n<!-- end keys -->\n"
            for block in BLOCKS
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["keys", "--update", str(stale)])
    assert result.exit_code == 0, result.output
    assert "STALE" not in stale.read_text(encoding="utf-8")
    assert update_document(stale.read_text(encoding="utf-8")) == stale.read_text(encoding="utf-8")
