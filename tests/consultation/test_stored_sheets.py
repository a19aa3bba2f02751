"""What was read from comment-form workbooks, stored in the build folder between reads
(`sources/stored_sheets.py`): a read that loads it gives the model and the diagnostics, with
their cells' locations, that a read of every workbook gives, cold, warm, after a workbook
is edited and with damaged or foreign entries; entries cannot be read without their
workbook; a warm `check` does not import openpyxl."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from normkit.pipeline import CheckResult
from normkit.sources import stored_sheets
from normkit.sources.stored_sheets import FOLDER
from tests.spine.miniprojects import PROJECTS, materialise
from tests.stored_reads import DAMAGES, checked_against_fresh_read, damage, stored_entries

ROUND = "consultations/demo/v2"
WORKBOOKS = 2
FLAWS = {"source.formula-uncalculated", "source.control-escape"}


def _project(tmp_path: Path) -> Path:
    """A round with two workbooks whose cells have flaws: formulas never calculated (in
    `acme.xlsx`) and an escape of a control character (in `beta.xlsx`)."""
    root = materialise("source__formula-uncalculated", tmp_path / "project")
    escapes = PROJECTS / "source__control-escape--cells" / ROUND / "acme.xlsx"
    shutil.copy(escapes, root / ROUND / "beta.xlsx")
    return root


def _counts(result: CheckResult) -> tuple[int, int]:
    assert result.stored is not None
    return result.stored[2].loaded, result.stored[2].read


def _comments(result: CheckResult) -> dict[str, str]:
    (found,) = [r for r in result.corpus.consultations if r.version == "v2"]
    return {c.keys[0]: c.text for c in found.comments}


def test_a_workbook_is_read_once_until_its_bytes_change(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cold = checked_against_fresh_read(root)
    assert _counts(cold) == (0, WORKBOOKS)
    assert len(stored_entries(root, FOLDER)) == WORKBOOKS
    # What commenters wrote (names given without consent among it) cannot be read from an
    # entry without the workbook: a published build folder tells nothing of it.
    assert all(b"Acme" not in entry.read_bytes() for entry in stored_entries(root, FOLDER))

    warm = checked_against_fresh_read(root)
    assert _counts(warm) == (WORKBOOKS, 0)
    assert {d.code.code for d in warm.diagnostics} >= FLAWS
    located = [str(d.location) for d in warm.diagnostics if d.code.code in FLAWS]
    assert "consultations/demo/v2/acme.xlsx:2:G" in located
    assert any(where.startswith("consultations/demo/v2/beta.xlsx:2:") for where in located)

    # One workbook edited: it alone is read again, and its old entry is removed.
    path = root / ROUND / "beta.xlsx"
    workbook = load_workbook(path)
    workbook.active["L3"] = "An edited comment."
    workbook.save(path)
    edited = checked_against_fresh_read(root)
    assert _counts(edited) == (WORKBOOKS - 1, 1)
    assert _comments(edited)["beta.xlsx:3"] == "An edited comment."
    assert len(stored_entries(root, FOLDER)) == WORKBOOKS

    # A workbook removed: its entry goes with it.
    path.unlink()
    assert _counts(checked_against_fresh_read(root)) == (WORKBOOKS - 1, 0)
    assert len(stored_entries(root, FOLDER)) == WORKBOOKS - 1


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_entry_is_read_again(tmp_path: Path, how: str) -> None:
    root = _project(tmp_path)
    expected = _comments(checked_against_fresh_read(root))
    entries = stored_entries(root, FOLDER)
    contents = [entry.read_bytes() for entry in entries]
    for entry, other in zip(entries, contents[1:] + contents[:1], strict=True):
        damage(entry, how, other)
    result = checked_against_fresh_read(root)  # the model and diagnostics of a fresh read
    assert _counts(result) == (0, WORKBOOKS)
    assert _comments(result) == expected
    assert _counts(checked_against_fresh_read(root)) == (WORKBOOKS, 0)  # replaced by intact entries


def test_another_reader_reads_no_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    checked_against_fresh_read(root)
    monkeypatch.setattr(stored_sheets, "reader_fingerprint", lambda: b"another openpyxl")
    assert _counts(checked_against_fresh_read(root)) == (0, WORKBOOKS)


def test_the_fingerprint_covers_the_installed_openpyxl() -> None:
    from importlib.metadata import version

    stored_sheets.reader_fingerprint.cache_clear()
    digest = stored_sheets.reader_fingerprint()
    assert isinstance(digest, bytes)
    # The distribution's folder name, with its version, is what the digest holds.
    spec = stored_sheets.find_spec("openpyxl")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations))).parent
    assert (folder / f"openpyxl-{version('openpyxl')}.dist-info").is_dir()


def test_a_repeated_check_does_not_import_openpyxl(tmp_path: Path) -> None:
    root = _project(tmp_path)
    script = (
        "import sys; from pathlib import Path; from normkit.pipeline import check_project; "
        f"check_project(Path({str(root)!r}), keep_parses=True, layout=False, jobs=1); "
        "print('openpyxl' in sys.modules)"
    )

    def imported() -> str:
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert imported() == "True"  # cold: every workbook read (here: one job, no child)
    assert imported() == "False"  # warm: every workbook's sheets loaded


def test_decoded_sheets_are_the_encoded_ones_and_nothing_else_decodes() -> None:
    """What `encode_sheets` wrote decodes to the same sheets, empty rows included; a row
    that is not a list of texts (a number, a null, a nested list, a text) is not such
    sheets: the workbook is read again."""
    from normkit.sources.cells import Sheet

    sheets = [Sheet(title="Comments", rows=[(1, ["Id", "Comment"]), (2, []), (4, ["a", ""])])]
    assert stored_sheets.decode_sheets(stored_sheets.encode_sheets(sheets)) == sheets
    for row in ('[3, ["a", 1]]', '[3, ["a", null]]', '[3, ["a", ["b"]]]', '[3, "ab"]'):
        text = f'[{{"title": "Comments", "rows": [{row}], "flaws": []}}]'.encode()
        assert stored_sheets.decode_sheets(text) is None
