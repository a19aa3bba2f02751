"""Translation catalogs as read, stored in the build folder between reads
(`translations/stored_catalogs.py`): a read that loads them gives the model and the
diagnostics, with their lines, that a read of every catalog gives, cold, warm, after a
catalog is edited and with damaged or foreign entries; a warm read does not parse PO."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from normkit.pipeline import CheckResult, check_project
from normkit.translations import po_files, stored_catalogs
from normkit.translations.labels import packaged_labels
from normkit.translations.stored_catalogs import FOLDER
from tests.spine.miniprojects import PROJECTS, materialise
from tests.stored_reads import DAMAGES, checked_against_fresh_read, damage, stored_entries

CATALOG = "translations/fr/demo/v2.po"
GLOSSARY = "translations/fr/glossary.po"
CATALOGS = 2


@pytest.fixture(autouse=True)
def _packaged_labels_known() -> None:
    """normkit's own French labels are read once per process (`packaged_labels` is cached),
    through the store only if no test before needed them: read them first, so that every
    test here counts the project's catalogs alone, whatever ran before it."""
    packaged_labels("fr")


def _project(tmp_path: Path) -> Path:
    """A French version catalog with two entries for one unit, and a glossary catalog with
    escapes of control characters: both read with located diagnostics."""
    root = materialise("translation__duplicate", tmp_path / "project")
    shutil.copy(PROJECTS / "source__control-escape--catalog" / CATALOG, root / GLOSSARY)
    return root


def _counts(result: CheckResult) -> tuple[int, int]:
    assert result.stored is not None
    return result.stored[3].loaded, result.stored[3].read


def _french_title(result: CheckResult) -> str:
    (french,) = result.corpus.translations
    version = french.version("demo", "v2")
    assert version is not None
    return version.title


def test_a_catalog_is_read_once_until_its_text_changes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cold = checked_against_fresh_read(root)
    assert _counts(cold) == (0, CATALOGS)
    assert len(stored_entries(root, FOLDER)) == CATALOGS

    warm = checked_against_fresh_read(root)
    assert _counts(warm) == (CATALOGS, 0)
    located = {(str(d.location), d.code.code) for d in warm.diagnostics}
    assert (f"{CATALOG}:217:1", "translation.duplicate") in located
    assert any(where.startswith(f"{GLOSSARY}:") for where, _ in located)

    # One catalog edited: it alone is read again, and its old entry is removed.
    path = root / CATALOG
    text = path.read_text(encoding="utf-8")
    title = _french_title(warm)
    assert title and f'msgstr "{title}"' in text
    path.write_text(text.replace(f'msgstr "{title}"', 'msgstr "Autre titre"'), "utf-8")
    edited = checked_against_fresh_read(root)
    assert _counts(edited) == (CATALOGS - 1, 1)
    assert _french_title(edited) == "Autre titre"
    assert len(stored_entries(root, FOLDER)) == CATALOGS

    # A catalog removed: its entry goes with it.
    (root / GLOSSARY).unlink()
    assert _counts(checked_against_fresh_read(root)) == (CATALOGS - 1, 0)
    assert len(stored_entries(root, FOLDER)) == CATALOGS - 1


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_entry_is_read_again(tmp_path: Path, how: str) -> None:
    root = _project(tmp_path)
    expected = _french_title(checked_against_fresh_read(root))
    entries = stored_entries(root, FOLDER)
    contents = [entry.read_bytes() for entry in entries]
    for entry, other in zip(entries, contents[1:] + contents[:1], strict=True):
        damage(entry, how, other)
    result = checked_against_fresh_read(root)  # the model and diagnostics of a fresh read
    assert _counts(result) == (0, CATALOGS)
    assert _french_title(result) == expected
    assert _counts(checked_against_fresh_read(root)) == (CATALOGS, 0)  # replaced by intact entries


def test_another_reader_reads_no_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    checked_against_fresh_read(root)
    monkeypatch.setattr(stored_catalogs, "reader_fingerprint", lambda: b"another polib")
    assert _counts(checked_against_fresh_read(root)) == (0, CATALOGS)


def test_a_loaded_catalog_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    checked_against_fresh_read(root)

    def parse(path: str, text: str) -> None:
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(po_files, "parse_catalog", parse)  # (imported by the first read)
    assert _counts(check_project(root, layout=False)) == (CATALOGS, 0)
