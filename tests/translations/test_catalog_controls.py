"""Control characters in translation catalogs: typed, or written as PO escapes (`\\v`,
`\\033`, `\\x1b`), each is an error where it is written, the catalog is read without it, and
no output carries it; `translations update` does not rewrite such a catalog, nor one with two
entries for one unit."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from normkit.cli import main
from normkit.outputs.json.serialise import version_document
from normkit.pipeline import check_project
from normkit.sources.control import CONTROL
from tests.json_strings import json_strings
from tests.spine.miniprojects import materialise

TITLE = "version.title"


def _french_title_and_json(project: Path) -> tuple[str, list[str]]:
    result = check_project(project)
    (french,) = result.corpus.translations
    translated = french.version("demo", "v2")
    assert translated is not None and translated.translation is not None
    standard = result.corpus.standard("demo")
    version = result.corpus.version("demo", "v2")
    assert standard is not None and version is not None
    document = version_document(result.corpus, standard, version)
    return translated.title, list(json_strings(document))


def test_escaped_controls_are_left_out_and_escaped_backslashes_kept(tmp_path: Path) -> None:
    title, strings = _french_title_and_json(
        materialise("source__control-escape--catalog", tmp_path / "p")
    )
    assert title == "Norme de démonstration [1mV2[0m, chemin C:\\archive\\v2"
    assert title in strings  # the JSON carries the translation, without the controls
    assert not [s for s in strings if CONTROL.search(s)]


def test_a_typed_control_is_left_out_and_the_catalog_still_read(tmp_path: Path) -> None:
    title, strings = _french_title_and_json(
        materialise("source__control-character--catalog", tmp_path / "p")
    )
    assert title == "Norme de démonstration V2"
    assert not [s for s in strings if CONTROL.search(s)]


def test_update_does_not_rewrite_a_catalog_with_control_characters(tmp_path: Path) -> None:
    project = materialise("source__control-escape--catalog", tmp_path / "p")
    catalog = project / "translations/fr/demo/v2.po"
    before = catalog.read_bytes()
    result = CliRunner().invoke(
        main, ["translations", "update", "--lang", "fr", "--project", str(project)]
    )
    assert catalog.read_bytes() == before
    assert "translations/fr/demo/v2.po:32:14: error: escape \\v stands for" in result.output
    assert "translations/fr/demo/v2.po: not updated (fix it first)" in result.output


def test_update_reports_two_entries_for_one_unit_and_keeps_both(tmp_path: Path) -> None:
    """Rewriting would keep the first and silently drop the second translation."""
    project = materialise("translation__duplicate", tmp_path / "p")
    catalog = project / "translations/fr/demo/v2.po"
    before = catalog.read_bytes()
    result = CliRunner().invoke(
        main, ["translations", "update", "--lang", "fr", "--project", str(project)]
    )
    assert result.exit_code == 1
    assert catalog.read_bytes() == before
    assert (
        "translations/fr/demo/v2.po:217:1: error: second entry for 'legal-compliance.title' "
        "(the first is at line 141) [translation.duplicate]"
    ) in result.output
    assert "translations/fr/demo/v2.po: not updated (fix it first)" in result.output
