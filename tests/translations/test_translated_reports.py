"""A translated criterion page lists its related requirements of other schemes, and a
translated draft has its consultation report, both in the page's language (normkit's labels)
around the English words of the crosswalk and the comments; the English pages keep English."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest

from tests.spine.miniprojects import materialise

NS = {"h": "http://www.w3.org/1999/xhtml"}
CROSSWALK = """\
scheme:
  title: Harbour Scheme
standard: demo
reviewed_against: v1
entries:
  - {criterion: legal-compliance, clause: "4.1", title: Lawful conduct, relationship: equal}
"""


def _normkit(root: Path, *arguments: str) -> None:
    command = [sys.executable, "-m", "normkit", *arguments, "--project", str(root)]
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The consultation mini-project with a crosswalk, V1 and V2 in French (catalogs made by
    `translations update`, untranslated), built: its site folder."""
    root = materialise("ok--consultation", tmp_path_factory.mktemp("reports") / "project")
    (root / "crosswalks" / "harbour").mkdir(parents=True)
    (root / "crosswalks" / "harbour" / "crosswalk.yml").write_text(CROSSWALK, encoding="utf-8")
    for name in ("v1", "v2"):
        version = root / "standards" / "demo" / name / "version.yml"
        version.write_text(version.read_text(encoding="utf-8") + "languages: [fr]\n", "utf-8")
    _normkit(root, "translations", "update")
    _normkit(root, "build", "--only", "site")
    yield root / "build" / "site"


def _page(site: Path, path: str) -> object:
    return html5lib.parse((site / path / "index.html").read_bytes())


def _text(element: object) -> str:
    return " ".join("".join(element.itertext()).split())  # type: ignore[attr-defined]


def _related(site: Path, path: str) -> object:
    found = _page(site, path).findall(".//h:details[@class='note nk-related']", NS)  # type: ignore[attr-defined]
    assert len(found) == 1, path
    return found[0]


def test_translated_criteria_list_related_requirements_in_their_language(site: Path) -> None:
    related = _related(site, "fr/demo/v1/1-integrity/")
    assert _text(related.find("h:summary", NS)) == "Exigences liées dans d’autres référentiels (1)"  # type: ignore[attr-defined]
    link = related.find(".//h:a", NS)  # type: ignore[attr-defined]
    assert link.get("hreflang") == "en" and link.get("lang") == "en"
    page = site / "fr/demo/v1/1-integrity"
    assert (page / link.get("href") / "index.html").resolve().is_file()
    assert "/fr/" not in str((page / link.get("href")).resolve())
    entry = _text(related.find(".//h:ul/h:li/h:ul/h:li", NS))  # type: ignore[attr-defined]
    assert entry == "équivalent à 4.1 Lawful conduct"
    title = related.find(".//h:span[@class='nk-clause-title']", NS)  # type: ignore[attr-defined]
    assert title.get("lang") == "en"
    # V2 descends from the version the crosswalk was reviewed against; the criterion changed.
    note = _text(_related(site, "fr/demo/v2/1-integrity/").find(".//h:span", NS))  # type: ignore[attr-defined]
    assert note == "(examiné par rapport à V1 ; ce critère a changé depuis)"
    # The English page: English words, no language marks.
    english = _related(site, "demo/v1/1-integrity/")
    assert _text(english.find("h:summary", NS)) == "Related requirements in other schemes (1)"  # type: ignore[attr-defined]
    assert english.find(".//h:a", NS).get("hreflang") is None  # type: ignore[attr-defined]
    assert _text(english.find(".//h:ul/h:li/h:ul/h:li", NS)) == "equal to 4.1 Lawful conduct"  # type: ignore[attr-defined]


def test_translated_draft_has_its_consultation_report_in_its_language(site: Path) -> None:
    french = _text(_page(site, "fr/demo/v1/consultation/").find(".//h:article", NS))  # type: ignore[attr-defined]
    for words in ("Rapport de consultation : ", "Publié pour commentaires", "Commentaires clos",
                  "Statistiques", "Commentaires par groupe de parties prenantes",
                  "Commentaires et réponses", "Réponse : Partiellement accepté",
                  "Pris en compte dans", "3 commentaires sur 3"):  # fmt: skip
        assert words in french, words
    assert "Comments and responses" not in french and "Response:" not in french
    # The commenters' words stay as written.
    assert "V2 keeps the wording; the guidance lists the laws." in french
    english = _text(_page(site, "demo/v1/consultation/").find(".//h:article", NS))  # type: ignore[attr-defined]
    for words in ("Consultation report: ", "Published for comment", "Comments and responses",
                  "Response: Partly accepted", "3 of 3 comments"):  # fmt: skip
        assert words in english, words
