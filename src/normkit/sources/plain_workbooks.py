"""A workbook of text read with the standard library alone, as openpyxl would read it.

Importing openpyxl costs more than reading the demo's seven comment forms with it (~400 M
instructions of the 1,487 M its consultation register's reading took, `sheets_ahead.py`).
A received comment form is usually plain: one workbook part, sheets of text and empty
cells, shared strings without formatting. Such a workbook is read here from its zip's XML
(`[Content_Types].xml`, `xl/workbook.xml` and its relationships, the shared strings, each
sheet), the sheets' rows by `text_sheets.py`, with openpyxl's own steps: the workbook part
its manifest names, the sheets in the workbook's order whose part exists, each sized by its
dimension, the shared strings' plain text.

Anything else (a part or element openpyxl interprets beyond what is read here: defined
names, chart sheets, external links, formatted or phonetic strings, formulas; a document
type declaration; a value that is not text; any failure) gives None, and the workbook is
read by openpyxl as before, with its diagnostics. Every part openpyxl reads is read here
too (its bytes checked against the zip's checksum, its XML parsed), so that a damaged
workbook fails there rather than read here.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from functools import partial
from posixpath import dirname, join, normpath, split
from typing import cast
from xml.etree.ElementTree import Element, XMLPullParser

from normkit.sources.cells import has_formulas
from normkit.sources.text_sheets import (
    CHUNK,
    MAIN,
    NOT_READ,
    NotText,
    Values,
    check_prolog,
    column_index,
    text_rows,
)

_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_RELATIONS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_WORKBOOK_TYPE = _SPREADSHEET + "sheet.main+xml"
_OTHER_WORKBOOK_TYPES = frozenset(
    {
        _SPREADSHEET + "template.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
    }
)
_SHARED_TYPE = _SPREADSHEET + "sharedStrings+xml"
_WORKSHEET_LINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_OTHER_PARTS = ("docProps/core.xml", "docProps/custom.xml", "xl/styles.xml")
"""Parts openpyxl parses when present (what they say does not change a cell's text)."""
_THEME = "xl/theme/theme1.xml"
_UNREAD_IN_WORKBOOK = frozenset(
    f"{MAIN}{name}" for name in ("definedNames", "externalReferences", "pivotCaches")
)
_DIMENSION = re.compile(r"([A-Za-z]{1,3})([0-9]+)(?::([A-Za-z]{1,3})([0-9]+))?")
_DIMENSION_PIECE = 1 << 12
_DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    RuntimeError,
    NotImplementedError,
)
"""What a damaged, encrypted or unusually compressed zip may raise: openpyxl reads it."""


def plain_sheets(
    data: bytes, sheet_name: str | None, max_cells: int
) -> list[tuple[str, list[Values]]] | None:
    """The title and values of each sheet of the workbook `data` that openpyxl's
    `tables.workbook_sheets` reads (the one named `sheet_name`, any case, else the first,
    when it is given), as it reads them, if this module reads the workbook; else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _Workbook(archive).sheets(sheet_name, max_cells)
    except (*NOT_READ, *_DAMAGED):
        return None


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())

    def sheets(self, sheet_name: str | None, max_cells: int) -> list[tuple[str, list[Values]]]:
        workbook_part, shared_part = self._manifest()
        shared = self._shared_strings(shared_part) if shared_part is not None else []
        found = self._worksheets(workbook_part)
        if not found:
            raise NotText("no worksheet")
        for name in _OTHER_PARTS:
            if name in self.names:
                _parsed(self.archive.read(name))
        if _THEME in self.names:
            self.archive.read(_THEME)
        sized = [(title, part, self._dimension(part)) for title, part in found]
        chosen = sized
        if sheet_name is not None:
            named = [s for s in sized if s[0].casefold() == sheet_name.casefold()]
            chosen = named[:1] or sized[:1]
        read: list[tuple[str, list[Values]]] = []
        for title, part, (max_row, max_column) in chosen:
            raw = self.archive.read(part)
            if has_formulas(io.BytesIO(raw)):
                raise NotText("a formula: openpyxl's reading names its flaws")
            rows = text_rows(partial(io.BytesIO, raw), shared, max_row, max_column, max_cells)
            read.append((title, rows))
        return read

    def _manifest(self) -> tuple[str, str | None]:
        """The workbook's part and its shared strings' part, as openpyxl finds them."""
        root = _parsed(self.archive.read("[Content_Types].xml"))
        workbook = shared = None
        for child in root:
            if child.tag == f"{_TYPES}Default":
                if child.get("ContentType") in _OTHER_WORKBOOK_TYPES | {_WORKBOOK_TYPE}:
                    raise NotText("a workbook type as a default")
                continue
            if child.tag != f"{_TYPES}Override":
                raise NotText("an unknown manifest entry")
            kind, name = child.get("ContentType"), child.get("PartName")
            if kind is None or name is None or not name.startswith("/"):
                raise NotText("an override without its type or part")
            if kind in _OTHER_WORKBOOK_TYPES:
                raise NotText("a template or macro workbook: openpyxl prefers it")
            if kind == _WORKBOOK_TYPE and workbook is None:
                workbook = name[1:]
            elif kind == _SHARED_TYPE and shared is None:
                shared = name[1:]
        if workbook is None:
            raise NotText("no workbook part")
        return workbook, shared

    def _shared_strings(self, part: str) -> list[str]:
        """The shared strings' text, as openpyxl's `read_string_table` gives it, if each is
        plain text or runs of plain text."""
        strings: list[str] = []
        for element in _elements(self.archive.read(part)):
            if element.tag != f"{MAIN}si":
                continue
            texts: list[str] = []
            plain = None
            for child in element:
                if child.tag == f"{MAIN}t" and plain is None and len(child) == 0:
                    plain = child.text or ""
                elif child.tag == f"{MAIN}r":
                    texts.append(_run_text(child))
                else:
                    raise NotText("a shared string openpyxl interprets further")
            text = "".join([plain or "", *texts])
            strings.append(text.replace("x005F_", ""))
            element.clear()
        return strings

    def _worksheets(self, workbook_part: str) -> list[tuple[str, str]]:
        """(title, part) of each worksheet openpyxl reads, in the workbook's order."""
        root = _parsed(self.archive.read(workbook_part))
        links = self._links(workbook_part)
        found: list[tuple[str, str]] = []
        for child in root:
            if child.tag in _UNREAD_IN_WORKBOOK and not _filters_only(child):
                raise NotText("a part of the workbook openpyxl interprets further")
            if child.tag != f"{MAIN}sheets":
                continue
            for sheet in child:
                title, link = sheet.get("name"), sheet.get(f"{_OFFICE_RELATIONS}id")
                if sheet.tag != f"{MAIN}sheet" or title is None or not link:
                    raise NotText("a sheet openpyxl warns about or refuses")
                kind, target = links[link]
                if target not in self.names:
                    continue
                if kind != _WORKSHEET_LINK:
                    raise NotText("a chart sheet or another kind of sheet")
                sheet_links = _links_path(target)
                if sheet_links in self.names:
                    _parsed(self.archive.read(sheet_links))
                found.append((title, target))
        return found

    def _links(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: (type, target part) by id, targets as openpyxl makes
        them."""
        root = _parsed(self.archive.read(_links_path(part)))
        parent = split(dirname(_links_path(part)))[0]
        links: dict[str, tuple[str, str]] = {}
        for link in root:
            name, kind, target = link.get("Id"), link.get("Type"), link.get("Target")
            if link.tag != f"{_RELATIONS}Relationship" or None in (name, kind, target):
                raise NotText("a relationship openpyxl may drop")
            assert name is not None and kind is not None and target is not None
            if link.get("TargetMode") == "External":
                raise NotText("an external relationship")
            target = target[1:] if target.startswith("/") else normpath(join(parent, target))
            links[name] = (kind, target)
        return links

    def _dimension(self, part: str) -> tuple[int | None, int | None]:
        """The last row and column of a sheet's dimension, where openpyxl finds it: the
        first `dimension` element to end before `sheetData` ends."""
        parser = _parser()
        with self.archive.open(part) as source:
            # Read in small pieces: the dimension comes first, the rows after it.
            chunk = source.read(_DIMENSION_PIECE)
            check_prolog(chunk)
            while chunk:
                parser.feed(chunk)
                for element in _ended(parser):
                    if element.tag == f"{MAIN}dimension":
                        return _boundaries(element.get("ref"))
                    if element.tag == f"{MAIN}sheetData":
                        return None, None
                chunk = source.read(_DIMENSION_PIECE)
        parser.close()
        return None, None


def _filters_only(names: Element) -> bool:
    """Whether `names` are defined names that only say where a sheet's filter is (as
    openpyxl writes for a form's filtered table): openpyxl reads and keeps them, and they
    change no cell."""
    return names.tag == f"{MAIN}definedNames" and all(
        name.tag == f"{MAIN}definedName"
        and name.get("name") == "_xlnm._FilterDatabase"
        and (name.get("localSheetId") or "0").isascii()
        and (name.get("localSheetId") or "0").isdigit()
        and name.get("hidden", "1") in ("0", "1", "true", "false")
        and set(name.keys()) <= {"name", "localSheetId", "hidden"}
        and len(name) == 0
        for name in names
    )


def _run_text(run: Element) -> str:
    """A run's text, if the run is plain text."""
    text = ""
    for child in run:
        if child.tag != f"{MAIN}t" or len(child) != 0 or text:
            raise NotText("a formatted run")
        text = child.text or ""
    return text


def _boundaries(reference: str | None) -> tuple[int | None, int | None]:
    """The last row and column of a dimension's `ref`, as openpyxl's `range_boundaries`."""
    found = _DIMENSION.fullmatch(reference or "")
    if found is None:
        raise NotText("a dimension openpyxl may read otherwise")
    last_column, last_row = (found[3], found[4]) if found[3] else (found[1], found[2])
    return int(last_row), column_index(last_column)


def _links_path(part: str) -> str:
    folder, name = split(part)
    return join(folder, "_rels", f"{name}.rels")


def _parser() -> XMLPullParser[Element]:
    return XMLPullParser(events=("end",))


def _ended(parser: XMLPullParser[Element]) -> Iterator[Element]:
    """The elements that ended since the last call (only "end" events were asked for)."""
    events = cast(Iterator[tuple[str, Element]], parser.read_events())
    return (element for _, element in events)


def _parsed(data: bytes) -> Element:
    check_prolog(data[:CHUNK])
    parser = _parser()
    parser.feed(data)
    parser.close()
    *_, root = _ended(parser)  # the root ends last
    return root


def _elements(data: bytes) -> Iterator[Element]:
    """Each element of a part as it ends."""
    check_prolog(data[:CHUNK])
    parser = _parser()
    for start in range(0, len(data), CHUNK):
        parser.feed(data[start : start + CHUNK])
        yield from _ended(parser)
    parser.close()
    yield from _ended(parser)
