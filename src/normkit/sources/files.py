"""Finding and reading source files, with UTF-8 problems as diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A decoded source file."""

    path: str
    """Project-relative path with forward slashes."""
    text: str
    """Content, with line endings normalised to `\\n`."""


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def read_source(root: Path, path: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read one file as UTF-8; undecodable or unreadable files become diagnostics."""
    rel = relative(root, path)
    data = path.read_bytes()  # an unreadable file is an environment problem, not content
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            diagnostic(
                Code.SOURCE_NOT_UTF8,
                Location(path=rel, line=line, column=column),
                f"file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
                "save the file as UTF-8",
            )
        ]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(path=rel, text=text), []


def markdown_files(folder: Path) -> list[Path]:
    """Markdown chapters of a folder, in file-name order."""
    return sorted(p for p in folder.glob("*.md") if p.is_file())


def subfolders(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
