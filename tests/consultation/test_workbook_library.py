"""Reading a workbook imports openpyxl without numpy (`workbook_library.py`), and leaves numpy
importable as usual afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[2]
# A form with a formula: openpyxl reads it (the demo's forms are read without it:
# `plain_workbooks.py`).
FORM = REPO / "tests/projects/source__formula-uncalculated/consultations/demo/v2/acme.xlsx"

_SCRIPT = f"""
import sys
from pathlib import Path
from normkit.sources.tables import read_sheet

sheet = read_sheet(Path({str(FORM)!r}), "Comments")
assert sheet.rows, sheet.rows
assert "openpyxl" in sys.modules
print("numpy" in sys.modules)
import numpy
print(numpy.zeros(2).sum() == 0)
from openpyxl import Workbook
cell = Workbook().active.cell(row=1, column=1, value=3.5)
print(cell.value == 3.5)
"""


def test_reading_a_workbook_does_not_import_numpy() -> None:
    found = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True
    )
    assert found.stdout.split() == ["False", "True", "True"]
