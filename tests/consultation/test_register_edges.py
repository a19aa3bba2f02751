"""The register beyond the bar: the round's state follows the build's date, a formula in a
received workbook is never evaluated, and nothing outside the project is read."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from normkit.metadata.comment_form import COLUMNS, SHEET_NAME
from normkit.model.consultation import RoundState
from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise

COLUMN = {c.header: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}


def _epoch(day: datetime.date) -> str:
    return str(
        int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())
    )


@pytest.mark.parametrize(
    ("today", "state", "warned"),
    [
        (datetime.date(2023, 6, 30), RoundState.OPEN, False),
        (datetime.date(2023, 7, 1), RoundState.CLOSED, True),
    ],
)
def test_the_round_closes_after_its_last_day(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    today: datetime.date,
    state: RoundState,
    warned: bool,
) -> None:
    """`consultation_closes: 2023-06-30` is the last day for comments; from the next day the
    round is closed and comments without a response are reported."""
    project = materialise("consultation__unanswered", tmp_path / "p")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(today))
    result = check_project(project)
    (found,) = [r for r in result.corpus.consultations if r.version == "v2"]
    assert found.state is state
    codes = [d.code.code for d in result.diagnostics]
    assert ("consultation.unanswered" in codes) is warned


def test_a_formula_in_a_received_workbook_is_not_evaluated(tmp_path: Path) -> None:
    project = materialise("ok--consultation", tmp_path / "p")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append([c.header for c in COLUMNS])
    row = {c.header: "" for c in COLUMNS}
    row.update({"Id": "legal-compliance", "Organisation": "Acme", "Stakeholder group": "Industry"})
    row.update({"Type": "technical", "Comment": "=1+1"})
    sheet.append(list(row.values()))  # openpyxl stores "=1+1" as a formula, with no value
    book.save(project / "consultations/demo/v2/formula.xlsx")
    assert (
        load_workbook(project / "consultations/demo/v2/formula.xlsx")[SHEET_NAME]["L2"].data_type
        == "f"
    )
    found = [(str(d.location), d.code.code) for d in check_project(project).diagnostics]
    assert found == [
        (f"consultations/demo/v2/formula.xlsx:2:{COLUMN['Comment']}", "source.formula-uncalculated")
    ]


def test_an_error_value_in_a_received_workbook_is_not_taken_for_text(tmp_path: Path) -> None:
    """A commenter's text that a spreadsheet took for a failed formula is cached as its error
    value (`#NAME?`): reported at its cell, never published as the comment."""
    project = materialise("ok--consultation", tmp_path / "p")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append([c.header for c in COLUMNS])
    row = {c.header: "" for c in COLUMNS}
    row.update({"Id": "legal-compliance", "Organisation": "Acme", "Stakeholder group": "Industry"})
    row.update({"Type": "technical", "Comment": "#NAME?"})
    sheet.append(list(row.values()))
    book.save(project / "consultations/demo/v2/errors.xlsx")
    stored = load_workbook(project / "consultations/demo/v2/errors.xlsx")[SHEET_NAME]["L2"]
    assert stored.data_type == "e"  # an error value, as Excel caches it
    found = [(str(d.location), d.code.code) for d in check_project(project).diagnostics]
    assert found == [
        (f"consultations/demo/v2/errors.xlsx:2:{COLUMN['Comment']}", "consultation.cell-error")
    ]


def test_a_link_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    project = materialise("ok--consultation", tmp_path / "p")
    outside = tmp_path / "secret.csv"
    outside.write_text(",".join(c.header for c in COLUMNS) + "\n", encoding="utf-8")
    os.symlink(outside, project / "consultations/demo/v2/linked.csv")
    found = [(str(d.location), d.code.code) for d in check_project(project).diagnostics]
    assert found == [("consultations/demo/v2/linked.csv:1:1", "source.outside-project")]
