"""Catalogs read ahead by a forked child (`translations/catalogs_ahead.py`): a cold check
takes what the child read (and the tokens of the translations it parsed) and gives the
model and diagnostics of a check that reads and parses every catalog itself, and stores
them as a read would; a child that fails, or a catalog changed after the child read it,
leaves the catalog to the read; a warm check forks no child."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

import normkit.forking
from normkit.pipeline import CheckResult, check_project
from normkit.translations import catalogs_ahead, po_files, texts
from normkit.translations.catalogs_ahead import CatalogsAhead
from normkit.translations.labels import packaged_labels
from normkit.translations.po_files import Catalog
from normkit.translations.stored_catalogs import FOLDER, StoredCatalogs
from tests.spine.miniprojects import PROJECTS, materialise
from tests.stored_reads import stored_entries

CATALOG = "translations/fr/demo/v2.po"
GLOSSARY = "translations/fr/glossary.po"
CATALOGS = 2


@pytest.fixture(autouse=True)
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child is forked even beside pytest's own threads (xdist's), which hold no lock
    the child could need, as `test_sheets_ahead` does. normkit's own French labels are read
    first (once per process): each test counts the project's catalogs alone."""
    monkeypatch.setattr(normkit.forking, "fork_is_safe", lambda: True)
    packaged_labels("fr")


def _project(tmp_path: Path) -> Path:
    """A version catalog with two entries for one unit, and a glossary catalog with escapes
    of control characters: their diagnostics' locations must survive the trip."""
    root = materialise("translation__duplicate", tmp_path / "project")
    shutil.copy(PROJECTS / "source__control-escape--catalog" / CATALOG, root / GLOSSARY)
    return root


def _same(one: CheckResult, other: CheckResult) -> None:
    assert one.corpus == other.corpus
    assert [d.format() for d in one.diagnostics] == [d.format() for d in other.diagnostics]


def _parsed_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The catalogs this process parses itself from now on (a forked child's are its own)."""
    parsed: list[str] = []
    real = po_files.parse_catalog

    def counted(rel: str, text: str, keep_file: bool = True) -> object:
        parsed.append(rel)
        return real(rel, text, keep_file)

    monkeypatch.setattr(po_files, "parse_catalog", counted)
    return parsed


def _started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    started: list[list[str]] = []
    real = CatalogsAhead.start

    def start(self: CatalogsAhead, root: Path, paths: list[str], pickler: object) -> None:
        started.append(list(paths))
        real(self, root, paths, pickler)  # type: ignore[arg-type]

    monkeypatch.setattr(CatalogsAhead, "start", start)
    return started


def _unpacked_here(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The translations this process renders from tokens the child parsed, from now on."""
    unpacked: list[bytes] = []
    real = texts.unpack

    def counted(packed: bytes) -> object:
        unpacked.append(packed)
        return real(packed)

    monkeypatch.setattr(texts, "unpack", counted)
    return unpacked


def test_a_cold_check_takes_the_catalogs_the_child_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = check_project(_project(tmp_path / "alone"), keep_parses=True, layout=False, jobs=1)
    root = _project(tmp_path / "ahead")
    started = _started(monkeypatch)
    parsed = _parsed_here(monkeypatch)
    unpacked = _unpacked_here(monkeypatch)
    cold = check_project(root, keep_parses=True, layout=False, jobs=2)
    assert started == [[CATALOG, GLOSSARY]]
    assert parsed == []  # every catalog taken from the child
    assert unpacked  # translated texts rendered from its tokens
    _same(cold, alone)
    located = {(str(d.location), d.code.code) for d in cold.diagnostics}
    assert (f"{CATALOG}:217:1", "translation.duplicate") in located
    assert any(where.startswith(f"{GLOSSARY}:") for where, _ in located)
    assert len(stored_entries(root, FOLDER)) == CATALOGS  # saved as the child made them

    # Warm: every catalog stored and loaded, no child (and nothing parsed).
    warm = check_project(root, keep_parses=True, layout=False, jobs=2)
    assert started == [[CATALOG, GLOSSARY]]
    assert parsed == []
    assert warm.stored is not None
    assert (warm.stored[3].loaded, warm.stored[3].read) == (CATALOGS, 0)
    _same(warm, alone)


def test_a_child_that_fails_leaves_every_catalog_to_the_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = check_project(_project(tmp_path / "alone"), layout=False, jobs=1)

    def fail(*_: object) -> None:
        raise RuntimeError("a child that fails")

    monkeypatch.setattr(catalogs_ahead, "_read_all", fail)
    parsed = _parsed_here(monkeypatch)
    _same(check_project(_project(tmp_path / "ahead"), layout=False, jobs=2), alone)
    assert sorted(parsed) == [CATALOG, GLOSSARY]


def test_a_catalog_changed_after_the_child_read_it_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    path = root / CATALOG
    text = path.read_text(encoding="utf-8")
    store = StoredCatalogs(root / "build" / ".cache")
    store.read_ahead(root)
    assert store.ahead is not None and store.ahead.child is not None
    edited = text.replace('msgstr "', 'msgstr "Édité ', 1)
    parsed = _parsed_here(monkeypatch)
    catalog, _ = store.catalog(CATALOG, edited)
    assert parsed == [CATALOG]
    assert catalog is not None
    assert catalog == po_files.parse_catalog(CATALOG, edited, keep_file=False)[0]
    store.catalog(GLOSSARY, (root / GLOSSARY).read_text(encoding="utf-8"))
    assert parsed == [CATALOG, CATALOG]  # (the comparison above), not the glossary
    store.stop_reading_ahead()


def test_a_child_no_longer_wanted_is_ended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read is over (an error before the translations): `stop` does not wait for it."""

    def slow(*_: object) -> None:
        time.sleep(60)

    monkeypatch.setattr(catalogs_ahead, "_read_all", slow)
    ahead = CatalogsAhead()
    ahead.start(_project(tmp_path), [CATALOG], lambda: lambda value: b"")
    started = time.monotonic()
    ahead.stop()
    assert time.monotonic() - started < 10
    assert ahead.child is None


def test_the_child_parses_only_what_needs_nothing_but_its_tokens() -> None:
    """Markdown translations, by the text `_parse` is given; not plain units (titles), nor
    text whose parse leaves something in `env` (footnotes, link reference definitions),
    which the read parses itself; and the tokens are those a parse here makes."""
    catalog, _ = po_files.parse_catalog(
        "translations/fr/demo/v2.po",
        "\n".join(
            f'msgctxt "{key}"\nmsgid "x"\nmsgstr "{text}"\n'
            for key, text in (
                ("c1.body", "Le *texte* [[c2]]\\n"),
                ("c1.title", "Un titre"),
                ("c2.body", "Avec une note[^1].\\n\\n[^1]: La note."),
                ("c3.body", "Un [lien][r].\\n\\n[r]: https://example.org"),
                ("c4.body", ""),
            )
        ),
        keep_file=False,
    )
    assert isinstance(catalog, Catalog)
    found = texts.parsed_translations(catalog)
    assert list(found) == ["Le *texte* [[c2]]"]
    tokens, env = texts._parse("Le *texte* [[c2]]")  # (no catalogs kept: parsed here)
    assert texts.unpack(found["Le *texte* [[c2]]"]) == ([], tokens)
    assert env == {texts.FOOTNOTES_KEY: {}}
    labels = Catalog(path="translations/fr/ui.po", language="fr", entries=catalog.entries)
    assert texts.parsed_translations(labels) == {}
