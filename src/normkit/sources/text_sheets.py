"""A worksheet's rows of values, read as openpyxl reads them, without its per-cell work when
every cell holds text.

Reading a sheet's values with openpyxl (`iter_rows(values_only=True)` of a read-only
workbook) costs a Python dictionary, a coordinate parse and an element tree per cell: on
the demo's seven comment forms (29,029 cells) that was most of a cold `check`'s reading of
the register. A received comment form is usually nothing but text, shared or inline
strings, and empty cells, so such a sheet is read here by the same parser (ElementTree on
expat, here its C builder) with the same steps as openpyxl's `WorkSheetParser` and
`ReadOnlyWorksheet._cells_by_row`, kept in one loop: its sheet size (`max_row`,
`max_column`, from the sheet's dimension), its shared strings table, its row and column
counting for rows and cells without a reference, its padding and its cut at the dimension.

Anything else in a cell (a number, a date, a boolean, an error, a rich or phonetic inline
string), anything unusual in the sheet's structure (a child of a row that is not a cell, a
document type declaration, a cell reference openpyxl might read otherwise) or any
failure of this reading, leaves the sheet to openpyxl, which reads it exactly as before:
the values are the same either way, the slower reading only does more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW = f"{MAIN}row"
_CELL = f"{MAIN}c"
_VALUE = f"{MAIN}v"
_INLINE = f"{MAIN}is"
_TEXT = f"{MAIN}t"
_DIGITS = "0123456789"
CHUNK = 1 << 16

_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml\s[^>]*\?>)?\s*<[A-Za-z_\x80-\xff]")
"""A part that starts with its root element, after at most a byte order mark and an XML
declaration: no document type declaration (openpyxl refuses its entities) and no other
encoding than one expat reads from ASCII-compatible bytes."""
_ENCODING = re.compile(rb"\sencoding\s*=\s*[\"'](?![Uu][Tt][Ff]-?8[\"'])")

Values = Sequence[str | None]


class NotText(Exception):
    """The sheet is not one this module reads: openpyxl reads it."""


class _Stop(Exception):
    """A row below the sheet's dimension: openpyxl stops reading there too."""


def sheet_values(worksheet: Any, max_cells: int) -> Iterable[Sequence[object]]:
    """The values of a read-only openpyxl `worksheet`, row by row from A1, exactly as its
    `iter_rows(min_row=1, min_col=1, values_only=True)` gives them: read here when every
    cell is text or empty and the rows hold at most `max_cells` cells, else by openpyxl."""
    # openpyxl has no public name for a read-only sheet's part and shared strings
    # (`tables.py` reads the part already; tests fail loudly if these go).
    archive, part = worksheet.parent._archive, worksheet._worksheet_path
    try:
        return text_rows(
            lambda: archive.open(part),
            worksheet._shared_strings,
            worksheet.max_row,
            worksheet.max_column,
            max_cells,
        )
    except NOT_READ:
        rows: Iterable[Sequence[object]] = worksheet.iter_rows(
            min_row=1, min_col=1, values_only=True
        )
        return rows


def text_rows(
    open_part: Callable[[], IO[bytes]],
    shared: Sequence[str],
    max_row: int | None,
    max_column: int | None,
    max_cells: int,
) -> list[Values]:
    """The values of the sheet whose XML `open_part` opens, row by row from A1, as openpyxl
    gives them from the workbook's `shared` strings and the sheet's dimension (`max_row`,
    `max_column`: None without one), if every cell is text or empty and the rows hold at
    most `max_cells` cells; else one of `NOT_READ` is raised."""
    return _TextSheet(open_part, shared, max_row, max_column, max_cells).rows()


NOT_READ = (NotText, ParseError, ValueError, TypeError, IndexError, KeyError, OSError)
"""What reading a sheet here may raise: the sheet is openpyxl's to read."""


def check_prolog(start: bytes) -> None:
    """Raise `NotText` unless the part whose first bytes are `start` is plain UTF-8 XML that
    starts with its root element (`_PROLOG`)."""
    found = _PROLOG.match(start)
    if found is None or _ENCODING.search(start, 0, found.end()):
        raise NotText("not a plain UTF-8 part")


class _TextSheet:
    """A sheet's values read as openpyxl reads them (its other parts, which only openpyxl
    reads, say nothing about values), from the sheet's part (`open_part`), the workbook's
    shared strings and the sheet's dimension (`max_row`, `max_column`: None without one)."""

    def __init__(
        self,
        open_part: Callable[[], IO[bytes]],
        shared: Sequence[str],
        max_row: int | None,
        max_column: int | None,
        max_cells: int,
    ) -> None:
        self.open_part = open_part
        self.shared = shared
        if not max_row or not max_column:
            raise NotText("no dimension: openpyxl sizes each row by its cells")
        self.max_row: int = max_row
        self.width: int = max_column
        self.most_rows = max_cells // max_column + 1
        self.empty: Values = (None,) * max_column
        self.values: list[Values] = []
        self.counter = 1
        """The next row openpyxl would give (its `counter`)."""
        self.index = 1
        """The last row read (openpyxl's `idx`)."""
        self.row_number = 0

    def rows(self) -> list[Values]:
        parser: XMLPullParser[Element] = XMLPullParser(events=("end",))
        with self.open_part() as source:
            chunk = source.read(CHUNK)
            check_prolog(chunk)
            try:
                while chunk:
                    parser.feed(chunk)
                    self._read(parser)
                    chunk = source.read(CHUNK)
                parser.close()
                self._read(parser)
            except _Stop:
                pass
        if self.max_row < self.index:
            for _ in range(self.counter, self.max_row + 1):
                self._append(self.empty)
        return self.values

    def _read(self, parser: XMLPullParser[Element]) -> None:
        # Only "end" events were asked for: each is ("end", an element).
        events = cast(Iterator[tuple[str, Element]], parser.read_events())
        for _, element in events:
            if element.tag == _ROW:
                self._row(element)
                element.clear()

    def _row(self, element: Element) -> None:
        written = element.get("r")
        index = int(written) if written is not None else self.row_number + 1
        self.row_number = index
        cells = _cells(element, self.shared)
        self.index = index
        if index > self.max_row:
            raise _Stop
        while self.counter < index:
            self.counter += 1
            self._append(self.empty)
        if self.counter <= index:
            row: list[str | None] = [None] * self.width
            for column, value in cells:
                if 1 <= column <= self.width:
                    row[column - 1] = value
            self.counter += 1
            self._append(tuple(row))

    def _append(self, row: Values) -> None:
        if len(self.values) >= self.most_rows:
            raise NotText("more cells than are read: openpyxl reads up to the limit")
        self.values.append(row)


def _cells(row: Element, shared: Sequence[str]) -> list[tuple[int, str | None]]:
    """(column, value) of each cell of a row, as openpyxl's `parse_cell` gives them with
    `data_only`, if each is text or nothing."""
    cells: list[tuple[int, str | None]] = []
    column = 0
    for cell in row:
        if cell.tag != _CELL:
            raise NotText("a row holds something other than cells")
        reference = cell.get("r")
        column = _column(reference) if reference else column + 1
        kind = cell.get("t", "n")
        value: str | None
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            value = None if inline is None else _inline_text(inline)
        else:
            written = cell.findtext(_VALUE, None) or None
            if written is None:
                value = None
            elif kind == "s":
                value = shared[int(written)]
            elif kind == "str":
                value = written
            else:
                raise NotText(f"a cell of type {kind!r}")
        cells.append((column, value))
    return cells


def _inline_text(inline: Element) -> str:
    """An inline string's text, as openpyxl's `Text.content`, if it is one plain text."""
    if len(inline) == 0:
        return ""
    if len(inline) > 1:
        raise NotText("an inline string of more than one text")
    (text,) = inline
    if text.tag != _TEXT or len(text) != 0:
        raise NotText("a rich or phonetic inline string")
    return text.text or ""


_COLUMNS: dict[str, int] = {}
"""Column numbers of the column letters met so far."""


def _column(reference: str) -> int:
    """A cell reference's column (`D5` → 4), where openpyxl's `coordinate_to_tuple` reads it
    the same: letters, then ASCII digits."""
    letters = reference.rstrip(_DIGITS)
    if len(letters) == len(reference):
        raise NotText("a reference without a row")
    column = _COLUMNS.get(letters)
    if column is None:
        if any(c in _DIGITS for c in letters):
            raise NotText("a reference of digits between letters")
        column = _COLUMNS[letters] = column_index(letters)
    return column


_LETTERS = re.compile(r"[A-Z]{1,3}")


def column_index(letters: str) -> int:
    """A column's number from its letters (`D` → 4), as openpyxl's
    `column_index_from_string` reads them: one to three ASCII letters, any case (others
    raise ValueError here, and openpyxl reads the sheet)."""
    if not letters.isascii() or _LETTERS.fullmatch(letters.upper()) is None:
        raise ValueError(f"not the letters of a column: {letters!r}")
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return column
