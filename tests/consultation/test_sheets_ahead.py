"""Workbooks read ahead by a forked child (`sources/sheets_ahead.py`): a cold check takes
what the child read and gives the model and diagnostics of a check that reads every
workbook itself; a child that fails, or a workbook changed after the child read it, leaves
the workbook to the read; a warm check forks no child."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

import normkit.forking
from normkit.metadata.comment_form import SHEET_NAME
from normkit.pipeline import CheckResult, check_project
from normkit.sources import sheets_ahead, stored_sheets, tables
from normkit.sources.sheets_ahead import SheetsAhead, sheets_read_ahead
from normkit.sources.tables import read_xlsx_sheets, workbook_sheets
from tests.spine.miniprojects import PROJECTS, materialise

ROUND = "consultations/demo/v2"
WORKBOOKS = 2


@pytest.fixture(autouse=True)
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child is forked even beside pytest's own threads (xdist's), which hold no lock
    the child could need, as `test_parse_ahead` does for its workers."""
    monkeypatch.setattr(normkit.forking, "fork_is_safe", lambda: True)


def _project(tmp_path: Path) -> Path:
    """A round with two workbooks whose cells have flaws (formulas never calculated, an
    escape of a control character): their locations must survive the trip."""
    root = materialise("source__formula-uncalculated", tmp_path / "project")
    escapes = PROJECTS / "source__control-escape--cells" / ROUND / "acme.xlsx"
    shutil.copy(escapes, root / ROUND / "beta.xlsx")
    return root


def _same(one: CheckResult, other: CheckResult) -> None:
    assert one.corpus == other.corpus
    assert [d.format() for d in one.diagnostics] == [d.format() for d in other.diagnostics]


def _reads_here(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The workbooks this process reads itself from now on (a forked child's reads are
    its own)."""
    read: list[bytes] = []
    real = tables.workbook_sheets

    def counted(data: bytes, sheet_name: str | None) -> list[tables.Sheet]:
        read.append(data)
        return real(data, sheet_name)

    monkeypatch.setattr(tables, "workbook_sheets", counted)
    return read


def test_a_cold_check_takes_the_workbooks_the_child_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = check_project(_project(tmp_path / "alone"), keep_parses=True, layout=False, jobs=1)
    root = _project(tmp_path / "ahead")
    started: list[list[Path]] = []
    real_start = SheetsAhead.start

    def start(self: SheetsAhead, paths: list[Path], sheet_name: str | None) -> None:
        started.append(list(paths))
        real_start(self, paths, sheet_name)

    monkeypatch.setattr(SheetsAhead, "start", start)
    read = _reads_here(monkeypatch)
    encoded: list[object] = []
    real_encode = stored_sheets.encode_sheets

    def encode(sheets: list[tables.Sheet]) -> bytes:
        encoded.append(sheets)
        return real_encode(sheets)

    monkeypatch.setattr(stored_sheets, "encode_sheets", encode)
    cold = check_project(root, keep_parses=True, layout=False, jobs=2)
    assert [len(paths) for paths in started] == [WORKBOOKS]
    assert read == []  # every workbook taken from the child
    assert encoded == []  # and stored as the child sent it, not encoded again here
    _same(cold, alone)
    located = {str(d.location) for d in cold.diagnostics}
    assert "consultations/demo/v2/acme.xlsx:2:G" in located

    # Warm: every workbook's sheets stored, no child (and nothing read).
    started.clear()
    warm = check_project(root, keep_parses=True, layout=False, jobs=2)
    assert started == [[]]
    assert read == []
    _same(warm, alone)


def test_a_child_that_fails_leaves_every_workbook_to_the_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = check_project(_project(tmp_path / "alone"), layout=False, jobs=1)

    def fail(*_: object) -> None:
        raise RuntimeError("a child that fails")

    monkeypatch.setattr(sheets_ahead, "_read_all", fail)
    read = _reads_here(monkeypatch)
    _same(check_project(_project(tmp_path / "ahead"), layout=False, jobs=2), alone)
    assert len(read) == WORKBOOKS


def test_a_workbook_changed_after_the_child_read_it_is_read_again(tmp_path: Path) -> None:
    path = _project(tmp_path) / ROUND / "acme.xlsx"
    before = workbook_sheets(path.read_bytes(), SHEET_NAME)
    ahead = SheetsAhead()
    ahead.start([path], SHEET_NAME)
    ahead.stop()  # the child has read it
    workbook = load_workbook(path)
    workbook[SHEET_NAME]["L3"] = "An edited comment."
    workbook.save(path)
    with sheets_read_ahead(ahead):
        (sheet,) = read_xlsx_sheets(path, SHEET_NAME)
    assert sheet == workbook_sheets(path.read_bytes(), SHEET_NAME)[0] != before[0]
    assert any("An edited comment." in cells for _, cells in sheet.rows)


def test_a_child_no_longer_wanted_is_ended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read is over (an error, or no form read): `stop` does not wait for the child."""
    import time

    monkeypatch.setattr(sheets_ahead, "_read_all", lambda *_: time.sleep(60))
    ahead = SheetsAhead()
    ahead.start([_project(tmp_path) / ROUND / "acme.xlsx"], SHEET_NAME)
    started = time.monotonic()
    ahead.stop()
    assert time.monotonic() - started < 30
    assert ahead.child is None and ahead.read == {}
