"""A crosswalk as an XLSX workbook (About, Entries and Coverage sheets), laid out with openpyxl.

Kept apart from `writer.py`, which imports it only when there is a crosswalk to lay out: a
project without crosswalks does not import openpyxl (nor numpy, which openpyxl imports).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from normkit.crosswalks.table import COVERAGE_HEADERS, ENTRY_HEADERS, CrosswalkTable
from normkit.outputs.workbooks import column_widths, set_text

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


def _header(sheet: Worksheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _about(sheet: Worksheet, table: CrosswalkTable) -> None:
    crosswalk, scheme = table.crosswalk, table.crosswalk.scheme
    sheet.title = "About"
    set_text(sheet["A1"], f"{table.version.title} ↔ {scheme.title} {scheme.version}".strip())
    sheet["A1"].font = Font(bold=True, size=14)
    facts = [
        ("Our standard", f"{table.version.title} ({table.version.key})"),
        ("Their scheme", scheme.title),
        ("Their version", scheme.version),
        ("Owner", scheme.owner),
        ("Published at", scheme.url),
        ("Licence", scheme.licence),
        ("Reviewed against", table.version.name),
        ("Reviewed on", crosswalk.reviewed.isoformat() if crosswalk.reviewed else ""),
        ("About", crosswalk.description),
        (
            "Reading",
            "Each entry reads: our criterion <relationship> their clause (NIST IR 8477). "
            "'subset of': ours asks for less than their clause; 'superset of': for more.",
        ),
    ]
    for index, (name, value) in enumerate(facts, start=3):
        sheet.cell(row=index, column=1, value=name).font = Font(bold=True)
        set_text(sheet.cell(row=index, column=2), value)
        sheet.cell(row=index, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    column_widths(sheet, [18, 100])


def workbook(table: CrosswalkTable) -> Workbook:
    book = Workbook()
    book.properties.title = f"Crosswalk: {table.crosswalk.scheme.title}"
    book.properties.creator = table.standard.owner or "normkit"
    about = book.active
    assert isinstance(about, Worksheet)
    _about(about, table)
    entries = book.create_sheet("Entries")
    _header(entries, ENTRY_HEADERS)
    for entry, criterion in table.rows:
        entries.append([""] * len(ENTRY_HEADERS))
        for column, value in enumerate(table.entry_cells(entry, criterion), start=1):
            cell = entries.cell(row=entries.max_row, column=column)
            set_text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(len(ENTRY_HEADERS))
    entries.auto_filter.ref = f"A1:{last}{max(entries.max_row, 2)}"
    column_widths(entries, [9, 26, 30, 16, 12, 30, 60, 24])
    matrix = book.create_sheet("Coverage")
    _header(matrix, COVERAGE_HEADERS)
    for row in table.coverage:
        cells = table.coverage_cells(row)
        matrix.append([""] * len(cells))
        for column, cell_value in enumerate(cells, start=1):
            cell = matrix.cell(row=matrix.max_row, column=column)
            if isinstance(cell_value, str):
                set_text(cell, cell_value)
            else:
                cell.value = cell_value
        matrix.cell(row=matrix.max_row, column=4).number_format = "0%"
    column_widths(matrix, [40, 9, 9, 9, *([11] * (len(COVERAGE_HEADERS) - 4))])
    return book
