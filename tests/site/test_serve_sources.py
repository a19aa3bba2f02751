"""`normkit serve` rebuilds after a change of anything the build reads, not only of the
chapters: crosswalks, consultation registers, translation catalogs, images (under `assets/`
or beside the chapters), `mkdocs.yml` (made after serve started) and its `docs_dir`; each
shows in the served site, or its diagnostics replace the pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site.test_serve import WAIT_SECONDS, _fetch, _wait_for, start_serve
from tests.spine.miniprojects import materialise

CHAPTER = "standards/demo/v2/01-governance.md"
PAGE = "demo/v2/1-integrity/"
REPORT = "demo/v1/consultation/"
FIGURE = "standards/demo/v2/figures/figure.svg"
CROSSWALK = """\
scheme:
  title: Harbour Scheme
standard: demo
reviewed_against: v2
entries:
  - {criterion: legal-compliance, clause: "4.1", relationship: equal}
"""
CONFIG = "site_name: Harbour Preview\ndocs_dir: pages\nplugins:\n  - normkit\n"
SEAL = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><title>{}</title></svg>'


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The consultation mini-project, with a crosswalk, an image under assets/ and French as
    a language of V2, served on a free port: (project, site root URL)."""
    root = materialise("ok--consultation", tmp_path / "project")
    (root / "crosswalks" / "harbour").mkdir(parents=True)
    (root / "crosswalks" / "harbour" / "crosswalk.yml").write_text(CROSSWALK, encoding="utf-8")
    (root / "assets").mkdir()
    (root / "assets" / "seal.svg").write_text(SEAL.format("first seal"), encoding="utf-8")
    (root / "standards" / "demo" / "v2" / "figures").mkdir()
    (root / FIGURE).write_text(SEAL.format("first figure"), encoding="utf-8")
    images = "![Seal](/assets/seal.svg) ![Figure](figures/figure.svg)"
    _replace(root, CHAPTER, "How an Entity keeps its integrity.", images)
    _replace(root, "standards/demo/v2/version.yml", "summary:", "languages: [fr]\nsummary:")
    server, base = start_serve(root)
    try:
        _wait_for(base + PAGE, "Harbour Scheme")
        yield root, base
    finally:
        server.terminate()
        server.wait(timeout=WAIT_SECONDS)


def _replace(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, path
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_change_of_any_source_is_rebuilt(served: tuple[Path, str]) -> None:
    root, base = served
    # A crosswalk: the criteria it maps show its new wording.
    _replace(root, "crosswalks/harbour/crosswalk.yml", "Harbour Scheme", "Quayside Scheme")
    assert "Harbour Scheme" not in _wait_for(base + PAGE, "Quayside Scheme")
    # A consultation register: the report shows the new response.
    assert "Thank you." in _wait_for(base + REPORT, "Thank you.")
    _replace(root, "consultations/demo/v1/responses.yml", "Thank you.", "Thanks, noted.")
    _wait_for(base + REPORT, "Thanks, noted.")
    # An image under assets/: the site carries the new one.
    image = base + "assets/files/assets/seal.svg"
    _wait_for(image, "first seal")
    (root / "assets" / "seal.svg").write_text(SEAL.format("second seal"), encoding="utf-8")
    _wait_for(image, "second seal")
    # An image beside the chapters: copied again too, though no page changed.
    figure = base + "assets/files/" + FIGURE
    _wait_for(figure, "first figure")
    (root / FIGURE).write_text(SEAL.format("second figure"), encoding="utf-8")
    _wait_for(figure, "second figure")
    # A translation catalog: its error replaces the pages until it is fixed.
    catalog = root / "translations" / "fr" / "demo" / "v2.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid "Integrity\n', encoding="utf-8")
    _wait_for(base + PAGE, "translation.malformed")
    catalog.unlink()
    _wait_for(base + PAGE, "Quayside Scheme")
    # mkdocs.yml, new: the site's name, and the pages of its docs_dir, which is watched then.
    (root / "pages").mkdir()
    (root / "pages" / "about.md").write_text("# About\n\nFirst words.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    _wait_for(base + PAGE, "Harbour Preview")
    assert "Quayside Scheme" in _fetch(base + PAGE)
    _wait_for(base + "about/", "First words.")
    (root / "pages" / "about.md").write_text("# About\n\nSecond words.\n", encoding="utf-8")
    _wait_for(base + "about/", "Second words.")
