"""Cells that are not text, in every table normkit reads (comment forms, filled checklists,
requirements tables): a formula never calculated is reported at its cell and its row is not
read; a calculated formula gives its value; control characters, typed or written as XLSX
`_xHHHH_` escapes, are reported at their cell and reach no output."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from normkit.checklists.reader import read_checklist
from normkit.importers import import_source
from normkit.outputs.consultation.report import build_report, reports
from normkit.outputs.consultation.serialise import report_document
from normkit.pipeline import check_project
from normkit.sources.control import CONTROL
from normkit.sources.tables import read_csv_sheet, read_xlsx_sheets, table_with_header
from tests.json_strings import json_strings
from tests.spine.miniprojects import PROJECTS, materialise


def _comments(project: Path) -> dict[str, tuple[str, str, str]]:
    """Comment key → (organisation, text, proposed change), of the demo v2 round."""
    result = check_project(project)
    (found,) = [r for r in result.corpus.consultations if r.version == "v2"]
    return {c.keys[0]: (c.organisation, c.text, c.proposed_change) for c in found.comments}


def test_openpyxl_writes_a_formula_without_its_value() -> None:
    """The case this guards against, as the fixture holds it: the cell is a formula to
    openpyxl, and reading values gives nothing for it."""
    path = PROJECTS / "source__formula-uncalculated/consultations/demo/v2/acme.xlsx"
    assert load_workbook(path)["Comments"]["G2"].data_type == "f"
    assert load_workbook(path, data_only=True)["Comments"]["G2"].value is None


def test_an_uncalculated_formula_drops_its_row_and_a_calculated_one_gives_its_value(
    tmp_path: Path,
) -> None:
    comments = _comments(materialise("source__formula-uncalculated", tmp_path / "p"))
    # Row 2 (organisation =UPPER(…), never calculated) and row 5 (comment =A1&B1) are not
    # read: neither as empty nor as the formula's text.
    assert sorted(comments) == ["acme.xlsx:3", "acme.xlsx:4"]
    assert comments["acme.xlsx:3"] == ("Acme Metals", "Sanctions law is missing too.", "")
    # A formula that computed empty text is an empty cell, not a flaw.
    assert comments["acme.xlsx:4"] == ("Acme Metals", "Say which law applies.", "")
    assert not any("=" in part for row in comments.values() for part in row)


def test_a_checklist_reads_calculated_findings_and_reports_uncalculated_ones(
    tmp_path: Path,
) -> None:
    case = PROJECTS / "source__formula-uncalculated--checklist"
    corpus = check_project(materialise(None, tmp_path / "p")).corpus
    read = read_checklist(case / "filled.xlsx", corpus, shown_as="filled.xlsx")
    assert [(str(d.location), d.code.code) for d in read.diagnostics] == [
        ("filled.xlsx[Governance]:2:C", "source.formula-uncalculated"),
        ("filled.xlsx[Governance]:4:D", "source.formula-uncalculated"),
    ]
    assert {key: row.finding for key, row in read.rows.items()} == {"ghg-targets": "major"}


def test_an_import_table_with_an_uncalculated_formula_is_not_imported(
    tmp_path: Path,
) -> None:
    project = materialise(None, tmp_path / "p")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Ref", "Title", "Requirement"])
    sheet.append(["R1", "Records", "Keep records."])
    sheet.append(["R2", "Training", '=CONCAT("Train ", "staff.")'])
    path = tmp_path / "reqs.xlsx"
    workbook.save(path)
    result = import_source(
        path, project, "reqs", "v1", columns="number=Ref,title=Title,text=Requirement"
    )
    assert not result.ok
    assert [(str(d.location), d.code.code) for d in result.diagnostics] == [
        (f"{path}:3:C", "source.formula-uncalculated")
    ]
    assert not (project / "standards/reqs").exists()


def test_a_cell_without_a_reference_is_located_after_the_one_before(tmp_path: Path) -> None:
    """`r` is optional on a cell (some exporters leave it out): the column is counted."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["a", "b", "=1+1"])
    source = tmp_path / "made.xlsx"
    workbook.save(source)
    import zipfile

    path = tmp_path / "no-references.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for reference in (b' r="A1"', b' r="B1"', b' r="C1"'):
                    assert reference in data
                    data = data.replace(reference, b"")
            new.writestr(item, data)
    (sheet_read,) = read_xlsx_sheets(path)
    assert [(f.row, f.column, f.code.code) for f in sheet_read.flaws] == [
        (1, 3, "source.formula-uncalculated")
    ]
    assert "Data!C1" in sheet_read.flaws[0].message


def test_control_characters_in_cells_are_reported_and_left_out(tmp_path: Path) -> None:
    project = materialise("source__control-character--cells", tmp_path / "p")
    comments = _comments(project)
    assert comments["acme.csv:2"][1] == "Sanctionslaw is missing."
    assert comments["beta.xlsx:2"][0] == "Beta Mining"


def test_xlsx_escapes_are_read_and_control_ones_left_out(tmp_path: Path) -> None:
    """`_x000D_` is a carriage return as Excel writes it, `_x005F_` an underscore that keeps
    the escape after it as text, `_x001B_` an escape character: reported and left out."""
    project = materialise("source__control-escape--cells", tmp_path / "p")
    comments = _comments(project)
    assert comments["acme.xlsx:2"][1] == "Sanctions law[31m is missing."
    assert comments["acme.xlsx:3"][1] == ("First line\nsecond line, and _x001B_ written as text.")


def test_a_csv_record_ends_only_at_a_line_break(tmp_path: Path) -> None:
    """A form feed or U+2028 in a cell is not the end of the row (it was, by
    `str.splitlines`): the cell keeps its row and the character is reported or kept."""
    path = tmp_path / "form.csv"
    path.write_text("A,B\nx\x0cy,z\u2028w\nlast,row\n", encoding="utf-8")
    sheet = read_csv_sheet(path)
    assert sheet.rows == [(1, ["A", "B"]), (2, ["xy", "z\u2028w"]), (3, ["last", "row"])]
    assert [(f.row, f.column, f.code.code) for f in sheet.flaws] == [
        (2, 1, "source.control-character")
    ]


def test_no_control_character_reaches_the_consultation_json(tmp_path: Path) -> None:
    for case in ("source__control-character--cells", "source__control-escape--cells"):
        project = materialise(case, tmp_path / case)
        corpus = check_project(project).corpus
        documents = [
            report_document(build_report(standard, version, found))
            for standard, version, found in reports(corpus)
        ]
        texts = list(json_strings(documents))
        assert any("Sanctions" in text for text in texts)
        assert not [text for text in texts if CONTROL.search(text)], case


def test_the_formula_scan_finds_every_form_of_the_tag() -> None:
    """Sheets without formulas are parsed once: the byte scan that decides it must find a
    formula however its tag is written, and across the scan's chunks."""
    import io

    from normkit.sources.cells import has_formulas

    cases = [
        (b'<c r="A1"><f>1+2</f><v></v></c>', True),
        (b'<x:c r="A1"><x:f t="shared" si="0"/></x:c>', True),
        (b'<c r="A1"><f\n>1</f></c>', True),
        (b'<c t="inlineStr"><is><t>f &lt;f&gt;</t></is></c><filterColumn/><family/>', False),
        (b"a" * ((1 << 20) - 2) + b"<f>1</f>", True),  # the tag across two chunks
    ]
    for xml, found in cases:
        assert has_formulas(io.BytesIO(xml)) is found, xml[-40:]


def test_a_row_of_blank_cells_is_no_row_of_the_table() -> None:
    """Blanks of any kind (spaces, tabs, an ideographic space) fill no row; one cell with
    text does, wherever it is."""
    records = [
        (1, ["", " ", "\t"]),
        (2, ["Id", "Comment"]),
        (3, ["", "\u3000"]),
        (4, [" ", "x "]),
        (5, []),
    ]
    table = table_with_header(records, set())
    assert (table.header_row, table.headers) == (2, ["Id", "Comment"])
    assert table.rows == [(4, [" ", "x "])]
