"""The project's file tree, walked before anything is read.

A symbolic link that leads outside the project (a file or a folder) or nowhere, and a file
name that is not UTF-8 or has a control character, are errors located at that entry. The
readers in `sources/files.py` skip the same entries, so nothing outside the project is ever
read and a bad name never reaches an output.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.environment import EnvironmentFailure
from normkit.model.location import Location

SCANNED = (
    "standards",
    "guidance",
    "glossary",
    "translations",
    "consultations",
    "crosswalks",
    "themes",
    "mkdocs.yml",
)
"""What normkit and MkDocs read in a project: the sources, translation catalogs, consultation
registers, crosswalks, theme files and configuration."""


def utf8_name(name: str) -> str | None:
    """A file name as UTF-8 text, or None when its bytes are not UTF-8.

    File names are bytes; Python decodes them with the locale's encoding unless UTF-8 mode
    is on. A UTF-8 name decoded as something else would reach the outputs garbled.
    """
    raw = os.fsencode(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text != name:
        raise EnvironmentFailure(
            f"file names are decoded as {sys.getfilesystemencoding()}, not UTF-8: "
            f"{raw.decode('utf-8')!r} would be read as {name.encode('utf-8', 'replace')!r}",
            "run with a UTF-8 locale (LC_ALL=C.UTF-8) or Python's UTF-8 mode (PYTHONUTF8=1)",
        )
    return text


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""Control characters: legal in a file name, but a line break or an escape sequence in a
name would break the one-line diagnostics and reach the outputs."""


def usable_name(name: str) -> str | None:
    """A file name as UTF-8 text without control characters, or None."""
    text = utf8_name(name)
    return None if text is None or _CONTROL.search(text) else text


def shown_name(name: str) -> str:
    """A name, printable on one line: bytes that are not UTF-8 and control characters as
    `\\xNN`."""
    text = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def leads_outside(root: Path, path: Path) -> bool:
    """Whether `path`, followed through every link, ends outside `root`."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop: nothing can be read through it either
        return False


def scan_project(root: Path, extra: Iterable[str] = ()) -> list[Diagnostic]:
    """Every link out of the project and every non-UTF-8 name under `SCANNED` (and `extra`,
    project-relative folders such as MkDocs' `docs_dir`)."""
    base = root.resolve()
    found: list[Diagnostic] = []
    seen: set[Path] = set()
    for name in dict.fromkeys((*SCANNED, *extra)):
        path = root / name
        if path.is_symlink() or path.exists():
            _visit(base, path, name, seen, found)
    return found


def _visit(base: Path, path: Path, shown: str, seen: set[Path], found: list[Diagnostic]) -> None:
    if path.is_symlink() and leads_outside(base, path):
        found.append(
            diagnostic(
                Code.SOURCE_OUTSIDE_PROJECT,
                Location(path=shown, line=1, column=1),
                f"symbolic link leads outside the project (to {os.readlink(path)})",
                "copy what it links to into the project, or remove the link",
            )
        )
        return
    if path.is_symlink() and not path.exists():
        found.append(
            diagnostic(
                Code.SOURCE_LINK_BROKEN,
                Location(path=shown, line=1, column=1),
                f"symbolic link leads nowhere (to {os.readlink(path)})",
                "point it at a file of the project, or remove it",
            )
        )
        return
    if not path.is_dir():
        return
    real = path.resolve()
    if real in seen:  # a folder reached twice through links
        return
    seen.add(real)
    for child in sorted(path.iterdir()):
        if usable_name(child.name) is None:
            found.append(
                diagnostic(
                    Code.SOURCE_NAME_NOT_UTF8,
                    Location(path=f"{shown}/{shown_name(child.name)}", line=1, column=1),
                    "file name is not valid UTF-8"
                    if utf8_name(child.name) is None
                    else "file name has a control character",
                    "rename it with UTF-8 characters",
                )
            )
            continue
        _visit(base, child, f"{shown}/{child.name}", seen, found)
