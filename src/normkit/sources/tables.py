"""Reading a table (CSV, or a sheet of an XLSX workbook) into rows of text cells that know
their spreadsheet row and column: requirements tables for `normkit import`, filled comment
forms for a consultation register.

Cells are read as values: a formula's last computed value, never the formula, so nothing a
workbook holds is ever evaluated; a formula with no computed value is a flaw of its cell
(`cells.py`), as is a control character. Files larger than `MAX_TABLE_BYTES` are not read, so a
hostile workbook (a compressed "zip bomb") cannot exhaust memory.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normkit.sources.cells import Sheet, clean_cells, has_formulas, uncalculated_formulas


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


MAX_TABLE_BYTES = 20_000_000
"""The largest table read: far beyond a real form or requirements table."""
MAX_TABLE_CELLS = 2_000_000
"""The most cells read from one sheet (an XLSX file is compressed: its size says little)."""

HEADER_SEARCH_ROWS = 20
"""How far down a sheet the header row may be (below a title and notes)."""


def table_with_header(records: list[tuple[int, list[str]]], wanted: set[str]) -> Table:
    """The table under its header row: the first row, among the first few, that has every
    header in `wanted` (the headers `--columns` names); else the first non-empty row."""
    # A row is filled if a cell holds more than blanks: its cells joined, stripped, in C.
    filled = [(number, cells) for number, cells in records if "".join(cells).strip()]
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


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise TableUnreadable(
            f"the file is {size:,} bytes; tables over {MAX_TABLE_BYTES:,} bytes are not read"
        )


def read_csv(path: Path) -> list[tuple[int, list[str]]]:
    _check_size(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableUnreadable(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    first_line = text.split("\n", 1)[0]
    # Only the delimiter is guessed (from the header line): csv.Sniffer also guesses quoting
    # and gets it wrong on cells with doubled quotes.
    delimiter = max(",;\t", key=first_line.count)
    # Records end at CR, LF or CRLF only (`newline=""`): `str.splitlines` would also end
    # them at a vertical tab, a form feed or U+2028 inside a cell.
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, [c.strip() for c in cells]))
    except csv.Error as error:
        raise TableUnreadable(f"not CSV: {error}") from None
    return records


def read_csv_sheet(path: Path) -> Sheet:
    """A CSV file as one sheet, its control characters flaws of their cells."""
    sheet = Sheet(title="", rows=read_csv(path))
    clean_cells(sheet, ooxml_escapes=False)
    return sheet


def read_xlsx_sheets(path: Path, sheet_name: str | None = None) -> list[Sheet]:
    """The sheets of a workbook (only the one named `sheet_name`, any case, else the first,
    when it is given), as text, with the cells that are not text as flaws: formulas never
    calculated, control characters. Within `sheets_kept`, what was read from the same bytes
    before is loaded instead (`stored_sheets.py`); within `sheets_read_ahead`, what a child
    read from the same bytes is taken (`sheets_ahead.py`)."""
    from normkit.sources.sheets_ahead import current_sheets_ahead
    from normkit.sources.stored_sheets import current_sheets

    data = workbook_bytes(path)
    ahead = current_sheets_ahead()

    def read(data: bytes) -> tuple[list[Sheet], bytes | None]:
        """The sheets, and their encoding for the store where a child sent them so."""
        taken = ahead.taken(data, sheet_name) if ahead is not None else None
        return taken if taken is not None else (workbook_sheets(data, sheet_name), None)

    stored = current_sheets()
    if stored is None:
        return read(data)[0]
    return stored.sheets(data, sheet_name, read)


def workbook_bytes(path: Path) -> bytes:
    """The bytes of the workbook at `path`, if it is not too large to read."""
    _check_size(path)
    try:  # read once: what is stored is keyed by the bytes read here
        return path.read_bytes()
    except OSError as error:
        raise TableUnreadable(f"not an XLSX workbook: {error}") from None


def workbook_sheets(data: bytes, sheet_name: str | None) -> list[Sheet]:
    """The sheets of the workbook `data`, read (`read_xlsx_sheets`): by the standard library
    where `plain_workbooks.py` reads it as openpyxl would, else by openpyxl."""
    from xml.etree.ElementTree import ParseError
    from zipfile import BadZipFile

    from normkit.sources.plain_workbooks import plain_sheets
    from normkit.workbook_library import import_openpyxl

    plain = plain_sheets(data, sheet_name, MAX_TABLE_CELLS)
    if plain is not None:
        read: list[Sheet] = []
        for title, values in plain:
            sheet = Sheet(title=title, rows=_records(values))
            clean_cells(sheet, ooxml_escapes=True)  # (no formula: it read none)
            read.append(sheet)
        return read

    import_openpyxl()
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
        raise TableUnreadable(f"not an XLSX workbook: {error}") from None
    try:
        chosen = workbook.worksheets
        if sheet_name is not None:
            named = [s for s in chosen if s.title.casefold() == sheet_name.casefold()]
            chosen = named[:1] or chosen[:1]
        sheets: list[Sheet] = []
        for worksheet in chosen:
            sheet = Sheet(title=worksheet.title, rows=_records(_values(worksheet)))
            # The values above lose whether an empty cell is a formula never calculated:
            # the sheet's XML says it. openpyxl gives no public access to a read-only
            # sheet's part, hence its two private names (tests fail loudly if they go).
            part = worksheet._worksheet_path  # type: ignore[attr-defined]
            archive = workbook._archive  # type: ignore[attr-defined]
            with archive.open(part) as source:
                formulas = has_formulas(source)
            if formulas:
                with archive.open(part) as source:
                    sheet.flaws.extend(uncalculated_formulas(source, worksheet.title))
            clean_cells(sheet, ooxml_escapes=True)
            sheets.append(sheet)
    except (BadZipFile, KeyError, ValueError, OSError, ParseError) as error:
        raise TableUnreadable(f"not an XLSX workbook: {error}") from None
    finally:
        workbook.close()
    return sheets


def _records(values: Iterable[Sequence[object]]) -> list[tuple[int, list[str]]]:
    """A sheet's rows of values as numbered rows of text, if there are not too many cells."""
    records: list[tuple[int, list[str]]] = []
    cells = 0
    for number, row in enumerate(values, start=1):
        cells += len(row)
        if cells > MAX_TABLE_CELLS:
            raise TableUnreadable(f"the sheet has more than {MAX_TABLE_CELLS:,} cells")
        records.append((number, [cell_text(value) for value in row]))
    return records


def _values(worksheet: Any) -> Iterator[Sequence[object]]:
    """The values of a read-only sheet, row by row (`text_sheets.sheet_values`). openpyxl
    fails on some damaged cells with errors of its own making: a shared string the table
    lacks (IndexError), a rich text run whose property has a value of the wrong type
    (TypeError); the workbook is unreadable, as with any other damage."""
    from normkit.sources.text_sheets import sheet_values

    try:
        yield from sheet_values(worksheet, MAX_TABLE_CELLS)
    except (IndexError, TypeError) as error:
        raise TableUnreadable(
            f"not an XLSX workbook: a cell of sheet '{worksheet.title}' does not read ({error})"
        ) from None


def read_sheet(path: Path, sheet_name: str = "") -> Sheet:
    """A CSV file, or the sheet named `sheet_name` (any case, else the first) of an XLSX
    workbook, by the file's suffix."""
    if path.suffix.casefold() == ".xlsx":
        return read_xlsx_sheets(path, sheet_name)[0]
    return read_csv_sheet(path)
