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
from collections.abc import Callable, Hashable
from copy import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: the CSV helpers need no openpyxl (nor numpy)
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.styles.cell_style import StyleArray

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


class _FixedTimes(zipfile.ZipFile):
    """A ZIP archive whose entries carry `FIXED_TIME` and plain file permissions, whatever
    the writer asks for: openpyxl stamps each entry with the time it writes it."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        info = zipfile.ZipInfo(str(name), date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        super().writestr(info, data)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """A file on disk (openpyxl's worksheets), as `writestr` of its bytes."""
        self.writestr(str(arcname or filename), Path(filename).read_bytes())


def workbook_bytes(workbook: Workbook, when: datetime.date | None) -> bytes:
    """The workbook as XLSX bytes that depend on its content only (`when` is the date
    written as its creation and modification time)."""
    from openpyxl.writer.excel import ExcelWriter

    moment = datetime.datetime.combine(when or datetime.date(2000, 1, 1), datetime.time())
    workbook.properties.created = moment
    workbook.properties.modified = moment
    fixed = io.BytesIO()
    with _FixedTimes(fixed, "w", zipfile.ZIP_DEFLATED) as archive:  # compressed once
        ExcelWriter(workbook, archive).save()
    return fixed.getvalue()


class SharedStyles:
    """Styles given to many cells, worked out once per kind of cell.

    Setting a style on an openpyxl cell compares it with every style the workbook holds
    (most of a large checklist's writing time); cells that start alike and get the same
    styles end alike, so the first cell of a kind is styled the slow way and the others
    take a copy of its style indices, exactly what the slow way would have given them.
    """

    def __init__(self) -> None:
        self.known: dict[tuple[object, ...], StyleArray] = {}

    def apply(self, cell: Cell | MergedCell, kind: Hashable, style: Callable[[Any], None]) -> None:
        """`style(cell)`; `kind` names what `style` does (the same kind, the same styles)."""
        styled: Any = cell  # `_style`: openpyxl's array of style indices, untyped
        before = (kind, *(styled._style or ()))
        known = self.known.get(before)
        if known is not None:
            styled._style = copy(known)
            return
        style(cell)
        self.known[before] = copy(styled._style)


def save_workbook(workbook: Workbook, path: Path, when: datetime.date | None) -> None:
    path.write_bytes(workbook_bytes(workbook, when))


def column_widths(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
