"""Section fields, the new field types and per-version fields, end to end: model, criteria
JSON (against its schema), the changeset (against its schema) and changes.yml."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from docx import Document
from pypdf import PdfReader

from normkit.model.corpus import Corpus
from normkit.outputs.diff.markdown import changeset_markdown
from normkit.outputs.diff.pages import changes_page_html
from normkit.outputs.diff.serialise import changeset_document
from normkit.outputs.diff.summary import summary_html
from normkit.outputs.diff.writer import schema_text as changeset_schema_text
from normkit.outputs.json.writer import SCHEMA_NAME, schema_text, write_json
from normkit.pipeline import build_project, check_project
from normkit.revisions.comparison import compare
from tests.spine.miniprojects import materialise

FIELDS = """  impact:
    label: Impact
    type: enum
    choices: [low, medium, high]
    default: medium
    on: principle
  frameworks:
    label: Related frameworks
    type: list-of-string
    on: pillar
  more_info:
    label: More information
    type: url
"""

VERSION_FIELDS = """fields:
  add:
    cwe: {type: list-of-number, label: CWE}
  change:
    criticality: {choices: [critical, core, minor], label: Severity}
  retire: [note]
"""

CHAPTER_EDITS = [
    (
        "# Governance\n",
        "# Governance\n\n```section\nframeworks: [ISO 37001, OECD Guidelines]\n```\n",
    ),
    ("## 1 Integrity\n", "## 1 Integrity\n\n```section\nimpact: high\n```\n"),
    ("id: ghg-targets\n", "id: ghg-targets\ncwe: [79, 89]\nmore_info: https://example.org/ghg\n"),
    ("note: Reviewed yearly.\n", ""),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = materialise(None, tmp_path_factory.mktemp("sections") / "p")
    standard = root / "standards/demo/standard.yml"
    standard.write_text(standard.read_text(encoding="utf-8") + FIELDS, encoding="utf-8")
    version = root / "standards/demo/v2/version.yml"
    version.write_text(version.read_text(encoding="utf-8") + VERSION_FIELDS, encoding="utf-8")
    chapter = root / "standards/demo/v2/01-governance.md"
    text = chapter.read_text(encoding="utf-8")
    for old, new in CHAPTER_EDITS:
        assert old in text
        text = text.replace(old, new, 1)
    chapter.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def corpus(project: Path) -> Corpus:
    result = check_project(project)
    assert [d.format() for d in result.errors] == []
    return result.corpus


def test_section_fields_are_in_the_model(corpus: Corpus) -> None:
    v1, v2 = corpus.version("demo", "v1"), corpus.version("demo", "v2")
    assert v1 is not None and v2 is not None
    pillar, principle = v2.sections[0], v2.sections[0].children[0]
    assert pillar.fields == {"frameworks": ("ISO 37001", "OECD Guidelines")}
    assert principle.fields == {"impact": "high"}
    old_principle = v1.sections[0].children[0]
    assert old_principle.fields == {"impact": "medium"}, "defaults apply without a block"


def test_each_version_has_its_own_fields(corpus: Corpus) -> None:
    v1, v2 = corpus.version("demo", "v1"), corpus.version("demo", "v2")
    assert v1 is not None and v2 is not None
    assert "note" in [s.name for s in v1.fields] and "cwe" not in [s.name for s in v1.fields]
    assert "note" not in [s.name for s in v2.fields]
    criticality = next(s for s in v2.fields if s.name == "criticality")
    assert criticality.choices == ("critical", "core", "minor") and criticality.label == "Severity"
    assert criticality.default == "core", "the standard's default still fits"
    targets = v2.criterion("ghg-targets")
    assert targets is not None
    assert targets.fields["cwe"] == (79, 89)
    assert targets.fields["more_info"] == "https://example.org/ghg"
    assert "impact" not in targets.fields, "section fields are not criterion fields"


def test_criteria_json_carries_section_and_version_fields(corpus: Corpus, tmp_path: Path) -> None:
    write_json(corpus, tmp_path / "json")
    document = json.loads((tmp_path / "json/demo/v2.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(schema_text(SCHEMA_NAME))).validate(document)
    pillar = document["sections"][0]
    assert pillar["kind"] == "pillar"
    assert pillar["fields"] == {"frameworks": ["ISO 37001", "OECD Guidelines"]}
    assert pillar["sections"][0]["fields"] == {"impact": "high"}
    fields = {spec["name"]: spec for spec in document["version"]["fields"]}
    assert fields["cwe"]["type"] == "list-of-number" and "note" not in fields
    assert fields["impact"]["on"] == "principle"
    criterion = next(c for c in document["criteria"] if c["id"] == "ghg-targets")
    assert criterion["fields"]["cwe"] == [79, 89]


def test_the_diff_reports_field_declaration_changes(corpus: Corpus) -> None:
    v1, v2 = corpus.version("demo", "v1"), corpus.version("demo", "v2")
    assert v1 is not None and v2 is not None
    changeset = compare(corpus, v1, v2)
    found = {(str(d.kind), d.name, d.keys) for d in changeset.field_declarations}
    assert found == {
        ("added", "cwe", ()),
        ("changed", "criticality", ("label", "choices")),
        ("retired", "note", ()),
    }
    document = changeset_document(changeset, v1, v2)
    jsonschema.validate(document, json.loads(changeset_schema_text()))
    assert {f["name"] for f in document["fields"]} == {"cwe", "criticality", "note"}
    markdown = changeset_markdown(changeset, v1, v2)
    assert "- CWE (cwe): added, list-of-number" in markdown
    assert "- Severity (criticality): label Criticality → Severity; choices critical, core" in (
        markdown
    )
    assert "- Note (note): retired" in markdown
    page = changes_page_html(changeset, v1, v2, lambda version, key: f"#{key}")
    summary = summary_html(changeset, v1, v2)
    for html in (page, summary):
        assert "<li>CWE (cwe): added, list-of-number</li>" in html
        assert "<li>Note (note): retired</li>" in html


CHANGES = """from: v1
criteria:
  - kinds: [text-changed, metadata-changed]
    old: [legal-compliance]
    new: [legal-compliance]
    fields: [evidence]
  - kinds: [renamed, text-changed, metadata-changed]
    old: [ghg-plan]
    new: [ghg-targets]
    fields: [applies_to, cwe, more_info, next_review, review_years]
fields:
  - {kind: added, field: cwe}
  - {kind: changed, field: criticality}
"""


def test_changes_yml_lists_field_declaration_changes(project: Path) -> None:
    changes = project / "standards/demo/v2/changes.yml"
    try:
        changes.write_text(CHANGES, encoding="utf-8")
        messages = [
            (d.location.line, d.message)
            for d in check_project(project).diagnostics
            if d.code.code == "changes.mismatch"
        ]
    finally:
        changes.unlink()
    assert messages == [(1, "v1 → v2: found field change retired 'note': not listed as intended")]


@pytest.fixture(scope="module")
def built(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sections-build")
    result = build_project(project, out, ("site", "pdf", "docx"))
    assert result.check.ok
    return out


@pytest.mark.slow
def test_site_shows_section_fields_and_links_url_fields(built: Path) -> None:
    pages = {p: p.read_text(encoding="utf-8") for p in (built / "site").rglob("*.html")}
    sections = [text for text in pages.values() if "nk-section-fields" in text]
    assert any("<dt>Impact</dt><dd>high</dd>" in text for text in sections), (
        "the principle's page lists its impact"
    )
    assert any("<dd>ISO 37001, OECD Guidelines</dd>" in text for text in sections)
    assert any(
        '<dt>More information</dt><dd><a href="https://example.org/ghg" rel="nofollow noopener">'
        in text
        for text in pages.values()
    )
    assert not any("javascript:" in text for text in pages.values())


@pytest.mark.slow
def test_print_shows_section_fields(built: Path) -> None:
    pdf = next((built / "pdf").rglob("demo-v2*.pdf"))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)
    assert "Related frameworks: ISO 37001, OECD Guidelines" in text
    assert "Impact: high" in text
    assert "CWE: 79, 89" in text
    docx = next((built / "pdf").rglob("demo-v2*.docx"), None) or next(built.rglob("demo-v2*.docx"))
    paragraphs = [p.text for p in Document(str(docx)).paragraphs]
    assert "Impact: high" in paragraphs
    assert any("CWE: 79, 89" in p for p in paragraphs)
