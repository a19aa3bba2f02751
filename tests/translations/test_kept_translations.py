"""Translated versions and glossaries kept between reads (`translations/localize.py`,
through `assemble/reuse.py`): a read that reuses them gives the model and diagnostics of a
read that makes every one, and each is made again when its catalog, its source version or
the glossary changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from normkit.diagnostics import Code
from normkit.pipeline import CheckResult
from tests.spine.miniprojects import PROJECTS, materialise
from tests.stored_reads import checked_against_fresh_read

CATALOG = "translations/fr/demo/v2.po"
GLOSSARY = "translations/fr/glossary.po"
BOTH = {"translation fr demo@v2", "translation fr glossary"}


def _project(tmp_path: Path) -> Path:
    """A French catalog whose translations lose markup (diagnostics made with them), and a
    glossary catalog."""
    root = materialise("translation__markup", tmp_path / "project")
    shutil.copy(PROJECTS / "source__control-escape--catalog" / CATALOG, root / GLOSSARY)
    return root


def _kept(result: CheckResult) -> set[str]:
    assert result.stored is not None
    return {name for name in result.stored[1].reused if name.startswith("translation ")}


def _french_title(result: CheckResult) -> str:
    (french,) = result.corpus.translations
    version = french.version("demo", "v2")
    assert version is not None
    return version.title


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_translation_is_made_again_only_when_what_it_is_made_from_changed(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    assert _kept(checked_against_fresh_read(root)) == set()
    warm = checked_against_fresh_read(root)  # equal to a read that makes them
    assert _kept(warm) == BOTH
    assert any(d.code is Code.TRANSLATION_MARKUP for d in warm.diagnostics)

    title = _french_title(warm)
    _edit(root / CATALOG, f'msgstr "{title}"', 'msgstr "Autre titre"')
    edited = checked_against_fresh_read(root)
    assert _kept(edited) == {"translation fr glossary"}
    assert _french_title(edited) == "Autre titre"
    assert _kept(checked_against_fresh_read(root)) == BOTH

    chapter = root / "standards/demo/v2/01-governance.md"
    _edit(chapter, "\nThe Entity shall", "\nThe Entity really shall")
    assert _kept(checked_against_fresh_read(root)) == {"translation fr glossary"}

    # A term's definition: the glossary, and the version whose terms it resolves against.
    glossary = root / "glossary/terms.md"
    text = glossary.read_text(encoding="utf-8")
    definition = next(line for line in text.split("\n") if line and line[0].isalpha())
    _edit(glossary, definition, definition + " Also here.")
    assert _kept(checked_against_fresh_read(root)) == set()
    assert _kept(checked_against_fresh_read(root)) == BOTH
