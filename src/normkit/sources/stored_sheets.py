"""What was read from each XLSX workbook, kept in the build folder between builds.

A consultation's register is a folder of received comment forms, most of them workbooks,
and reading one parses its XML (with openpyxl, whose import alone costs more than parsing
the demo's Markdown, where `plain_workbooks.py` cannot), and every `check` and `build` read
every form again. What a workbook's sheets
say as text (`tables.read_xlsx_sheets`: its rows and the flaws of its cells) depends only
on the workbook's bytes, the sheet asked for and the code that reads it, so it is stored
under a digest of exactly those (`entry_key`) and loaded instead when the same bytes are
read again: no openpyxl, no XML. Diagnostics are made from the stored flaws as from fresh
ones, with the same locations (the path is the caller's, never stored).

A comment form holds commenters' names, and a name given without consent must appear in no
file of the build folder (`docs/consultation.md`), which is often published whole. An entry
is therefore stored as JSON (no class is ever loaded from it) enciphered with a key stream
drawn from the workbook's own bytes (SHAKE-256 of them, apart from the digest that names
the entry): the entry tells nothing to whoever lacks the workbook, and whoever has the
workbook has the names already.

Why a stored entry can never be wrong:
- its name covers the file's bytes (read once: the bytes hashed are the bytes parsed),
  the sheet's name, normkit's version and the source of the modules that read a table or
  define what is stored (`sources/`, `model/`, `diagnostics.py`), the versions of Python
  and of the installed openpyxl: an edit or another reader gives another name;
- a truncated, damaged or foreign entry is read from the workbook again and replaced,
  never trusted (`cache_entries.py`: a checksum checked before unpickling, this user's
  regular files only, nothing but its name and bytes), and a loaded entry is used only
  when it holds its own name (another workbook's intact entry, copied over it, is not
  used) and deciphers to sheets of the expected shape.

Entries the last read did not use are removed: the folder holds one per workbook read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normkit.cache_entries import PickleEntries
from normkit.current import Current
from normkit.diagnostics import Code
from normkit.sources.stored_parses import parser_fingerprint

if TYPE_CHECKING:
    from normkit.sources.cells import CellFlaw, Sheet

# The sheets' classes are imported where sheets are decoded: a project without workbooks
# (most) reads none.

FOLDER = "sheets"
"""The entries' folder in the build folder's cache (`build/.cache/sheets`)."""

ReadSheets = Callable[[bytes], "tuple[list[Sheet], bytes | None]"]


@cache
def reader_fingerprint() -> bytes:
    """A digest of the code a stored sheet depends on: normkit's reading code (as for a
    stored parse) and the installed openpyxl, found by its distribution's name (which holds
    its version) without importing it."""
    digest = hashlib.sha256(parser_fingerprint())
    spec = find_spec("openpyxl")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations))).parent
        try:
            names = sorted(n for n in os.listdir(folder) if n.startswith("openpyxl-"))
        except OSError:
            names = []
        digest.update("\0".join([str(folder), *names]).encode("utf-8", "surrogateescape"))
    return digest.digest()


def entry_key(data: bytes, sheet_name: str | None) -> str:
    """The entry name for the sheets of a workbook of `data` (the one named `sheet_name`,
    any case, or all of them when it is None)."""
    digest = hashlib.sha256(reader_fingerprint())
    chosen = "\0all" if sheet_name is None else sheet_name.casefold()
    name = chosen.encode("utf-8", "surrogatepass")
    digest.update(len(name).to_bytes(8, "big") + name)
    digest.update(data)
    return digest.hexdigest()


class StoredSheets:
    """Sheets loaded from, and saved to, `cache/sheets` (`cache`: the build folder's
    `.cache`). New reads are kept in memory until saved (`cache_entries.save_entries`)."""

    def __init__(self, cache: Path) -> None:
        self.entries = PickleEntries(cache / FOLDER, _allowed)
        self.loaded = 0
        """Workbooks whose sheets were loaded from an entry, by the reads so far."""
        self.read = 0
        """Workbooks read because no intact entry was there."""

    def sheets(self, data: bytes, sheet_name: str | None, read: ReadSheets) -> list[Sheet]:
        """The sheets of the workbook `data`: stored, else `read(data)` (and stored next:
        as `read` gave them encoded, if it did, else encoded here)."""
        key = entry_key(data, sheet_name)
        found = self.entries.kept(key)
        stored = _sheets(found, key, data)
        if stored is not None:
            self.loaded += 1
            return stored
        self.read += 1
        sheets, text = read(data)  # a TableUnreadable is raised again by the next read
        if text is None:  # (else as a child read ahead sent them: not encoded again)
            text = encode_sheets(sheets)
        self.entries.keep(key, (key, _cipher(data, text)))
        return sheets

    def unstored(self, paths: list[Path], sheet_name: str | None) -> list[Path]:
        """The workbooks of `paths` whose sheets (the one named `sheet_name`) are not stored
        (nor too large to read), by their bytes now."""
        if not paths:
            return []  # a project without registers imports no table reader
        from normkit.sources.tables import MAX_TABLE_BYTES

        found: list[Path] = []
        for path in paths:
            try:
                if path.stat().st_size > MAX_TABLE_BYTES:
                    continue
                data = path.read_bytes()
            except OSError:
                continue  # the read reports it
            if not self.entries.stored(entry_key(data, sheet_name)):
                found.append(path)
        return found


_CURRENT: Current[StoredSheets] = Current("stored_sheets")
current_sheets = _CURRENT.get
"""The store workbooks are read through now (`sheets_kept`), if any."""
sheets_kept = _CURRENT.kept
"""Within: workbooks are read through the store given."""


def _allowed(module: str, name: str) -> bool:
    return False  # an entry is a tuple of a name and bytes: no class at all


def _cipher(data: bytes, text: bytes) -> bytes:
    """`text` enciphered (or deciphered) with the key stream of the workbook `data`."""
    stream = hashlib.shake_256(b"normkit sheets\0" + data).digest(len(text))
    mixed = int.from_bytes(text, "big") ^ int.from_bytes(stream, "big")
    return mixed.to_bytes(len(text), "big")


def encode_sheets(sheets: list[Sheet]) -> bytes:
    """Sheets as JSON text (what an entry holds, enciphered)."""
    return json.dumps(
        [
            {
                "title": sheet.title,
                "rows": sheet.rows,
                "flaws": [
                    [f.row, f.column, f.code.name, f.message, f.hint, f.unreadable]
                    for f in sheet.flaws
                ],
            }
            for sheet in sheets
        ],
        ensure_ascii=False,
    ).encode("utf-8", "surrogatepass")


def _sheets(found: Any, key: str, data: bytes) -> list[Sheet] | None:
    """The sheets of the entry named `key`, if `found` is that entry, whole."""
    if type(found) is not tuple or len(found) != 2 or found[0] != key:
        return None
    if type(found[1]) is not bytes:
        return None
    return decode_sheets(_cipher(data, found[1]))


def decode_sheets(text: bytes) -> list[Sheet] | None:
    """The sheets `encode_sheets` gave `text` for, if `text` is such sheets, whole."""
    from normkit.sources.cells import Sheet

    try:
        decoded = json.loads(text.decode("utf-8", "surrogatepass"))
        return [
            Sheet(
                title=_text(sheet["title"]),
                rows=[(_number(n), _texts(cells)) for n, cells in sheet["rows"]],
                flaws=[_flaw(*flaw) for flaw in sheet["flaws"]],
            )
            for sheet in decoded
        ]
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return None  # not what an entry holds: read again


def _flaw(row: Any, column: Any, code: Any, message: Any, hint: Any, unreadable: Any) -> CellFlaw:
    from normkit.sources.cells import CellFlaw

    if type(unreadable) is not bool:
        raise TypeError("not a flaw")
    return CellFlaw(
        row=_number(row),
        column=_number(column),
        code=Code[_text(code)],
        message=_text(message),
        hint=_text(hint),
        unreadable=unreadable,
    )


def _number(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("not a row or column")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("not text")
    return value


_ONLY_TEXT = {str}


def _texts(cells: Any) -> list[str]:
    """A row's cells, if it is a list of texts: the types are checked in one pass in C (a
    call per cell was two thirds of decoding the demo's seven forms, in the read)."""
    if type(cells) is not list or not _ONLY_TEXT.issuperset(map(type, cells)):
        raise TypeError("not a row of text")
    return cells
