"""The bar of issue 11: a form generated for a draft, filled with valid comments and faulty
rows and put in the register: `check` reports each faulty row at its row and column and
nothing for the valid ones; `build` gives the report page, PDF and JSON with the right
counts; names given without consent appear in no built file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import html5lib
import jsonschema
from openpyxl import load_workbook

from normkit.metadata.comment_form import COLUMNS, SHEET_NAME
from normkit.outputs.consultation.json_files import schema_text
from normkit.outputs.consultation.writer import write_forms
from normkit.outputs.registry import available
from normkit.pipeline import build_project, check_project
from tests.consultation.readback import files_mentioning, readable_text
from tests.spine.miniprojects import materialise

REGISTER = "consultations/demo/v2"
COLUMN = {c.header: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}
WITHHELD = "Imogen Withheld-Quist"
PUBLISHED = "Pablo Consent-Ortega"


def _fill(sheet: object, row: int, **cells: str) -> None:
    for header, value in cells.items():
        sheet[f"{COLUMN[header.replace('_', ' ').capitalize()]}{row}"] = value  # type: ignore[index]


def _row_of(sheet: object, form_id: str) -> int:
    for cell in sheet[COLUMN["Id"]]:  # type: ignore[index]
        if cell.value == form_id:
            return int(cell.row)
    raise AssertionError(form_id)


def _project(tmp_path: Path) -> Path:
    """The base project with V2 out for consultation and a form generated for it, filled."""
    project = materialise("ok--consultation", tmp_path / "project")
    shutil.rmtree(project / "consultations" / "demo")
    corpus = check_project(project).corpus
    version = corpus.version("demo", "v2")
    assert version is not None
    xlsx, _ = write_forms(corpus, version, tmp_path / "forms", project, None)
    book = load_workbook(xlsx)
    sheet = book[SHEET_NAME]
    identity = {"Organisation": "Acme Metals", "Stakeholder group": "Industry", "Type": "technical"}
    legal = _row_of(sheet, "legal-compliance")
    _fill(sheet, legal, **identity, Name=WITHHELD, Line="7", Comment="Name the laws.")
    targets = _row_of(sheet, "ghg-targets.b")
    _fill(sheet, targets, **identity, Name=PUBLISHED, Publish_name="Yes", Comment="How far?")
    general = _row_of(sheet, "(general)")
    _fill(sheet, general, **{**identity, "Type": "general"}, Comment="Clear and short.")
    # Faulty rows: an unknown criterion, a line outside the row's lines, no comment, a type
    # that is not one of the vocabulary.
    section = _row_of(sheet, "section:1-integrity")
    extra = sheet.max_row + 1
    sheet[f"{COLUMN['Id']}{extra}"] = "no-such-criterion"
    _fill(sheet, extra, **identity, Comment="About a criterion the draft does not have.")
    _fill(sheet, section, **identity, Line="999", Comment="The line is not in this section.")
    parts = _row_of(sheet, "legal-compliance.a")
    _fill(sheet, parts, **identity, Proposed_change="Add sanctions law.")
    bribery = _row_of(sheet, "legal-compliance.b")
    _fill(sheet, bribery, **{**identity, "Type": "opinion"}, Comment="A type that is not one.")
    register = project / REGISTER
    register.mkdir(parents=True)
    book.save(register / "acme.xlsx")
    (register / "responses.yml").write_text(
        "responses:\n"
        f"  - comments: [acme.xlsx:{legal}]\n"
        "    decision: accepted\n"
        "    response: The guidance will name them.\n",
        encoding="utf-8",
    )
    return project


def test_check_reports_each_faulty_row_at_its_row_and_column(tmp_path: Path) -> None:
    project = _project(tmp_path)
    book = load_workbook(project / REGISTER / "acme.xlsx")
    sheet = book[SHEET_NAME]
    result = check_project(project)
    found = sorted((str(d.location), d.code.code) for d in result.diagnostics)
    path = f"{REGISTER}/acme.xlsx"
    assert found == sorted(
        [
            (f"{path}:{sheet.max_row}:{COLUMN['Id']}", "consultation.target-unknown"),
            (
                f"{path}:{_row_of(sheet, 'section:1-integrity')}:{COLUMN['Line']}",
                "consultation.line-outside",
            ),
            (
                f"{path}:{_row_of(sheet, 'legal-compliance.a')}:{COLUMN['Comment']}",
                "consultation.cell-empty",
            ),
            (
                f"{path}:{_row_of(sheet, 'legal-compliance.b')}:{COLUMN['Type']}",
                "consultation.value-invalid",
            ),
        ]
    )


def test_build_reports_the_right_counts_and_no_withheld_name(tmp_path: Path) -> None:
    project = _project(tmp_path)
    book = load_workbook(project / REGISTER / "acme.xlsx")
    sheet = book[SHEET_NAME]
    sheet.delete_rows(sheet.max_row)  # the faulty rows removed, as a secretariat would
    for form_id in ("section:1-integrity", "legal-compliance.a", "legal-compliance.b"):
        row = _row_of(sheet, form_id)
        for header in (
            "Organisation",
            "Stakeholder group",
            "Type",
            "Line",
            "Comment",
            "Proposed change",
        ):
            sheet[f"{COLUMN[header]}{row}"] = None
    book.save(project / REGISTER / "acme.xlsx")
    (project / REGISTER / "late.csv").write_text(
        ",".join(c.header for c in COLUMNS)
        + "\n1.2,ghg-targets,,,,,Beta Alloys,Civil society,,,editorial,Spell out GHG.,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = build_project(project, out, available())
    assert result.check.ok, [d.format() for d in result.check.errors]
    report = json.loads((out / "json/demo/v2/consultation.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(schema_text())).validate(report)
    stats = report["statistics"]
    assert (stats["comments"], stats["answered"], stats["organisations"]) == (4, 1, 2)
    assert {row["key"]: row["comments"] for row in stats["per_type"]} == {
        "general": 1,
        "technical": 2,
        "editorial": 1,
    }
    assert {row["key"]: row["comments"] for row in stats["per_decision"]} == {
        "accepted": 1,
        "no response yet": 3,
    }
    names = {c["id"]: c["name"] for c in report["comments"]}
    assert sorted(n for n in names.values() if n) == [PUBLISHED]
    page = out / "site/demo/v2/consultation/index.html"
    tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    articles = [a for a in tree.findall(".//article") if a.get("class") == "nk-comment"]
    assert len(articles) == 4
    assert sorted(a.get("data-decision") for a in articles).count("no response yet") == 3
    pdf = readable_text(out / "pdf/demo-v2-consultation.pdf")
    assert "4 from 2 organisations in 2 stakeholder groups" in " ".join(pdf.split())
    assert all(f"C{n}" in pdf for n in range(1, 5)) and PUBLISHED in pdf
    assert files_mentioning(out, [WITHHELD, "Withheld-Quist"]) == []
    assert files_mentioning(out / "site", [PUBLISHED])
