"""Reading a requirements table (CSV or the first sheet of an XLSX workbook) into rows of
text cells that know their spreadsheet row and column."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its header row and the rows under it, as text."""

    headers: list[str]
    header_row: int
    """1-based row of the header."""
    rows: list[tuple[int, list[str]]]
    """(1-based row number, cells) of every non-empty row below the header."""


class TableUnreadable(Exception):
    """The file is not a table of the format it is imported as."""


def cell_text(value: Any) -> str:
    """A cell's value as the text its author sees: `3.0` → `3`, a date → `2025-03-01`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


HEADER_SEARCH_ROWS = 20
"""How far down a sheet the header row may be (below a title and notes)."""


def table_with_header(records: list[tuple[int, list[str]]], wanted: set[str]) -> Table:
    """The table under its header row: the first row, among the first few, that has every
    header in `wanted` (the headers `--columns` names); else the first non-empty row."""
    filled = [(number, cells) for number, cells in records if any(c.strip() for c in cells)]
    if not filled:
        raise TableUnreadable("the table is empty: it needs a header row and rows under it")
    start = 0
    for index, (_, cells) in enumerate(filled[:HEADER_SEARCH_ROWS]):
        if wanted and wanted <= {c.strip() for c in cells}:
            start = index
            break
    header_row, headers = filled[start]
    width = len(headers)
    rows = [
        (n, (cells + [""] * width)[: max(width, len(cells))]) for n, cells in filled[start + 1 :]
    ]
    return Table(headers=[h.strip() for h in headers], header_row=header_row, rows=rows)


def read_csv(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableUnreadable(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    first_line = text.split("\n", 1)[0]
    # Only the delimiter is guessed (from the header line): csv.Sniffer also guesses quoting
    # and gets it wrong on cells with doubled quotes.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(text.splitlines(keepends=True), csv.excel, delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, [c.strip() for c in cells]))
    except csv.Error as error:
        raise TableUnreadable(f"not CSV: {error}") from None
    return records


def read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise TableUnreadable(f"not an XLSX workbook: {error}") from None
    try:
        sheet = workbook.worksheets[0]
        records = [
            (number, [cell_text(value) for value in row])
            for number, row in enumerate(
                sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1
            )
        ]
    finally:
        workbook.close()
    return records
