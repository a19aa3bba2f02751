"""Catalogs: `normkit translations update` creates and merges them; `check` reads them strictly;
the translated corpus renders each unit through the source pipeline, or falls back, marked."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from normkit.cli import main
from normkit.diagnostics import Code
from normkit.model.location import Location
from normkit.model.text import PartAnchor, Reference
from normkit.model.translation import UnitStatus
from normkit.pipeline import check_project
from normkit.translations.po_files import read_catalog
from normkit.translations.units import Unit, UnitKind
from normkit.translations.update import update_catalog
from tests.spine.miniprojects import materialise

CATALOG = "translations/fr/demo/v2.po"


def update(project: Path, *languages: str) -> str:
    arguments = ["translations", "update", "--project", str(project)]
    arguments += [option for language in languages for option in ("--lang", language)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    return result.stderr


def entry(project: Path, key: str, *, obsolete: bool = False) -> polib.POEntry:
    catalog = polib.pofile(str(project / CATALOG))
    found = [e for e in catalog if e.msgctxt == key and e.obsolete == obsolete]
    assert len(found) == 1, key
    return found[0]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The base project with French declared for demo v2 and a partly translated catalog."""
    return materialise("translation__coverage", tmp_path / "p")


def test_update_creates_every_unit_once_keyed_and_hashed(tmp_path: Path) -> None:
    project = materialise("translation__coverage", tmp_path / "p")
    (project / CATALOG).unlink()
    update(project, "fr")
    catalog = polib.pofile(str(project / CATALOG))
    keys = [e.msgctxt for e in catalog]
    assert len(keys) == len(set(keys))
    assert keys[:3] == ["standard.title", "standard.description", "version.title"]
    for key in ("ghg-targets.title", "ghg-targets.body", "ghg-targets.a", "ghg-targets.b"):
        assert key in keys
    body = entry(project, "ghg-targets.body")
    assert body.msgid.startswith("The Entity shall set targets for its GHG Emissions[^1]")
    assert "[^1]" not in entry(project, "ghg-targets.a").msgid  # parts are units of their own
    assert re.search(r"^source: sha256:[0-9a-f]{16}$", body.comment, re.M)
    assert "md-text" in body.flags
    assert body.occurrences[0][0] == "standards/demo/v2/01-governance.md"
    assert catalog.metadata["Language"] == "fr"
    before = (project / CATALOG).read_bytes()
    update(project, "fr")  # nothing changed: not a byte
    assert (project / CATALOG).read_bytes() == before


def test_update_marks_changed_units_fuzzy_and_obsoletes_removed_ones(project: Path) -> None:
    chapter = project / "standards/demo/v2/01-governance.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        text.replace("2. an interim target, as in", "2. an interim target for 2030, as in").replace(
            "2. laws on GHG Emissions reporting, see [[ghg-targets]].\n", ""
        ),
        encoding="utf-8",
    )
    catalog = polib.pofile(str(project / CATALOG))
    next(e for e in catalog if e.msgctxt == "legal-compliance.b").msgstr = "les lois sur le climat."
    catalog.save()
    report = update(project, "fr")
    assert "1 changed (marked fuzzy), 1 obsolete" in report
    changed = entry(project, "ghg-targets.b")
    assert "fuzzy" in changed.flags
    assert changed.msgid.startswith("an interim target for 2030")
    assert changed.previous_msgid.startswith("an interim target, as in")
    assert changed.msgstr.startswith("un objectif intermédiaire")  # kept for the translator
    assert entry(project, "legal-compliance.b", obsolete=True).msgstr == "les lois sur le climat."
    result = check_project(project)
    stale = [d for d in result.diagnostics if d.code is Code.TRANSLATION_STALE]
    assert [d.location.line for d in stale] == [entry(project, "ghg-targets.b").linenum]
    assert all(d.location.path == CATALOG for d in stale)


def test_translated_corpus_renders_units_through_the_source_pipeline(project: Path) -> None:
    result = check_project(project)
    french = result.corpus.translation("fr")
    assert french is not None and french.language == "fr"
    version = french.version("demo", "v2")
    assert version is not None and version.translation is not None
    assert version.title == "Norme de démonstration V2"
    criterion = version.criterion("ghg-targets")
    assert criterion is not None and criterion.title == "Objectifs de gaz à effet de serre"
    assert version.translation.status("ghg-targets.title") is UnitStatus.TRANSLATED
    # A reference in a translated part is resolved as in the source, with the author's text.
    references = [p for p in criterion.parts[1].text.pieces if isinstance(p, Reference)]
    assert [(r.key, r.text) for r in references] == [
        ("demo/v2/legal-compliance.a", "la partie sur la loi")
    ]
    # The body is the translated text before the parts, the parts as the lettered list,
    # and the footnote defined in the text after them.
    html = criterion.body.html
    assert html.index("fixe des objectifs") < html.index('<ol type="a" class="nk-parts">')
    assert "Au sens du glossaire." in html and 'class="footnote-ref"' in html
    anchors = [p.anchor for p in criterion.body.pieces if isinstance(p, PartAnchor) and p.item]
    assert anchors == ["ghg-targets.a", "ghg-targets.b"]
    assert "\na. Émissions des scopes 1 et 2 ;\nb. un objectif" in criterion.body.plain
    # Untranslated text falls back to English in an element that says so.
    section = version.sections[0]
    assert version.translation.status(f"section.{section.key}.intro") is UnitStatus.UNTRANSLATED
    assert '<div class="nk-untranslated" lang="en">' in section.intro.html
    assert 'lang="fr">Non traduit</span> The governance pillar.' in section.intro.html
    # The source corpus is untouched.
    source = result.corpus.version("demo", "v2")
    assert source is not None and source.translation is None and source.title == "Demo Standard V2"


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ('msgstr "Bonjour', 8, "string not closed"),
        ('msgstr "a\\qb"', 10, "unknown escape"),
        ("msgtext 'x'", 1, "not a PO keyword"),
    ],
)
def test_malformed_catalog_is_a_located_error(
    tmp_path: Path, line: str, column: int, message: str
) -> None:
    path = tmp_path / "x.po"
    path.write_text(f'msgctxt "a.title"\nmsgid "Hello"\n{line}\n', encoding="utf-8")
    catalog, problems = read_catalog(tmp_path, path)
    assert catalog is None
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [
        (Code.TRANSLATION_MALFORMED, 3, column)
    ]
    assert message in problems[0].message


def test_entries_out_of_order_are_located(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text('msgstr "a"\nmsgid "b"\n', encoding="utf-8")
    catalog, problems = read_catalog(tmp_path, path)
    assert catalog is None and problems[0].code is Code.TRANSLATION_MALFORMED
    assert problems[0].location.line >= 1


def test_translated_text_is_sanitised_and_checked_like_a_source(project: Path) -> None:
    catalog = polib.pofile(str(project / CATALOG))
    hostile = next(e for e in catalog if e.msgctxt == "ghg-targets.a")
    hostile.msgstr = (
        'Scopes 1 et 2 <script>alert(1)</script> <a href="javascript:alert(2)">ici</a> '
        "[lien](javascript:alert(3)) [[no-such-criterion]]"
    )
    catalog.save()
    result = check_project(project)
    located = {(d.code, d.location.path) for d in result.diagnostics}
    assert (Code.HTML_REMOVED, CATALOG) in located
    assert (Code.REFERENCE_UNRESOLVED, CATALOG) in located
    french = result.corpus.translation("fr")
    assert french is not None
    version = french.version("demo", "v2")
    assert version is not None
    criterion = version.criterion("ghg-targets")
    assert criterion is not None
    html = criterion.body.html
    assert "<script" not in html and 'href="javascript' not in html
    assert "Scopes 1 et 2" in html


def test_update_keeps_a_glossary_translation_when_its_scope_changes(tmp_path: Path) -> None:
    """A glossary entry's key names the versions it is limited to; limiting it to one more
    version must not orphan its translation (the demo's terms when a draft V4 was added)."""
    glossary = tmp_path / "glossary.po"
    where = Location(path="glossary/terms.md", line=3)
    old_units = [
        Unit(key="term.wage[demo@v1]", text="Wage", kind=UnitKind.PLAIN, location=where),
        Unit(key="term.wage[demo@v2]", text="Living Wage", kind=UnitKind.PLAIN, location=where),
    ]
    text, _ = update_catalog(None, old_units, language="fr", title="Glossary")
    po = polib.pofile(text)
    for entry_, french in zip(po, ("Salaire", "Salaire décent"), strict=True):
        entry_.msgstr = french
    glossary.write_text(str(po), encoding="utf-8")
    new_units = [
        old_units[0],
        Unit(key="term.wage[demo@v2 demo@v3]", text="Living Wage", kind=UnitKind.PLAIN,
             location=where),
        Unit(key="term.pay[demo@v3]", text="Pay", kind=UnitKind.PLAIN, location=where),
    ]  # fmt: skip
    existing, problems = read_catalog(tmp_path, glossary)
    assert existing is not None and not problems
    text, counts = update_catalog(existing, new_units, language="fr", title="Glossary")
    merged = {e.msgctxt: e for e in polib.pofile(text)}
    assert merged["term.wage[demo@v2 demo@v3]"].msgstr == "Salaire décent"  # not "Salaire"
    assert "fuzzy" not in merged["term.wage[demo@v2 demo@v3]"].flags
    assert merged["term.wage[demo@v1]"].msgstr == "Salaire"
    assert "term.wage[demo@v2]" not in merged  # moved, not left behind as obsolete
    assert (counts.added, counts.obsoleted) == (1, 0)


def test_guidance_not_shown_is_not_marked(project: Path) -> None:
    """`check` (and a JSON build) show no guidance in a language: an edition without a
    catalog stays as it is in each translation, with the same diagnostics; shown, it is
    the English, marked."""
    shown = check_project(project)
    unshown = check_project(project, guidance_shown=False)
    assert [d.format() for d in unshown.diagnostics] == [d.format() for d in shown.diagnostics]
    marked, kept = shown.corpus.translation("fr"), unshown.corpus.translation("fr")
    assert marked is not None and kept is not None
    assert kept.guidance == shown.corpus.guidance
    served = next(e for e in marked.guidance if (e.standard, e.serves) == ("demo", "v2"))
    assert any('class="nk-untranslated"' in e.intro.html for e in served.entries)
    assert kept.standards == marked.standards  # the versions are translated either way


def test_a_json_build_gives_the_json_of_a_full_translation(tmp_path: Path) -> None:
    """A `--only json` build makes no marked guidance, and writes what a build that makes
    it writes."""
    files: list[dict[str, bytes]] = []
    for name in ("json", "json,diff"):  # (the diff: any output that may show guidance)
        root = materialise("translation__coverage", tmp_path / name.replace(",", "-"))
        result = CliRunner().invoke(main, ["build", "--project", str(root), "--only", name, "-q"])
        assert result.exit_code == 0, result.output
        folder = root / "build" / "json"
        files.append({str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.json")})
    assert files[0] == files[1] and files[0]
