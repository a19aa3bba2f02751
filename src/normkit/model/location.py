"""Where something came from: a project-relative path, a 1-based line and column."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Location:
    """A point in a source file."""

    path: str
    """Path relative to the project root, with forward slashes."""
    line: int = 0
    """1-based line; 0 when the problem concerns the whole file."""
    column: int = 0
    """1-based column; 0 when unknown."""

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"
