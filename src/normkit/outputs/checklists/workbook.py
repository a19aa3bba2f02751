"""The checklist as an XLSX workbook laid out with openpyxl.

Kept apart from `writer.py` so that a build whose checklists come from the cache does not
import openpyxl (and numpy, which openpyxl imports when it is installed).
"""

from __future__ import annotations

from functools import partial

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from normkit.checklists.layout import (
    ABOUT_SHEET,
    AUDITOR_COLUMNS,
    FINDING,
    FINDINGS,
    REQUIREMENT,
    Checklist,
    Sheet,
    row_values,
)
from normkit.outputs.workbooks import SharedStyles, column_widths, set_text, workbook_bytes

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
AUDITOR_FILL = PatternFill("solid", fgColor="FFF8DC")
WIDTHS = {"Number": 10, "ID": 24, "Title": 30, REQUIREMENT: 70, "Expected evidence": 45}


def _about(sheet: Worksheet, checklist: Checklist) -> None:
    version, standard = checklist.version, checklist.standard
    sheet.title = ABOUT_SHEET
    set_text(sheet["A1"], f"Assurance checklist: {version.title}")
    sheet["A1"].font = Font(bold=True, size=14)
    facts = [
        ("Standard", standard.slug),
        ("Version", version.name),
        ("Title", version.title),
        ("Status", str(version.status)),
        ("Owner", standard.owner),
        ("Guidance", checklist.edition.title if checklist.edition else "none"),
        ("Findings", ", ".join(FINDINGS)),
        (
            "How to fill",
            "One row per criterion and lettered part. Record a finding for each row you "
            "assess (choose it from the list), the evidence you saw and any notes; leave "
            "the other columns as they are.",
        ),
        ("Check", f"normkit checklist read {standard.slug}-{version.name}.xlsx"),
    ]
    for index, (name, value) in enumerate(facts, start=3):
        sheet.cell(row=index, column=1, value=name).font = Font(bold=True)
        set_text(sheet.cell(row=index, column=2), value)
        sheet.cell(row=index, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    column_widths(sheet, [14, 100])


def _text_style(cell: Cell, indent: int) -> None:
    cell.alignment = Alignment(wrap_text=True, vertical="top", indent=indent)


def _auditor_style(cell: Cell) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = AUDITOR_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _section_sheet(sheet: Worksheet, checklist: Checklist, section: Sheet) -> None:
    headers = checklist.headers
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    auditor = {headers.index(name) + 1 for name in AUDITOR_COLUMNS}
    styles = SharedStyles()
    for row_number, row in enumerate(section.rows, start=2):
        values = row_values(row)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column)
            set_text(cell, value)
            indent = 1 if row.is_part and column == 1 else 0
            styles.apply(cell, ("text", indent), partial(_text_style, indent=indent))
        for column in auditor:
            styles.apply(sheet.cell(row=row_number, column=column), "auditor", _auditor_style)
    last_row = len(section.rows) + 1
    last_column = get_column_letter(len(headers))
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{last_column}{last_row}"
    finding = get_column_letter(headers.index(FINDING) + 1)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(FINDINGS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Finding",
        error="Choose one of: " + ", ".join(FINDINGS),
        promptTitle="Finding",
        prompt=", ".join(FINDINGS),
    )
    validation.add(f"{finding}2:{finding}{max(last_row, 2)}")
    sheet.add_data_validation(validation)
    # Locked: the standard's columns; sorting and filtering stay allowed.
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    column_widths(
        sheet, [WIDTHS.get(name, 14 if name not in AUDITOR_COLUMNS else 30) for name in headers]
    )


def workbook(checklist: Checklist) -> Workbook:
    book = Workbook()
    book.properties.title = f"Assurance checklist: {checklist.version.title}"
    book.properties.subject = checklist.version.key
    book.properties.creator = checklist.standard.owner or "normkit"
    about = book.active
    assert isinstance(about, Worksheet)
    _about(about, checklist)
    for section in checklist.sheets:
        _section_sheet(book.create_sheet(section.title), checklist, section)
    return book


def checklist_workbook_bytes(checklist: Checklist) -> bytes:
    return workbook_bytes(workbook(checklist), checklist.version.published)
