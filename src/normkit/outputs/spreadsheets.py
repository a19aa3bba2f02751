"""Spreadsheets normkit writes (XLSX with openpyxl, CSV): deterministic bytes, and no cell that
a spreadsheet program would run as a formula.

Text that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) is a formula to Excel,
LibreOffice and Google Sheets when a CSV is opened, and openpyxl writes such a string as a
formula unless told otherwise. Whatever the text's source, an XLSX cell is written as a string
(`text_cell`), and a CSV cell gets a leading apostrophe (`csv_text`), the mitigation OWASP
recommends for CSV injection.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The earliest date a ZIP entry can carry: the same for every build."""


def csv_text(value: str) -> str:
    """A CSV cell that no spreadsheet program takes for a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A UTF-8 CSV (with a byte-order mark, so Excel reads it as UTF-8), every cell guarded."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_text(cell) for cell in header])
    writer.writerows([csv_text(cell) for cell in row] for row in rows)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")


def text_cell(sheet: Worksheet, row: int, column: int, value: str) -> Cell:
    """A cell holding `value` as text, never as a formula."""
    cell = sheet.cell(row=row, column=column, value=value)
    cell.data_type = "s"
    return cell


def save_workbook(workbook: Workbook, path: Path, when: datetime.datetime) -> None:
    """Save with fixed dates (`when` in the document's properties, 1980 in the ZIP), so the
    same content gives the same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = when
    workbook.properties.modified = when
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    stable = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, source.read(entry.filename))
    path.write_bytes(stable.getvalue())
