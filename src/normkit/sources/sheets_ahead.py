"""Workbooks read on another core while the read parses the chapters.

A cold read of a project with a consultation register reads every received workbook
(`tables.read_xlsx_sheets`: with the standard library where `plain_workbooks.py` can, else
with openpyxl): importing openpyxl and reading the demo's seven comment forms with it cost a
sixth of its cold `check`, in the main process, while the other core
had little to do (the parse worker's share of the demo's chapters). So before the read
starts, the workbooks whose sheets are not stored (`stored_sheets.py`) are read by one
forked child, with the same function on the same bytes, which writes what each gives (the
sheets as a stored entry holds them, as JSON) to an anonymous file. When the read reaches
its first workbook it waits for the child to end (it has, usually, long before) and takes a
workbook's sheets from it when the child read the same bytes for the same sheet name; the
store (`stored_sheets.py`) keeps what the child sent as the workbook's entry, not encoded
again.

Whatever the child could not give (a workbook it found unreadable, bytes changed since, a
child that failed or died) the read reads itself, as before: the sheets, flaws and
diagnostics are those of a read without the child. Only where it is safe to fork
(`forking.fork_is_safe`) and with more than one core.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from normkit.current import Current
from normkit.forking import RecordsChild, record, write_all
from normkit.sources.stored_sheets import decode_sheets, encode_sheets

if TYPE_CHECKING:
    from normkit.sources.cells import Sheet


class SheetsAhead(RecordsChild):
    """The child reading workbooks ahead of the read, if one was started (`start`)."""

    def __init__(self) -> None:
        super().__init__()
        self.read: dict[bytes, bytes] = {}
        """What the child sent, by `_key`."""

    def start(self, paths: Iterable[Path], sheet_name: str | None) -> None:
        """Fork the child reading `paths` (the sheet named `sheet_name` of each), if any."""
        paths = list(paths)
        if paths:
            self.fork("normkit-sheets", lambda buffer: _read_all(paths, sheet_name, buffer))

    def taken(self, data: bytes, sheet_name: str | None) -> tuple[list[Sheet], bytes] | None:
        """The sheets the child read from the workbook `data`, if it did, and what it sent
        for them: the sheets as a stored entry holds them (`stored_sheets.encode_sheets`),
        which the store keeps as they are (waiting for the child to end, the first time)."""
        if self.child is not None:
            self.read = dict(self.reap(wanted=True))
        text = self.read.get(_key(data, sheet_name))
        sheets = decode_sheets(text) if text is not None else None
        return None if sheets is None or text is None else (sheets, text)

    def stop(self) -> None:
        """End the child, if it still runs (the read is over: what it reads is not
        wanted)."""
        self.reap(wanted=False)


_CURRENT: Current[SheetsAhead] = Current("sheets_ahead")
current_sheets_ahead = _CURRENT.get
"""The workbooks being read ahead now (`sheets_read_ahead`), if any."""
sheets_read_ahead = _CURRENT.kept
"""Within: workbooks are taken from the child given where it read them."""


def _key(data: bytes, sheet_name: str | None) -> bytes:
    chosen = "\0all" if sheet_name is None else sheet_name.casefold()
    return hashlib.sha256(chosen.encode("utf-8", "surrogatepass") + b"\0" + data).digest()


def _read_all(paths: list[Path], sheet_name: str | None, buffer: int) -> None:
    """In the child: each workbook read as the read would read it, and written."""
    from normkit.signals import signal
    from normkit.sources.tables import TableUnreadable, workbook_bytes, workbook_sheets

    gc.disable()  # short-lived: a collection would walk (and copy) the inherited heap
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the read waits for it
    for path in paths:
        try:
            data = workbook_bytes(path)
            sheets = workbook_sheets(data, sheet_name)
        except TableUnreadable:
            continue  # the read reads it, and reports it
        key = _key(data, sheet_name)
        encoded = encode_sheets(sheets)
        write_all(buffer, record(key, encoded))
