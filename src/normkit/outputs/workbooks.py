"""Spreadsheets that outputs write: deterministic XLSX files and cells that never compute.

openpyxl stamps a workbook with the time it is saved and its ZIP entries with the time
they are written; here both are fixed, so the same sources give byte-identical files.
Text from sources is hostile: a cell that starts like a formula (`=`, `+`, `-`, `@`, a tab
or a carriage return) stays text, in XLSX (a string cell with Excel's quote prefix) and in
CSV (an apostrophe in front, as OWASP recommends against CSV injection).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.writer.excel import ExcelWriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (or, in CSV, makes some do so)."""
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The ZIP entries' time: the earliest a ZIP file can hold."""


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def set_text(cell: Cell | MergedCell, value: str) -> None:
    """`value` as a text cell, even when it starts like a formula."""
    cell.value = value
    if value and is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def csv_text(value: str) -> str:
    """A CSV cell that no spreadsheet opens as a formula."""
    return f"'{value}" if value and is_formula_like(value) else value


def from_csv_text(value: str) -> str:
    """What `csv_text` wrote, as it was."""
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def workbook_bytes(workbook: Workbook, when: datetime.date | None) -> bytes:
    """The workbook as XLSX bytes that depend on its content only (`when` is the date
    written as its creation and modification time)."""
    moment = datetime.datetime.combine(when or datetime.date(2000, 1, 1), datetime.time())
    workbook.properties.created = moment
    workbook.properties.modified = moment
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()


def save_workbook(workbook: Workbook, path: Path, when: datetime.date | None) -> None:
    path.write_bytes(workbook_bytes(workbook, when))


def column_widths(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
