"""Finding and reading source files, with UTF-8 problems as diagnostics.

Entries that `sources/tree.py` reports (links out of the project, names that are not UTF-8)
are skipped here without a second diagnostic: nothing outside the project is read.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location
from normkit.sources.tree import leads_outside, shown_name, usable_name


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A decoded source file."""

    path: str
    """Project-relative path with forward slashes."""
    text: str
    """Content, with line endings normalised to `\\n`."""


@dataclass(slots=True)
class ReadDigest:
    """A digest of every file read while it was active (`digest_of_reads`): what a draft was
    made of, so that `normkit serve` can tell a version whose files did not change."""

    hashed: hashlib.blake2b = field(default_factory=hashlib.blake2b)

    def add(self, path: str, data: bytes) -> None:
        self.hashed.update(f"{len(path)}:{path}:{len(data)}:".encode("utf-8", "surrogateescape"))
        self.hashed.update(data)

    @property
    def value(self) -> str:
        return self.hashed.hexdigest()


_READS: ContextVar[ReadDigest | None] = ContextVar("normkit_reads", default=None)


@contextmanager
def digest_of_reads() -> Iterator[ReadDigest]:
    """Within: every file `read_source` reads goes into the digest (a file that is added or
    removed changes what is read, so it changes the digest too)."""
    digest = ReadDigest()
    token = _READS.set(digest)
    try:
        yield digest
    finally:
        _READS.reset(token)


def relative(root: Path, path: Path) -> str:
    """Project-relative path as text; bytes of a name that are not UTF-8 shown as `\\xNN`."""
    return shown_name(path.relative_to(root).as_posix())


_Read = tuple[str, bytes, "SourceFile | None", list[Diagnostic]]
"""A file as `read_source` read it: its project-relative path, bytes, text and problems."""
_AHEAD: ContextVar[dict[Path, _Read] | None] = ContextVar("normkit_read_ahead", default=None)


@contextmanager
def reads_ahead(kept: dict[Path, _Read] | None = None) -> Iterator[None]:
    """Within: a file read ahead (`read_ahead`) is not read again the first time
    `read_source` is asked for it (the chapters parsed on other cores before the read).
    The files are kept in `kept` where given: another `reads_ahead(kept)` takes them."""
    token = _AHEAD.set(kept if kept is not None else {})
    try:
        yield
    finally:
        _AHEAD.reset(token)


def read_ahead(root: Path, path: Path) -> SourceFile | None:
    """`path` read as `read_source` reads it, and kept for it within `reads_ahead`."""
    if leads_outside(root, path):
        return None
    read = _read(root, path)
    ahead = _AHEAD.get()
    if ahead is not None:
        ahead[path] = read
    return read[2]


def read_source(root: Path, path: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read one file as UTF-8; undecodable files become diagnostics; a link out of the project
    is not followed (`scan_project` reports it). A file whose name is not UTF-8 is read (its
    name is an error, reported by the scan, but its criteria still count for other checks)."""
    ahead = _AHEAD.get()
    read = ahead.pop(path, None) if ahead else None  # `read_ahead` checked where it leads
    if read is None:
        if leads_outside(root, path):
            return None, []
        read = _read(root, path)
    rel, data, source, problems = read
    reads = _READS.get()
    if reads is not None:
        reads.add(rel, data)
    return source, problems


def _read(root: Path, path: Path) -> _Read:
    rel = relative(root, path)
    data = path.read_bytes()  # an unreadable file is an environment problem, not content
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return (
            rel,
            data,
            None,
            [
                diagnostic(
                    Code.SOURCE_NOT_UTF8,
                    Location(path=rel, line=line, column=column),
                    f"file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
                    "save the file as UTF-8",
                )
            ],
        )
    text = text.removeprefix("\ufeff")
    if b"\r" in data:  # (a search of the bytes: a fraction of one of the text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = _control_characters(rel, text) if _may_hold_control(data) else []
    # Only a text that has one is scanned again (and copied) to take them out.
    source = SourceFile(path=rel, text=_CONTROL.sub("", text) if problems else text)
    return rel, data, source, problems


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
"""Control characters other than tab, line breaks and NEL (a line break in YAML): NUL, an
escape sequence or a vertical tab pasted from a word processor are not text."""
_ASCII_CONTROL = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
"""The characters of `_CONTROL` below U+0080, as UTF-8 bytes (each its own byte, which no
other character's UTF-8 contains)."""


def _may_hold_control(data: bytes) -> bool:
    """Whether the UTF-8 `data` may hold a character of `_CONTROL` (else it is not searched:
    a sixth of the cost, on a chapter without). The others, U+0080 to U+009F, are a 0xC2 byte
    and one more in UTF-8: a file with a 0xC2 byte (also § or ©) is searched as before."""
    return len(data.translate(None, _ASCII_CONTROL)) != len(data) or b"\xc2" in data


def _control_characters(path: str, text: str) -> list[Diagnostic]:
    """One error at the first control character of a file. They are removed from the text
    read on, so that the rest of the file is checked as it would be without them."""
    found = _CONTROL.search(text)
    if found is None:
        return []
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    more = len(_CONTROL.findall(text)) - 1
    return [
        diagnostic(
            Code.SOURCE_CONTROL_CHARACTER,
            Location(path=path, line=line, column=column),
            f"control character U+{ord(found.group()):04X} in the text"
            + (f" (and {more} more)" if more else ""),
            "remove it: sources hold text, tabs and line breaks, no other control characters",
        )
    ]


def markdown_files(folder: Path) -> list[Path]:
    """Markdown chapters of a folder, in file-name order: what `folder.glob("*.md")` lists
    that is a file (nothing where the folder is missing or cannot be listed). Listed and
    matched here: `glob` translates its pattern through `fnmatch` into a regular expression
    in every run, before the chapters can start parsing (`head_start.py`)."""
    if not folder.is_dir():
        return []
    try:
        names = os.listdir(folder)
    except PermissionError:
        return []
    chapters = (folder / name for name in names if _is_markdown_name(name))
    return sorted(path for path in chapters if path.is_file())


def _is_markdown_name(name: str) -> bool:
    """Whether `glob("*.md")` matches `name`: case-sensitively, but on Windows."""
    return (name.lower() if os.name == "nt" else name).endswith(".md")


def subfolders(root: Path, folder: Path) -> list[Path]:
    """Sub-folders of a project folder, in name order; hidden and `_`-prefixed ones left out,
    and those the scan reports (a folder name becomes a standard's or version's name, which
    must be text)."""
    if not folder.is_dir() or leads_outside(root, folder):
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_dir()
        and not p.name.startswith((".", "_"))
        and usable_name(p.name) is not None
        and not leads_outside(root, p)
    )
