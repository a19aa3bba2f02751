"""A translated withdrawal note names the sections the requirement went to, as the English
one does: the section linked, in the language's words, with its title as the catalog
translates it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from normkit.model.text import LinkStart
from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise


def test_the_french_note_links_the_section(tmp_path: Path) -> None:
    root = materialise("ok--withdrawn-to-section", tmp_path / "p")
    version = root / "standards/demo/v2/version.yml"
    version.write_text(version.read_text(encoding="utf-8") + "languages: [fr]\n", "utf-8")
    command = [sys.executable, "-m", "normkit", "translations", "update", "--project", str(root)]
    subprocess.run(command, check=True, capture_output=True)
    catalog = root / "translations/fr/demo/v2.po"
    text = catalog.read_text(encoding="utf-8")
    entry = 'msgctxt "section.1-integrity.title"\nmsgid "Integrity"\nmsgstr ""'
    assert entry in text
    catalog.write_text(
        text.replace(entry, entry.removesuffix('""') + '"Intégrité"'), encoding="utf-8"
    )
    corpus = check_project(root).corpus
    french = corpus.translation("fr")
    assert french is not None
    v2 = french.version("demo", "v2")
    assert v2 is not None and v2.translation is not None
    criterion = v2.criterion("ghg-targets")
    assert criterion is not None
    note = criterion.withdrawal_note
    assert note.plain.startswith("Retiré — déplacé vers 1.1.b, 1 Intégrité.")
    (link,) = [p for p in note.pieces if isinstance(p, LinkStart)]
    assert (link.target.value, link.target.anchor) == (
        "standards/demo/v2/01-governance.md",
        "1-integrity",
    )
