"""What a table's cells may hold that is not text: a formula that was never calculated, a
control character (typed, or written as an XLSX `_xHHHH_` escape).

A workbook keeps each formula with the value it last computed. A program that writes
workbooks without calculating them (openpyxl, many web exporters) leaves that value out,
and a reader that takes values then sees an empty cell where the author sees a result:
such a cell is a flaw, never an empty cell. Control characters are flaws as in every other
source (`source.control-character`, `source.control-escape`): reported at their cell, left
out of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location, column_letters
from normkit.sources.control import CONTROL, HINT

Rows = list[tuple[int, list[str]]]

_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
"""ECMA-376's escape of a character in cell text (`_x000D_`, `_x001B_`); `_x005F_` is `_`."""

STRING_TYPES = frozenset({"s", "str", "inlineStr"})
"""Cell types whose saved value may be empty text: a formula that computed ""."""

UNCALCULATED_HINT = (
    "open the workbook in a spreadsheet program that calculates (Excel, LibreOffice) and "
    "save it, or type the value in place of the formula"
)


@dataclass(frozen=True, slots=True)
class CellFlaw:
    """One cell whose content is not (all) text."""

    row: int
    column: int
    code: Code
    message: str
    hint: str
    unreadable: bool
    """The cell's value is unknown (not merely cleaned): its row cannot be read."""

    def diagnostic(self, path: str) -> Diagnostic:
        where = Location(path=path, line=self.row, column=self.column, cell=True)
        return diagnostic(self.code, where, self.message, self.hint)


@dataclass(slots=True)
class Sheet:
    """A sheet's rows as text (a CSV file is one sheet without a title), and its flaws."""

    title: str
    rows: Rows
    flaws: list[CellFlaw] = field(default_factory=list)

    def unreadable_rows(self) -> frozenset[int]:
        """Rows with a cell whose value is unknown."""
        return frozenset(f.row for f in self.flaws if f.unreadable)

    def diagnostics(self, path: str) -> list[Diagnostic]:
        return [flaw.diagnostic(path) for flaw in self.flaws]

    def readable_rows(self) -> Rows:
        """The rows without a cell whose value is unknown (those are reported as flaws)."""
        unreadable = self.unreadable_rows()
        return [(n, cells) for n, cells in self.rows if n not in unreadable]


def cell_name(title: str, row: int, column: int) -> str:
    """`Comments!D5`, or `D5` for a CSV file."""
    reference = f"{column_letters(column)}{row}"
    if not title:
        return reference
    quoted = title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"
    return f"{quoted}!{reference}"


def clean_cells(sheet: Sheet, *, ooxml_escapes: bool) -> None:
    """Each cell's control characters left out of its text, the first of each cell a flaw.
    With `ooxml_escapes` (XLSX), `_xHHHH_` escapes are read first, as spreadsheet programs
    write them; one that stands for a control character is a flaw of its own."""
    for number, cells in sheet.rows:
        for index, text in enumerate(cells):
            if ooxml_escapes and "_x" in text:
                text = _unescape(sheet, number, index + 1, text)
            found = CONTROL.search(text)
            if found is not None:
                where = cell_name(sheet.title, number, index + 1)
                sheet.flaws.append(
                    CellFlaw(
                        row=number,
                        column=index + 1,
                        code=Code.SOURCE_CONTROL_CHARACTER,
                        message=f"cell {where} has the control character "
                        f"U+{ord(found.group()):04X}; it is left out",
                        hint=HINT,
                        unreadable=False,
                    )
                )
                text = CONTROL.sub("", text).strip()
            cells[index] = text


def _unescape(sheet: Sheet, row: int, column: int, text: str) -> str:
    reported = False

    def character(match: re.Match[str]) -> str:
        nonlocal reported
        value = chr(int(match[1], 16))
        if CONTROL.fullmatch(value) is None:
            return value
        if not reported:
            reported = True
            where = cell_name(sheet.title, row, column)
            sheet.flaws.append(
                CellFlaw(
                    row=row,
                    column=column,
                    code=Code.SOURCE_CONTROL_ESCAPE,
                    message=f"cell {where} has the escape {match[0]}, which stands for the "
                    f"control character U+{ord(value):04X}; it is left out",
                    hint=HINT,
                    unreadable=False,
                )
            )
        return ""

    return _OOXML_ESCAPE.sub(character, text).strip()


_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
"""A formula element's start tag (`<f>`, `<x:f t="shared"/>`), in a sheet's raw XML."""
_CHUNK = 1 << 20


def has_formulas(source: IO[bytes]) -> bool:
    """Whether a sheet's XML has a formula at all: a byte scan, several times faster than
    parsing it, so that sheets without formulas (most received forms) are parsed once."""
    tail = b""
    while chunk := source.read(_CHUNK):
        if _FORMULA_TAG.search(tail + chunk):
            return True
        tail = chunk[-64:]
    return False


def uncalculated_formulas(source: IO[bytes], title: str) -> Iterator[CellFlaw]:
    """The formula cells of a worksheet's XML with no saved value. A formula that computed
    empty text keeps an empty value of a text type; an empty value of any other type (what
    openpyxl writes) or none at all means the formula was never calculated."""
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
    formula_tag, value_tag = f"{{{SHEET_MAIN_NS}}}f", f"{{{SHEET_MAIN_NS}}}v"
    row = column = 0
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            if element.tag == row_tag:
                written = element.get("r", "")
                row = int(written) if written.isdigit() else row + 1
                column = 0
            continue
        if element.tag != cell_tag:
            if element.tag == row_tag:
                element.clear()
            continue
        row, column = _coordinate(element.get("r", ""), row, column + 1)
        formula = element.find(formula_tag)
        if formula is not None:
            value = element.find(value_tag)
            kind = element.get("t", "n")
            if value is None or (not value.text and kind not in STRING_TYPES):
                yield _uncalculated(title, row, column, formula.text or "")


_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


def _coordinate(reference: str, row: int, following: int) -> tuple[int, int]:
    """A cell's row and column from its reference (`D5`); a cell without one (allowed, and
    written by some tools) is the one after the previous cell of its row."""
    found = _REFERENCE.fullmatch(reference)
    if found is None:
        return row, following
    column = 0
    for letter in found[1].upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(found[2]), column


def _uncalculated(title: str, row: int, column: int, formula: str) -> CellFlaw:
    where = cell_name(title, row, column)
    shown = f"the formula ={formula}" if formula else "a shared formula"
    return CellFlaw(
        row=row,
        column=column,
        code=Code.SOURCE_FORMULA_UNCALCULATED,
        message=f"cell {where} holds {shown} but no value: the workbook was saved without "
        "calculating it, so what the cell shows is unknown and its row is not read",
        hint=UNCALCULATED_HINT,
        unreadable=True,
    )
