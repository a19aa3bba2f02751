"""`normkit serve` checks the sources again after every edit: what did not change is not
read or laid out again within the session — a comment form (XLSX) by its bytes, a
translation catalog by its text, a consultation draft's line layout by its document."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from normkit.outputs.pdf import lines
from normkit.preview.builds import Preview
from tests.spine.miniprojects import materialise

ROUND = "consultations/demo/v2"
GUIDANCE = "guidance/demo/v2-2023/01-guidance.md"
"""Guidance, which no draft's PDF holds: its edit leaves both drafts (v1's past round and
v2's open one) as they were."""
DRAFT = "standards/demo/v2/01-governance.md"


def _as_workbook(form: Path) -> None:
    """The CSV comment form `form` as an XLSX workbook beside it (and no CSV)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    with form.open(encoding="utf-8", newline="") as rows:
        for number, row in enumerate(csv.reader(rows), start=1):
            for column, text in enumerate(row, start=1):
                cell = sheet.cell(row=number, column=column)
                cell.value = text
                cell.data_type = "s"  # text, even where it starts with "=" (not a formula)
    book.save(form.with_suffix(".xlsx"))
    form.unlink()


def _append(root: Path, path: str, words: str) -> None:
    chapter = root / path
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def test_an_edit_reads_no_unchanged_form_and_lays_no_unchanged_draft_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = materialise("ok--consultation", tmp_path / "project")
    _as_workbook(root / ROUND / "acme.csv")
    laid_out: list[str] = []
    layout = lines.layout_positions

    def counted(job: lines.PrintJob, printed: lines.RenderCache | None = None) -> dict[str, object]:
        laid_out.append(job.name)
        return layout(job, printed)

    monkeypatch.setattr(lines, "layout_positions", counted)
    lines._LAID_OUT.clear()  # another test of this process may have laid the draft out
    preview = Preview(root)
    try:
        preview.build()
        assert preview.problems == []
        assert preview.sheets.read == 1
        assert sorted(laid_out) == ["demo-v1", "demo-v2"]
        first = preview.built.corpus if preview.built is not None else None

        _append(root, GUIDANCE, "Auditors ask for the register.")
        preview.build({root / GUIDANCE})
        assert preview.problems == []
        assert preview.sheets.read == 1  # the workbook's bytes did not change
        assert preview.sheets.loaded == 1
        assert len(laid_out) == 2  # nor did the drafts
        assert first is not None and preview.built is not None
        assert preview.built.corpus.consultations == first.consultations

        _append(root, DRAFT, "A closing paragraph of the draft.")  # the open draft itself
        preview.build({root / DRAFT})
        assert preview.problems == []
        assert laid_out[2:] == ["demo-v2"]  # laid out again: its lines may have moved
    finally:
        preview.close()
