"""Writing each crosswalk as `out/<crosswalk>.csv` (its entries) and `.xlsx` (About, Entries
and Coverage sheets), deterministic and with text that never becomes a formula, and every
crosswalk with its entries as `out/index.json` (for tools; empty without crosswalks)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from normkit.crosswalks.table import (
    COVERAGE_HEADERS,
    ENTRY_HEADERS,
    CrosswalkTable,
    crosswalk_table,
)
from normkit.derived import Derived, derived_for
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.workbooks import column_widths, csv_text, save_workbook, set_text

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
INDEX = "index.json"


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


def csv_document(table: CrosswalkTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ENTRY_HEADERS)
    for entry, criterion in table.rows:
        writer.writerow([csv_text(value) for value in table.entry_cells(entry, criterion)])
    return out.getvalue()


def planned_files(corpus: Corpus, derived: Derived | None = None) -> list[str]:
    """The files `write_crosswalks` writes (for the site's downloads)."""
    found = derived_for(corpus, derived)
    files = [
        f"{crosswalk.slug}.{suffix}"
        for crosswalk in corpus.crosswalks
        if crosswalk_table(found, crosswalk) is not None
        for suffix in ("xlsx", "csv")
    ]
    return [INDEX, *files]


def index_document(tables: list[CrosswalkTable]) -> dict[str, Any]:
    """Every crosswalk with its entries, for tools (`index.json`)."""
    return {
        "format_version": "1.0",
        "crosswalks": [
            {
                "slug": table.crosswalk.slug,
                "scheme": {
                    "title": table.crosswalk.scheme.title,
                    "owner": table.crosswalk.scheme.owner,
                    "version": table.crosswalk.scheme.version,
                    "url": table.crosswalk.scheme.url,
                    "licence": table.crosswalk.scheme.licence,
                },
                "standard": table.standard.slug,
                "reviewed_against": table.version.name,
                "reviewed": table.crosswalk.reviewed.isoformat()
                if table.crosswalk.reviewed
                else None,
                "files": [f"{table.crosswalk.slug}.xlsx", f"{table.crosswalk.slug}.csv"],
                "entries": [
                    {
                        "criterion": entry.criterion_id,
                        "part": entry.part,
                        "number": table.entry_cells(entry, criterion)[0],
                        "clause": entry.clause or None,
                        "clause_title": entry.clause_title,
                        "relationship": entry.relationship.value,
                        "note": entry.note,
                        "changed_since_review": (
                            {
                                "version": change.version.name,
                                "kinds": [str(kind) for kind in change.kinds],
                            }
                            if (change := table.changes.get(entry.criterion_id))
                            else None
                        ),
                    }
                    for entry, criterion in table.rows
                ],
            }
            for table in tables
        ],
    }


def write_crosswalks(corpus: Corpus, out: Path, context: BuildContext | None = None) -> None:
    derived = derived_for(corpus, context.derived if context else None)
    out.mkdir(parents=True, exist_ok=True)
    tables = []
    for crosswalk in corpus.crosswalks:
        table = crosswalk_table(derived, crosswalk)
        if table is None:
            continue
        tables.append(table)
        when = crosswalk.reviewed or table.version.published
        save_workbook(workbook(table), out / f"{crosswalk.slug}.xlsx", when)
        (out / f"{crosswalk.slug}.csv").write_text(csv_document(table), encoding="utf-8-sig")
    document = json.dumps(index_document(tables), indent=2, ensure_ascii=False)
    (out / INDEX).write_text(document + "\n", encoding="utf-8")
