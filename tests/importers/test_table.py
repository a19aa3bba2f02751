"""Importing CSV and XLSX requirements tables with a `--columns` mapping."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import Workbook

from normkit.importers import import_source
from normkit.importers.columns import roles_markdown
from normkit.importers.markdown_text import escape_inline, escape_plain_text
from normkit.model.location import Location
from normkit.sources.documents import heading_text
from tests.importers.conftest import FIXTURES, by_id, criteria_json, errors

COLUMNS = (
    "section-number=Category No.,section=Category,number=Guideline No.,title=Guideline,"
    "text=Success criterion,field:impact=Impact,field:effort=Effort,field:tags=Tags,"
    "field:wcag=WCAG,field:reference=Reference"
)


@pytest.mark.parametrize("name", ["web-guidelines.csv", "web-guidelines.xlsx"])
def test_table_imports_and_checks_clean(project: Path, name: str) -> None:
    result = import_source(FIXTURES / name, project, "wsg", "2025", columns=COLUMNS)
    assert result.ok and not result.diagnostics
    assert errors(project) == []
    document = criteria_json(project, "wsg", "2025")
    criteria = by_id(document)
    assert list(criteria)[:3] == ["ux01", "ux02", "ux03"]
    ux03 = criteria["ux03"]
    assert ux03["number"] == "UX03"
    assert ux03["title"] == "Keep <img> and *decorative* media optional"
    assert [s["number"] for s in ux03["section_path"]] == ["UX"]
    assert ux03["fields"] == {
        "impact": "medium",
        "effort": "low",
        "tags": ["Performance", "Media"],
        "wcag": "1.1.1, 1.4.5",
        "reference": "https://example.org/ux/optional-media",
    }
    assert criteria["wd02"]["title"] == "Use [[lazy]] loading below the fold"
    assert criteria["wd03"]["title"] == "Avoid 3rd-party scripts & trackers"
    assert criteria["wd03"]["text"]["plain"].endswith(
        "# This line starts with a hash but is not a heading.\n1. Nor is this a list."
    )
    standard = (project / "standards/wsg/standard.yml").read_text()
    assert "section_levels:\n- category\n" in standard
    assert "  reference:\n    type: url\n" in standard
    assert "  tags:\n    type: list-of-enum\n" in standard


def test_csv_then_xlsx_makes_a_lineage(project: Path) -> None:
    import_source(FIXTURES / "web-guidelines.csv", project, "wsg", "2025", columns=COLUMNS)
    later = import_source(FIXTURES / "web-guidelines.xlsx", project, "wsg", "2026", columns=COLUMNS)
    assert later.supersedes == "2025"
    assert errors(project) == []


def test_faulty_xlsx_rows_are_located_by_row_and_column_letter(
    project: Path, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Requirements register"])
    sheet.append(["Ref", "Title", "Owner", "Cost", "Notes", "Requirement"])
    sheet.append(["R1", "Records", "QA", 3, "", "Keep records."])
    sheet.append(["R2", "Training", "HR", 5, "", None])
    sheet.append(["R1", "Audit", "QA", 1, "", "Audit yearly."])
    path = tmp_path / "reqs.xlsx"
    workbook.save(path)
    result = import_source(
        path,
        project,
        "reqs",
        "v1",
        columns="number=Ref,title=Title,text=Requirement,field:cost=Cost",
    )
    assert not result.ok
    assert [d.format().splitlines()[0] for d in result.diagnostics] == [
        f"{path}:4:F: error: the requirement's text is empty [import.cell-empty]",
        f"{path}:5:A: error: number 'R1' is also the number of row 3 [import.duplicate]",
    ]
    assert not (project / "standards/reqs").exists()


def test_ids_derive_from_numbers_or_titles(project: Path, tmp_path: Path) -> None:
    table = tmp_path / "plain.csv"
    table.write_text(
        "Title;Text;Score\nKeep records;Keep records for five years.;1.5\n"
        "Train staff;Train staff every year.;2\n",
        encoding="utf-8",
    )
    assert import_source(table, project, "plain", "v1").ok
    criteria = by_id(criteria_json(project, "plain", "v1"))
    assert list(criteria) == ["keep-records", "train-staff"]
    assert criteria["keep-records"]["section_path"][0]["title"] == "Requirements"


@pytest.mark.parametrize(
    "text",
    [
        "Plain words",
        "A *star* and _underscore_ and `code`",
        "<img src=x onerror=alert(1)> & &amp; entities",
        "[[ref]] and [=term=] and [link](http://x)",
        "1. Looks like a list",
        "- looks like a bullet",
        "# looks like a heading ###",
        "Ends with hashes ##",
        "Back\\slash and | pipe and ~~strike~~",
        "{{ insert: param, x }} and $math$",
    ],
)
def test_escaped_text_reads_back_as_written(text: str) -> None:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    tokens = parser.parse(f"## {escape_inline(text)}\n")
    assert heading_text(tokens[1]) == text
    body = parser.render(escape_plain_text(text))
    assert "<img" not in body and "<h1" not in body and "<ol" not in body and "<ul" not in body


def test_roles_table_lists_every_role() -> None:
    table = roles_markdown()
    for role in ("id", "number", "title", "text", "section", "section-number", "guidance"):
        assert f"| `{role}` |" in table
    assert "| `field:NAME` |" in table


def test_table_locations_name_columns_by_letter() -> None:
    assert str(Location(path="reqs.xlsx", line=14, column=6, cell=True)) == "reqs.xlsx:14:F"
    assert str(Location(path="reqs.xlsx", line=2, column=28, cell=True)) == "reqs.xlsx:2:AB"
    assert str(Location(path="reqs.csv", line=1, column=0, cell=True)) == "reqs.csv:1"


def test_docs_roles_table_is_generated_from_code() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text()
    start = docs.index("<!-- roles:")
    table = docs[docs.index("\n", start) + 1 : docs.index("<!-- end roles -->")]
    assert table == roles_markdown()


def test_new_fields_of_a_later_version_go_into_its_version_yml(
    project: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("No.,Text,Level\nR1,Keep records.,1\nR2,Train staff.,2\n")
    second.write_text('No.,Text,Level,CWE\nR1,Keep records.,1,"79, 89"\nR2,Train staff.,3,20\n')
    columns = "number=No.,text=Text,field:level=Level"
    assert import_source(first, project, "reqs", "v1", columns=columns).ok
    assert import_source(second, project, "reqs", "v2", columns=columns + ",field:cwe=CWE").ok
    version = (project / "standards/reqs/v2/version.yml").read_text()
    assert "fields:\n  add:\n    cwe:\n      type: list-of-number\n" in version
    assert errors(project) == []
    cwe = by_id(criteria_json(project, "reqs", "v2"))["r1"]["fields"]["cwe"]
    assert cwe == [79, 89]
