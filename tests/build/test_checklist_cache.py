"""Checklist workbooks kept between builds: the same bytes back while their inputs are the
same, laid out again when one changed or the entry is damaged; stale entries pruned."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.checklists import workbook, writer
from normkit.outputs.context import BuildContext
from normkit.pipeline import check_project
from tests.revisions.conftest import PROJECT


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    result = check_project(PROJECT)
    assert result.ok
    return result.corpus


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The versions whose workbook was laid out (not taken from the cache)."""
    seen: list[str] = []
    make = workbook.workbook

    def counted(checklist: Any) -> Any:
        seen.append(checklist.version.key)
        return make(checklist)

    monkeypatch.setattr(workbook, "workbook", counted)
    return seen


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_workbooks_come_from_the_cache_until_an_input_changes(
    corpus: Corpus, tmp_path: Path, laid_out: list[str]
) -> None:
    context = BuildContext(project=PROJECT, out=tmp_path, cache=tmp_path / "cache")
    writer.write_checklists(corpus, tmp_path / "uncached")  # no context: no cache
    writer.write_checklists(corpus, tmp_path / "cold", context)
    versions = len(laid_out) // 2
    assert versions == 2 and len(laid_out) == 4
    writer.write_checklists(corpus, tmp_path / "warm", context)
    assert len(laid_out) == 4, "nothing changed: nothing laid out"
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold") == _files(tmp_path / "uncached")

    entries = sorted((tmp_path / "cache" / "checklists").glob("*.xlsx"))
    assert len(entries) == 2
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # cut short
    writer.write_checklists(corpus, tmp_path / "repaired", context)
    assert len(laid_out) == 5, "the damaged entry is laid out again, never served"
    assert _files(tmp_path / "repaired") == _files(tmp_path / "cold")

    changed = pickle.loads(pickle.dumps(corpus))  # a copy: the model is frozen
    standard = changed.standards[0]
    version = standard.versions[-1]
    object.__setattr__(version, "title", f"{version.title} (retitled)")
    writer.write_checklists(changed, tmp_path / "changed", context)
    assert laid_out[5:] == [version.key], "only the changed version's workbook"
    assert len(list((tmp_path / "cache" / "checklists").glob("*.xlsx"))) == 2, "stale pruned"
