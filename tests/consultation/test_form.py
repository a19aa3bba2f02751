"""The comment form: one row per criterion, part and section with the lines the consultation
PDF prints in its margin (read back from the PDF), drop-down lists, and no cell that any
spreadsheet program would run as a formula."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from normkit.cli import main
from normkit.metadata.comment_form import COLUMNS, SHEET_NAME
from normkit.model.consultation import LineSpan, StakeholderGroup
from normkit.outputs.consultation.writer import write_forms
from normkit.pipeline import check_project
from tests.conftest import REPO
from tests.consultation.readback import numbered_lines
from tests.spine.miniprojects import materialise

DEMO_FORM = "consultation/performance-v4-comments"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _span(text: str) -> LineSpan:
    first, _, last = text.partition("–")
    return LineSpan(first=int(first), last=int(last or first))


def test_lines_are_those_the_pdf_prints_in_its_margin(demo_out: Path) -> None:
    """Every criterion's first line is its heading, every part's its letter, and a part ends
    where the next begins (or where the list ends), as read back from the built PDF."""
    printed = numbered_lines(demo_out / "pdf" / "performance-v4.pdf")
    rows = _rows(demo_out / f"{DEMO_FORM}.csv")
    assert rows[0]["Id"] == "(general)" and _span(rows[0]["Lines"]) == LineSpan(
        first=1, last=max(printed)
    )
    checked = 0
    for row, following in zip(rows, [*rows[1:], None], strict=True):
        if row["Id"] == "(general)":
            continue
        span, number, title = _span(row["Lines"]), row["Number"], row["Title"]
        page, text = printed[span.first]
        assert str(page) == row["Pages"].split("–")[0], row
        if row["Id"].startswith("section:"):
            assert text.startswith(f"{number} {title.removesuffix(' (general comments)')}".strip())
        elif "." in row["Id"]:  # a part
            letter = row["Id"].rsplit(".", 1)[1]
            assert text.startswith(f"{letter}. "), (row, text)
            if (
                following is not None
                and "." in following["Id"]
                and following["Id"].startswith(row["Id"].rsplit(".", 1)[0] + ".")
            ):
                assert _span(following["Lines"]).first == span.last + 1, (row, following)
            else:  # the last part: what follows it is no longer in the list
                assert not re.match(r"[a-z]\. ", printed[span.last + 1][1]), row
        else:
            assert text.startswith(f"{number} {title.removesuffix(' (withdrawn)')}"), (row, text)
        checked += 1
    assert checked > 250


def test_anti_corruption_part_d_stops_before_the_text_after_the_list(demo_out: Path) -> None:
    rows = {row["Id"]: row for row in _rows(demo_out / f"{DEMO_FORM}.csv")}
    printed = numbered_lines(demo_out / "pdf" / "performance-v4.pdf")
    whole, last_part = (
        _span(rows["anti-corruption"]["Lines"]),
        _span(rows["anti-corruption.d"]["Lines"]),
    )
    assert last_part.last < whole.last
    assert printed[last_part.last + 1][1].startswith("Suspected breaches")
    assert printed[whole.last + 1][1].startswith("1.3 Conflicts of interest")


def test_xlsx_form_sheets_lists_and_cells(demo_out: Path) -> None:
    path = demo_out / f"{DEMO_FORM}.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["Instructions", SHEET_NAME, "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    instructions = "\n".join(
        str(cell.value) for row in book["Instructions"].iter_rows() for cell in row if cell.value
    )
    assert "30 November 2026" in instructions and "consultation@mmsc.example" in instructions
    assert "Producers" in instructions  # the project's own stakeholder groups
    sheet = book[SHEET_NAME]
    assert [cell.value for cell in sheet[1]] == [c.header for c in COLUMNS]
    rows = _rows(demo_out / f"{DEMO_FORM}.csv")
    assert sheet.max_row == len(rows) + 1
    for number, row in enumerate(rows, start=2):
        assert [sheet.cell(number, i).value or "" for i in range(1, 6)] == list(row.values())[:5]
    lists = book["Lists"]
    letter = {c.header: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}
    offered = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        source = validation.formula1.removeprefix("Lists!").replace("$", "")
        offered[column] = [cell.value for row in lists[source] for cell in row]
    assert offered == {
        letter["Stakeholder group"]: [g.label for g in demo_groups()],
        letter["Type"]: ["general", "technical", "editorial"],
        letter["Publish name"]: ["Yes", "No"],
    }
    headers = {c.header: i for i, c in enumerate(COLUMNS)}
    assert sheet.cell(2, headers["Line"] + 1).number_format == "@"  # "4-5" stays text
    with zipfile.ZipFile(path) as archive:
        assert all(b"<f>" not in archive.read(n) for n in archive.namelist())


def demo_groups() -> tuple[StakeholderGroup, ...]:
    return check_project(REPO, layout=False).corpus.stakeholder_groups


def test_form_bytes_are_deterministic(tmp_path: Path) -> None:
    project = _consultation_project(tmp_path / "p")
    corpus = check_project(project).corpus
    version = corpus.version("demo", "v2")
    assert version is not None
    first = write_forms(corpus, version, tmp_path / "a", project, None)
    second = write_forms(corpus, version, tmp_path / "b", project, None)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


HOSTILE_TITLES = ('=HYPERLINK("http://x.example","x")', "+SUM(1)", "-2+3", "@cmd")


def test_no_formula_is_ever_written(tmp_path: Path) -> None:
    """Titles that a spreadsheet would take for formulas stay text in the XLSX, and are
    guarded with an apostrophe in the CSV."""
    project = _consultation_project(tmp_path / "p")
    chapter = project / "standards/demo/v2/01-governance.md"
    text = chapter.read_text(encoding="utf-8")
    text = text.replace("### 1.1 Legal compliance", f"### 1.1 {HOSTILE_TITLES[0]}")
    text = text.replace("### 1.2 Greenhouse gas targets", f"### 1.2 {HOSTILE_TITLES[1]}")
    text = text.replace("## 1 Integrity", f"## 1 {HOSTILE_TITLES[2]}")
    text = text.replace("1. Scope 1 and Scope 2 emissions;", f"1. {HOSTILE_TITLES[3]} emissions;")
    chapter.write_text(text, encoding="utf-8")
    result = check_project(project)
    version = result.corpus.version("demo", "v2")
    assert version is not None
    xlsx, csv_path = write_forms(result.corpus, version, tmp_path / "out", project, None)
    sheet = load_workbook(xlsx)[SHEET_NAME]
    titles = [cell.value for cell in sheet["C"]]
    for hostile in HOSTILE_TITLES[:3]:
        assert any(t and hostile in t for t in titles), hostile
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    with zipfile.ZipFile(xlsx) as archive:
        assert all(b"<f>" not in archive.read(n) for n in archive.namelist())
    cells = [cell for row in csv.reader(csv_path.open(encoding="utf-8-sig")) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert f"'{HOSTILE_TITLES[0]}" in cells


def _consultation_project(root: Path) -> Path:
    return materialise("ok--consultation", root)


def test_cli_writes_the_forms_into_the_build_folder(tmp_path: Path) -> None:
    project = _consultation_project(tmp_path / "p")
    result = CliRunner().invoke(
        main, ["consultation", "form", "demo@v2", "--project", str(project)]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (project / "build" / "consultation").iterdir())
    assert written == ["demo-v2-comments.csv", "demo-v2-comments.xlsx"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [("demo@v1", "not out for consultation"), ("demo@v9", "no version 'demo@v9'")],
)
def test_cli_refuses_what_has_no_consultation_pdf(tmp_path: Path, spec: str, message: str) -> None:
    project = _consultation_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["consultation", "form", spec, "--project", str(project)])
    assert result.exit_code == 2
    assert message in result.output


def test_instructions_give_examples_from_the_draft_itself(tmp_path: Path) -> None:
    """A commenter reads ids and line numbers of the draft in hand, not of the demo's."""
    project = _consultation_project(tmp_path / "p")
    corpus = check_project(project).corpus
    version = corpus.version("demo", "v2")
    assert version is not None
    xlsx, csv_path = write_forms(corpus, version, tmp_path / "out", project, None)
    rows = _rows(csv_path)
    help_text = {
        row[0]: row[1] for row in load_workbook(xlsx)["Instructions"].iter_rows(values_only=True)
    }
    criterion = next(
        r for r in rows if r["Id"][0].isalpha() and "." not in r["Id"] and ":" not in r["Id"]
    )
    part = next(r for r in rows if "." in r["Id"])
    section = next(r for r in rows if r["Id"].startswith("section:"))
    assert help_text["Id"] == (
        f"What the row is about: a criterion id ({criterion['Id']}), a part ({part['Id']}), "
        f"a section ({section['Id']}), or the whole draft ((general))."
    )
    assert help_text["Lines"] == f"Its lines in the consultation PDF ({criterion['Lines']})."
    first = _span(criterion["Lines"]).first
    assert f"a line ({first + 1})" in help_text["Line"]
    assert "ghg-targets" not in help_text["Id"] and "412" not in help_text["Lines"]
