"""Catalogs read without polib (`translations/po_entries.py`, what a check reads): the same
catalog and diagnostics as polib's reading gives, for every catalog of the repository and
for catalogs made of every kind of line, valid or not; and the demo's catalogs, written by
`normkit translations update`, are read without polib."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from normkit.translations.po_entries import read_entries
from normkit.translations.po_files import parse_catalog

REPOSITORY = Path(__file__).resolve().parents[2]

LINES = [
    "",
    "   ",
    "#",
    "# a translator's note",
    "## x",
    "#. source: sha256:0123456789abcdef",
    "#.",
    "#. a b",
    "#.no space",
    "#, fuzzy",
    "#,",
    "#,fuzzy",
    "#, fuzzy, python-format",
    "#: a.md:3",
    "#:",
    "#x",
    '#| msgid "old"',
    '#| msgctxt "k"',
    '#| msgid_plural "p"',
    '#| "continued"',
    "#|",
    "#| msgid",
    '#| other "x"',
    'msgctxt "key.a"',
    'msgctxt ""',
    'msgid ""',
    'msgid "Hello"',
    'msgid "a\\"b"',
    'msgid "é 中"',
    'msgid "\\x41\\101"',
    'msgstr ""',
    'msgstr "Bonjour\\n"',
    'msgstr "x\\\\"',
    'msgstr "\\a bell"',
    'msgstr "\\033"',
    '"continued "',
    '"Language: fr\\n"',
    '"Content-Type: text/plain\\n"',
    '"\\tmore"',
    'msgid_plural "s"',
    'msgstr[0] "z"',
    '#~ msgctxt "old"',
    '#~ msgid "gone"',
    '#~ msgstr "parti"',
    '#~ "continued"',
    '#~ msgstr "\\q"',
    "#~|",
    '#~| msgid "x"',
    "#~",
    "#~ #. c",
    "#~ #, fuzzy",
    'msgid "bad"quote"',
    '"not closed',
    'msgid "\\q"',
    "not po at all",
    '  msgid   "spaced"  ',
    '\tmsgstr "tab"',
    'msgid\u00a0"no-break space"',
]
ENTRY = [
    "#. source: sha256:0123456789abcdef",
    'msgctxt "k{n}"',
    'msgid "source {n}"',
    'msgstr "texte {n}"',
    "",
]
FUZZY_ENTRY = [
    "#, fuzzy",
    '#| msgid "old {n}"',
    'msgctxt "k{n}"',
    'msgid "source {n}"',
    'msgstr ""',
    '"texte {n}"',
    "",
]
HEADER = ['msgid ""', 'msgstr ""', '"Language: fr\\n"', '"Plural-Forms: nplurals=2;\\n"', ""]


def _read(path: str, text: str, keep_file: bool) -> tuple[Any, ...]:
    catalog, problems = parse_catalog(path, text, keep_file=keep_file)
    messages = [problem.format() for problem in problems]
    if catalog is None:
        return None, messages
    return catalog.path, catalog.language, catalog.digest, catalog.entries, messages


def test_every_catalog_of_the_repository_reads_as_with_polib() -> None:
    paths = sorted(REPOSITORY.glob("translations/**/*.po"))
    paths += sorted(REPOSITORY.glob("tests/**/*.po"))
    assert len(paths) >= 10
    for path in paths:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(REPOSITORY).as_posix()
        assert _read(rel, text, keep_file=False) == _read(rel, text, keep_file=True), rel


def test_the_demos_catalogs_are_read_without_polib() -> None:
    paths = sorted(REPOSITORY.glob("translations/**/*.po"))
    assert paths
    for path in paths:
        assert read_entries(path.read_text(encoding="utf-8")) is not None, path


@st.composite
def _catalogs(draw: st.DrawFn) -> str:
    lines: list[str] = list(HEADER) if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 9))
        if kind < 3:
            entry = ENTRY if kind < 2 else FUZZY_ENTRY
            number = draw(st.integers(0, 4))
            lines += [line.format(n=number) for line in entry]
        else:
            lines.append(draw(st.sampled_from(LINES)))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


@settings(max_examples=400, deadline=None)
@given(_catalogs())
def test_any_catalog_reads_as_with_polib(text: str) -> None:
    path = "translations/fr/demo/v2.po"
    assert _read(path, text, keep_file=False) == _read(path, text, keep_file=True)
