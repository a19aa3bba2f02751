"""A sheet of text read without openpyxl's per-cell work (`sources/text_sheets.py`) gives the
rows, cells and flaws openpyxl's own reading gives, for a cell of every kind a form may
hold; a sheet it does not read as openpyxl does is left to openpyxl; the demo's comment
forms take the faster reading."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from normkit.sources import tables, text_sheets

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DEMO_FORMS = sorted((Path(__file__).parents[2] / "consultations").glob("*/*/*.xlsx"))

Read = tuple[str, list[tuple[int, list[str]]], list[tuple[int, int, str, str]]] | str


def _read(data: bytes, sheet: str | None, *, text_reading: bool) -> tuple[list[Read] | str, bool]:
    """What `read_xlsx_sheets` makes of `data` (or the error it raises), and whether the
    text reading gave the rows, with it allowed or not."""
    used: list[bool] = []
    real = text_sheets._TextSheet.rows

    def rows(self: text_sheets._TextSheet) -> list[text_sheets.Values]:
        if not text_reading:
            raise text_sheets.NotText("openpyxl's reading, for comparison")
        found = real(self)
        used.append(True)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_sheets._TextSheet, "rows", rows)
        try:
            sheets = tables.workbook_sheets(data, sheet)
        except Exception as error:  # the same failure either way is what is compared
            return f"{type(error).__name__}: {error}", bool(used)
    return [
        (s.title, s.rows, [(f.row, f.column, f.code.code, f.message) for f in s.flaws])
        for s in sheets
    ], bool(used)


def _same(data: bytes, sheet: str | None = "Comments") -> bool:
    """Assert both readings agree; whether the text reading was the one used."""
    fast, used = _read(data, sheet, text_reading=True)
    slow, _ = _read(data, sheet, text_reading=False)
    assert fast == slow
    return used


def _saved(fill: Callable[[object], None]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Comments"
    fill(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_sheet(
    data: bytes, sheet_data: str, dimension: str | None = "A1:D3", shared: Sequence[str] = ()
) -> bytes:
    """The workbook `data` (one sheet, no shared strings) with its sheet's XML replaced
    (`sheet_data`: the rows) and a shared strings part of `shared` (each an `si`'s content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for name in old.namelist():
            content = old.read(name)
            if name == "xl/worksheets/sheet1.xml":
                size = f'<dimension ref="{dimension}"/>' if dimension else ""
                content = (
                    f'<worksheet xmlns="{NS}">{size}<sheetData>{sheet_data}</sheetData></worksheet>'
                ).encode()
            elif name == "[Content_Types].xml":
                content = content.replace(b"</Types>", _SHARED_TYPE + b"</Types>")
            elif name == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", _SHARED_LINK + b"</Relationships>")
            new.writestr(name, content)
        items = "".join(f"<si>{s}</si>" for s in shared)
        new.writestr("xl/sharedStrings.xml", f'<sst xmlns="{NS}">{items}</sst>')
    return out.getvalue()


_SHARED_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_SHARED_LINK = (
    b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
)


@pytest.fixture(scope="module")
def base() -> bytes:
    """A workbook to craft sheets in."""
    return _saved(lambda sheet: sheet.append(["a", "b"]))  # type: ignore[attr-defined]


def test_the_demo_forms_read_the_same_and_take_the_text_reading() -> None:
    assert DEMO_FORMS
    for path in DEMO_FORMS:
        data = path.read_bytes()
        assert _same(data), path
        assert _same(data, None), path


def test_a_sheet_of_text_and_empty_cells_takes_the_text_reading(base: bytes) -> None:
    def inline(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    rows = (
        '<row r="1">'
        + inline("A1", " inline &amp; spaced ")
        + '<c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c>'
        + '<c r="D1" t="str"><f>A1</f><v>cached</v></c></row>'
        + '<row r="3"><c r="A3" s="1"/><c r="B3" t="n"/><c t="inlineStr"><is><t/></is></c>'
        + '<c t="inlineStr"/></row>'
    )
    shared = ["<t>shared_x000D_escape</t>", "<r><t>rich </t></r><r><rPr><b/></rPr><t>run</t></r>"]
    assert _same(_with_sheet(base, rows, shared=shared))
    assert _same(_with_sheet(base, rows, "A1:B2", shared))  # cut at the dimension
    assert _same(_with_sheet(base, rows, "A1:F9", shared))  # padded to it


@pytest.mark.parametrize(
    "value",
    [
        3,
        2.5,
        12345678901234567890,
        True,
        datetime.datetime(2025, 3, 1),
        datetime.datetime(2025, 3, 1, 12, 30),
        datetime.date(2025, 3, 1),
        datetime.time(12, 30),
        datetime.timedelta(hours=30),
    ],
    ids=repr,
)
def test_a_cell_that_is_not_text_is_read_by_openpyxl(value: object) -> None:
    def fill(sheet: object) -> None:
        sheet.append(["Id", "Comment"])  # type: ignore[attr-defined]
        sheet.append(["x", value])  # type: ignore[attr-defined]

    assert not _same(_saved(fill))


def test_a_formula_without_its_value_is_the_same_flaw_either_way() -> None:
    """openpyxl saves `=1+1` with an empty value: an empty cell to both readings, and a
    flaw of its cell from the sheet's formulas (`cells.uncalculated_formulas`)."""

    def fill(sheet: object) -> None:
        sheet.append(["Id", "Comment"])  # type: ignore[attr-defined]
        sheet.append(["x", "=1+1"])  # type: ignore[attr-defined]

    data = _saved(fill)
    assert _same(data)
    ((_, _, flaws),), _ = _read(data, "Comments", text_reading=True)
    assert [flaw[:3] for flaw in flaws] == [(2, 2, "source.formula-uncalculated")]


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A1" t="n"><v>27</v></c>',
        '<c r="A1" t="b"><v>1</v></c>',
        '<c r="A1" t="e"><v>#NAME?</v></c>',
        '<c r="A1" t="d"><v>2025-03-01T00:00:00</v></c>',
        '<c r="A1"><f>1+1</f><v>2</v></c>',
        '<c r="A1" t="odd"><v>q</v></c>',
        '<c r="A1" t="inlineStr"><is><r><t>rich</t></r></is></c>',
        '<c r="A1" t="inlineStr"><is><t>a</t><rPh sb="0" eb="1"><t>P</t></rPh></is></c>',
        '<c r="A1" t="s"><v>7</v></c>',  # no such shared string: openpyxl fails as before
        '<c r="A1B" t="inlineStr"><is><t>odd reference</t></is></c>',
        '<c r="A1" t="inlineStr"><is><t>a&#1;b</t></is></c>',  # not well-formed
    ],
)
def test_a_cell_read_otherwise_leaves_the_sheet_to_openpyxl(base: bytes, cell: str) -> None:
    assert not _same(_with_sheet(base, f'<row r="1">{cell}</row>'))


@pytest.mark.parametrize(
    ("rows", "dimension"),
    [
        ('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>', None),
        ('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>', "A:B"),
        ('<row r="1.0"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>', "A1:B2"),
        ('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><extLst/></row>', "A1:B2"),
        ('<row r="1"/><row r="2000000"/>', "A1:Z2000000"),  # more cells than are read
    ],
)
def test_a_sheet_of_unusual_shape_is_left_to_openpyxl(
    base: bytes, rows: str, dimension: str | None
) -> None:
    assert not _same(_with_sheet(base, rows, dimension))


def test_rows_without_references_out_of_order_or_repeated_read_as_openpyxl_reads_them(
    base: bytes,
) -> None:
    rows = (
        '<row><c t="inlineStr"><is><t>a</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is>'
        '</c><c t="inlineStr"><is><t>d</t></is></c></row>'
        '<row r="4"><c r="a4" t="inlineStr"><is><t>x</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>skipped</t></is></c></row>'
        '<row r="4"><c r="B4" t="inlineStr"><is><t>again</t></is></c></row>'
        '<row><c r="Z5" t="inlineStr"><is><t>beyond</t></is></c></row>'
    )
    assert _same(_with_sheet(base, rows, "A1:D5"))


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: b'<!DOCTYPE worksheet [<!ENTITY e "E">]>' + xml.replace(b">a<", b">&e;<"),
        lambda xml: b'<?xml version="1.0" encoding="ISO-8859-1"?>' + xml,
        lambda xml: b"<!-- a comment first -->" + xml,
    ],
)
def test_a_sheet_with_a_prolog_beyond_a_declaration_is_left_to_openpyxl(
    base: bytes, change: Callable[[bytes], bytes]
) -> None:
    data = _with_sheet(base, '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for name in old.namelist():
            content = old.read(name)
            new.writestr(name, change(content) if name == "xl/worksheets/sheet1.xml" else content)
    assert not _same(out.getvalue())


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A1" t="s"><v>7</v></c>',  # openpyxl: IndexError
        '<c r="A1" t="inlineStr"><is><t>a</t><rPh><t>P</t></rPh></is></c>',  # TypeError
        '<c r="A1" t="inlineStr"><is><r><rPr><sz val="x"/></rPr><t>a</t></r></is></c>',
    ],
)
def test_a_cell_openpyxl_fails_on_makes_the_workbook_unreadable(base: bytes, cell: str) -> None:
    # Errors of openpyxl's own making on damaged content are a located diagnostic, never a
    # traceback (they were uncaught before).
    with pytest.raises(tables.TableUnreadable, match="a cell of sheet 'Comments' does not read"):
        tables.workbook_sheets(_with_sheet(base, f'<row r="1">{cell}</row>'), "Comments")
