"""A workbook of text read with the standard library alone (`sources/plain_workbooks.py`)
gives the sheets, rows and flaws openpyxl gives, on every workbook in the repository and on
workbooks of the shapes openpyxl and LibreOffice write; any workbook it does not read as
openpyxl does is left to openpyxl, and a check of the demo imports no openpyxl."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from normkit.sources import plain_workbooks, tables, text_sheets
from tests.consultation.test_text_sheets import _saved

ROOT = Path(__file__).parents[2]
WORKBOOKS = sorted(ROOT.glob("consultations/*/*/*.xlsx")) + sorted((ROOT / "tests").rglob("*.xlsx"))
DEMO_FORMS = sorted(ROOT.glob("consultations/*/*/*.xlsx"))
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _read(data: bytes, sheet: str | None, *, plain: bool) -> object:
    """What `workbook_sheets` makes of `data` (or the error it raises), with the plain
    reading allowed or not (openpyxl's own reading of values then, for comparison)."""
    with pytest.MonkeyPatch.context() as patch:
        if not plain:
            patch.setattr(plain_workbooks, "plain_sheets", lambda *args: None)

            def rows(self: object) -> list[text_sheets.Values]:
                raise text_sheets.NotText("openpyxl's reading, for comparison")

            patch.setattr(text_sheets._TextSheet, "rows", rows)
        try:
            sheets = tables.workbook_sheets(data, sheet)
        except Exception as error:  # the same failure either way is what is compared
            return f"{type(error).__name__}: {error}"
    return [
        (s.title, s.rows, [(f.row, f.column, f.code.code, f.message) for f in s.flaws])
        for s in sheets
    ]


def _same(data: bytes, sheet: str | None = "Comments") -> bool:
    """Assert both readings agree; whether the plain reading read the workbook."""
    assert _read(data, sheet, plain=True) == _read(data, sheet, plain=False)
    return plain_workbooks.plain_sheets(data, sheet, tables.MAX_TABLE_CELLS) is not None


def test_every_workbook_in_the_repository_reads_the_same() -> None:
    assert len(WORKBOOKS) >= 10
    for path in WORKBOOKS:
        data = path.read_bytes()
        for sheet in ("Comments", None, "no such sheet"):
            _same(data, sheet)


def test_the_demo_forms_take_the_plain_reading() -> None:
    assert DEMO_FORMS
    assert all(_same(path.read_bytes()) for path in DEMO_FORMS)


def test_a_check_of_the_demo_imports_no_openpyxl(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from normkit.sources.tables import read_xlsx_sheets\n"
        f"for path in sorted(Path({str(ROOT)!r}).glob('consultations/*/*/*.xlsx')):\n"
        "    read_xlsx_sheets(path, 'Comments')\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path)


def _openpyxl_workbook(fill: Callable[[object], None]) -> bytes:
    """A workbook openpyxl wrote: its "Comments" sheet as `fill` makes it, then "Notes"."""

    def fill_then_note(sheet: object) -> None:
        fill(sheet)
        sheet.parent.create_sheet("Notes").append(["a note"])  # type: ignore[attr-defined]

    return _saved(fill_then_note)


def test_a_workbook_openpyxl_wrote_reads_the_same() -> None:
    def fill(sheet: object) -> None:
        sheet.append(["Id", "Comment", "", None, "  padded  "])  # type: ignore[attr-defined]
        sheet.append(["C1", "a_x000D_b _x005F_x0041_ é 中"])  # type: ignore[attr-defined]
        sheet.auto_filter.ref = "A1:E2"  # type: ignore[attr-defined]  # a defined name

    data = _openpyxl_workbook(fill)
    assert _same(data)
    assert _same(data, "notes")
    assert _same(data, None)


def _libreoffice_shape(sheet_xml: str, shared: list[str], workbook_extra: str = "") -> bytes:
    """A workbook as LibreOffice Calc saves one: an XML declaration with `standalone`,
    shared strings for every text, `fileVersion` and `workbookPr`, relative targets."""
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{spreadsheet}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{spreadsheet}.styles+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{spreadsheet}.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{spreadsheet}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{relations}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{relations}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId3" Type="{relations}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{relations}">'
        '<fileVersion appName="Calc"/><workbookPr backupFile="false" showObjects="all" '
        'date1904="false"/><workbookProtection/><bookViews><workbookView showHorizontalScroll'
        '="true" showVerticalScroll="true" showSheetTabs="true" xWindow="0" yWindow="0" '
        'windowWidth="16384" windowHeight="8192" tabRatio="500" firstSheet="0" '
        'activeTab="0"/></bookViews><sheets><sheet name="Comments" sheetId="1" '
        f'state="visible" r:id="rId2"/></sheets>{workbook_extra}'
        '<calcPr iterateCount="100" refMode="A1" iterate="false" iterateDelta="0.001"/>'
        "</workbook>",
        "xl/styles.xml": f'<styleSheet xmlns="{NS}"><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="General"/></numFmts><fonts count="1"><font><sz val="10"/><name val='
        '"Arial"/><family val="2"/></font></fonts><fills count="1"><fill><patternFill '
        'patternType="none"/></fill></fills><borders count="1"><border diagonalUp="false" '
        'diagonalDown="false"><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellXfs count="1"><xf numFmtId="164" fontId="0" fillId="0" borderId="0"/></cellXfs>'
        "</styleSheet>",
        "xl/sharedStrings.xml": f'<sst xmlns="{NS}" count="{len(shared)}" '
        f'uniqueCount="{len(shared)}">' + "".join(f"<si>{s}</si>" for s in shared) + "</sst>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{NS}" xmlns:r="{relations}">'
        '<sheetPr filterMode="false"><pageSetUpPr fitToPage="false"/></sheetPr>'
        f"{sheet_xml}</worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, declaration + text)
    return out.getvalue()


_LIBREOFFICE_SHEET = (
    '<dimension ref="A1:C3"/><sheetViews><sheetView showFormulas="false" '
    'showGridLines="true" workbookViewId="0"><selection pane="topLeft" activeCell="A1" '
    'sqref="A1"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="12.8"/>'
    '<cols><col min="1" max="3" width="11.52" customWidth="false"/></cols><sheetData>'
    '<row r="1" customFormat="false" ht="12.8" hidden="false"><c r="A1" s="0" t="s"><v>0</v>'
    '</c><c r="B1" s="0" t="s"><v>1</v></c></row><row r="3" customFormat="false" ht="12.8">'
    '<c r="A3" s="0" t="s"><v>2</v></c><c r="C3" s="0" t="s"><v>3</v></c></row></sheetData>'
    '<pageMargins left="0.7875" right="0.7875" top="1.05277777777778" '
    'bottom="1.05277777777778" header="0.7875" footer="0.7875"/></worksheet>'
)


def test_a_workbook_of_libreoffices_shape_takes_the_plain_reading_and_reads_the_same() -> None:
    shared = ["<t>Id</t>", "<t xml:space=\"preserve\"> Comment </t>", "<t>C1</t>",
              "<r><t>two </t></r><r><t>runs</t></r>"]  # fmt: skip
    assert _same(_libreoffice_shape(_LIBREOFFICE_SHEET.removesuffix("</worksheet>"), shared))


@pytest.mark.parametrize(
    ("shared", "workbook_extra"),
    [
        (['<r><rPr><b val="true"/></rPr><t>bold</t></r>'], ""),  # formatted: openpyxl
        (['<t>ア</t><rPh sb="0" eb="1"><t>ア</t></rPh>'], ""),  # phonetic: openpyxl
        (
            ["<t>a</t>"],
            '<definedNames><definedName name="x">Comments!$A$1</definedName></definedNames>',
        ),
    ],
)
def test_what_openpyxl_interprets_further_is_left_to_it(
    shared: list[str], workbook_extra: str
) -> None:
    shared = shared + ["<t>b</t>"] * 3
    data = _libreoffice_shape(
        _LIBREOFFICE_SHEET.removesuffix("</worksheet>"), shared, workbook_extra
    )
    assert not _same(data)


def _changed(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.namelist():
            content = old.read(item)
            new.writestr(item, change(content) if item == name else content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("part", "change"),
    [
        ("xl/styles.xml", lambda xml: xml[: len(xml) // 2]),  # not well-formed
        ("docProps/core.xml", lambda xml: b"<!DOCTYPE x>" + xml),
        ("xl/workbook.xml", lambda xml: xml.replace(b'r:id="rId2"', b'r:id="rId9"')),
        ("[Content_Types].xml", lambda xml: xml.replace(b"sheet.main+xml", b"other+xml")),
        ("xl/worksheets/sheet1.xml", lambda xml: re.sub(rb'ref="A1:E1"', b'ref="A1:E"', xml)),
        ("xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"<dimension", b"<x")),
    ],
)
def test_a_workbook_damaged_or_unusual_anywhere_is_left_to_openpyxl(
    part: str, change: Callable[[bytes], bytes]
) -> None:
    def fill(sheet: object) -> None:
        sheet.append(["Id", "Comment", "", None, "x"])  # type: ignore[attr-defined]

    assert not _same(_changed(_openpyxl_workbook(fill), part, change))


def test_a_sheet_whose_part_is_missing_is_left_out_by_both() -> None:
    data = _openpyxl_workbook(lambda sheet: sheet.append(["Id"]))  # type: ignore[attr-defined]
    gone = _changed(data, "xl/_rels/workbook.xml.rels", lambda xml: xml.replace(b"t2.xml", b"x"))
    assert _same(gone, None)
    assert _read(gone, None, plain=True) != _read(data, None, plain=True)


def test_a_damaged_zip_is_left_to_openpyxl() -> None:
    data = bytearray(DEMO_FORMS[0].read_bytes())
    start = data.find(b"xl/styles.xml") + 40
    data[start : start + 8] = b"\xff" * 8
    assert not _same(bytes(data))
