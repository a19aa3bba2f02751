"""Writing assurance checklists: `out/<standard>-<version>.xlsx` and `.csv` per version.

The workbook has an About sheet (what the checklist is for and how to fill it; the reader
takes the standard and version from it) and a sheet per top-level section: a frozen header,
filters, one row per criterion and lettered part, the standard's columns locked and the
auditor's columns open, with a drop-down of findings. The CSV holds the same rows.
"""

from __future__ import annotations

import csv
import io
import json
from functools import partial
from importlib import metadata, resources
from pathlib import Path

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
    checklist_for,
    row_values,
)
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.render_cache import RenderCache, code_fingerprint, digest_of
from normkit.outputs.workbooks import (
    SharedStyles,
    column_widths,
    csv_text,
    set_text,
    workbook_bytes,
)

SUMMARY_SCHEMA = "checklist-summary.schema.json"
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
AUDITOR_FILL = PatternFill("solid", fgColor="FFF8DC")
WIDTHS = {"Number": 10, "ID": 24, "Title": 30, REQUIREMENT: 70, "Expected evidence": 45}


def summary_schema_text() -> str:
    return resources.files("normkit.checklists").joinpath(SUMMARY_SCHEMA).read_text("utf-8")


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


def csv_document(checklist: Checklist) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(checklist.headers)
    blanks = [""] * len(AUDITOR_COLUMNS)
    for section in checklist.sheets:
        for row in section.rows:
            writer.writerow([csv_text(value) for value in row_values(row)] + blanks)
    return out.getvalue()


def _workbook_bytes(checklist: Checklist) -> bytes:
    return workbook_bytes(workbook(checklist), checklist.version.published)


def _csv(checklist: Checklist) -> bytes:
    # With a byte-order mark, spreadsheets open the UTF-8 file as UTF-8.
    return csv_document(checklist).encode("utf-8-sig")


def checklist_key(checklist: Checklist) -> str:
    """A digest of exactly what `workbook`, `workbook_bytes` and `csv_document` read: the
    facts of the About sheet and the document properties, every sheet's title and rows, the
    dates, and the code and openpyxl version that lay them out."""
    version, standard, edition = checklist.version, checklist.standard, checklist.edition
    facts = [
        *(version.key, version.name, version.title, str(version.status)),
        *(standard.slug, standard.owner),
        edition.title if edition else None,
        version.published.isoformat() if version.published else None,
        checklist.headers,
        [
            [sheet.title, [[row.is_part, row_values(row)] for row in sheet.rows]]
            for sheet in checklist.sheets
        ],
    ]
    return digest_of(
        [
            code_fingerprint(__name__, "normkit.outputs.workbooks", "normkit.checklists.layout"),
            metadata.version("openpyxl"),
            json.dumps(facts, ensure_ascii=False),  # one string, each value kept apart
        ]
    )


def write_checklists(corpus: Corpus, out: Path, context: BuildContext | None = None) -> None:
    """Every version's checklist. A workbook whose inputs (`checklist_key`) are those of a
    previous build comes from the build's cache (checked by its sha256, like rendered
    documents) instead of being laid out again: most of the output's time."""
    out.mkdir(parents=True, exist_ok=True)
    cache = RenderCache(context.cache / "checklists" if context else None)
    for standard in corpus.standards:
        for version in standard.versions:
            checklist = checklist_for(corpus, standard, version)
            stem = f"{standard.slug}-{version.name}"
            key = checklist_key(checklist)
            xlsx = cache.bytes_for(key, ".xlsx", partial(_workbook_bytes, checklist))
            (out / f"{stem}.xlsx").write_bytes(xlsx)
            (out / f"{stem}.csv").write_bytes(
                cache.bytes_for(key, ".csv", partial(_csv, checklist))
            )
    cache.prune()
    (out / "schema").mkdir(exist_ok=True)
    schema = json.loads(summary_schema_text())
    (out / "schema" / SUMMARY_SCHEMA).write_text(
        json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
