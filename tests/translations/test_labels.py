"""normkit's interface labels: the packaged template is current, the packaged translations
cover it with the same placeholders, and templates answer in the language being written."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import polib
import pytest

from normkit.cache_entries import save_entries
from normkit.translations import labels
from normkit.translations.label_catalog import labels_pot
from normkit.translations.labels import label_ids, labels_in, packaged_labels
from normkit.translations.stored_catalogs import StoredCatalogs, catalogs_kept

LOCALE = resources.files("normkit.translations").joinpath("locale")
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s|%%")


def test_packaged_template_is_current() -> None:
    """Regenerate: `normkit translations labels > src/normkit/translations/locale/normkit.pot`."""
    assert LOCALE.joinpath("normkit.pot").read_text(encoding="utf-8") == labels_pot()


@pytest.mark.parametrize("language", ["fr", "zh-Hans"])
def test_packaged_translation_covers_every_label(language: str) -> None:
    catalog = polib.pofile(LOCALE.joinpath(f"{language}.po").read_text(encoding="utf-8"))
    translated = {entry.msgid: entry.msgstr for entry in catalog if entry.msgstr}
    assert set(translated) == set(label_ids())
    for source, translation in translated.items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), (
            source
        )


def test_templates_answer_in_the_language_being_written() -> None:
    rows = [{"url": "v3/", "title": "V3", "status": "published", "published": "",
             "in_force": ""}]  # fmt: skip
    english = str(_versions_table(rows))
    with labels_in("fr", packaged_labels("fr")):
        french = str(_versions_table(rows))
    assert '<th scope="col">Published</th>' in english and ">published</span>" in english
    assert '<th scope="col">Publiée</th>' in french and ">publiée</span>" in french


def _versions_table(rows: list[dict[str, str]]) -> str:
    from normkit.outputs.templating import environment

    module = environment("normkit.outputs.site").get_template("common.html.j2").module
    return str(module.versions_table(rows))  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["normkit.pot", "fr.po", "zh-Hans.po"])
def test_packaged_catalogs_read_from_the_store_as_polib_reads_them(
    name: str, tmp_path: Path
) -> None:
    """Within a read's stored catalogs, a packaged catalog is parsed once and loaded after;
    its entries are polib's either way."""
    text = LOCALE.joinpath(name).read_text(encoding="utf-8")
    polib_entries = [
        (entry.msgid, entry.msgstr, "fuzzy" in entry.flags)
        for entry in polib.pofile(text)
        if not entry.obsolete
    ]
    assert labels._entries(name, text) == polib_entries  # no store: polib
    for _ in range(2):  # parsed and kept; then loaded
        stored = StoredCatalogs(tmp_path)
        with catalogs_kept(stored):
            assert labels._entries(name, text) == polib_entries
        save_entries([stored.entries])
    assert (stored.loaded, stored.read) == (1, 0)
