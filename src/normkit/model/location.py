"""Where something came from: a project-relative path, a 1-based line and column."""

from dataclasses import dataclass, field


def column_letters(column: int) -> str:
    """A spreadsheet's name for a 1-based column: 1 → `A`, 27 → `AA`."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Location:
    """A point in a source file."""

    path: str
    """Path relative to the project root, with forward slashes."""
    line: int = 0
    """1-based line; 0 when the problem concerns the whole file."""
    column: int = 0
    """1-based column; 0 when unknown."""
    cell: bool = field(default=False, compare=False)
    """The line is a table's row and the column is shown as spreadsheets name it
    (`reqs.xlsx:14:F`), for import sources that are tables."""

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        column = column_letters(self.column) if self.cell else str(self.column)
        return f"{self.path}:{self.line}:{column}"
