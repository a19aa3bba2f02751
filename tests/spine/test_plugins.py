"""The `[[ref]]` and `[=term=]` plugins and term matching: fixture cases (input → HTML)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normkit.assemble.resolution import Target, TermIndex, VersionResolver
from normkit.sources.documents import parse_document
from normkit.sources.files import SourceFile
from normkit.sources.markdown import parse
from normkit.sources.render import RefTarget, TermTarget, render

FIXTURES = Path(__file__).parent / "fixtures" / "refs_terms.txt"


def read_fixtures(path: Path) -> list[tuple[str, str, str]]:
    """mdit-py-plugins' format: title line, `.`, input, `.`, expected HTML, `.`."""
    cases = []
    chunks = re.split(r"^\.\n", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    for index in range(0, len(chunks) - 2, 3):
        title = chunks[index].strip()
        cases.append((title, chunks[index + 1], chunks[index + 2]))
    return cases


def external(standard: str, key: str) -> RefTarget | None:
    if standard == "other" and key == "x-1":
        return RefTarget(key="other/v1/x-1", anchor="x-1", label="2.1", title="2.1 Other")
    return None


def resolver() -> VersionResolver:
    terms = TermIndex.of(
        [
            ("Entity", ("Entities",), TermTarget("entity", "The organisation.")),
            ("GHG Emissions", (), TermTarget("ghg-emissions", "Gases.")),
            ("Scope 1 Emissions", (), TermTarget("scope-1-emissions", "Direct gases.")),
        ]
    )
    return VersionResolver(
        standard="demo",
        version="v2",
        targets={"ghg-targets": Target("5.3", "Targets", 2), "plain": Target("", "Plain", 0)},
        terms=terms,
        external=external,
    )


@pytest.mark.parametrize(
    ("title", "source", "expected"), read_fixtures(FIXTURES), ids=lambda v: str(v)[:40]
)
def test_fixture(title: str, source: str, expected: str) -> None:
    document, _ = parse_document(SourceFile(path="x.md", text=source))
    tokens: Iterable = document.chunks[0].tokens
    result = render(list(tokens), resolver(), path="x.md", lines=document.lines, env=document.env)
    assert result.html + "\n" == expected, title


def test_ref_token_snapshot() -> None:
    inline = parse("See [[ghg-targets.b|part b]] now.")[1]
    ref = next(c for c in inline.children or [] if c.type == "nk_ref")
    assert ref.meta == {"target": "ghg-targets.b", "text": "part b", "offset": 4}
    assert ref.content == "[[ghg-targets.b|part b]]"


def test_term_token_snapshot() -> None:
    inline = parse("The [=Entity|firm=].")[1]
    term = next(c for c in inline.children or [] if c.type == "nk_term")
    assert term.meta == {"term": "Entity", "text": "firm", "offset": 4}


def test_unresolved_reference_is_located_with_a_hint() -> None:
    source = "# T\n\nText\nand [[ghg-target]] here.\n"
    document, _ = parse_document(SourceFile(path="x.md", text=source))
    result = render(
        document.chunks[1].tokens, resolver(), path="x.md", lines=document.lines, env={}
    )
    [found] = result.diagnostics
    assert found.format() == (
        "x.md:4:5: error: cross-reference [[ghg-target]] names no criterion "
        "[reference.unresolved]\n    hint: did you mean 'ghg-targets'?"
    )


def _plain_pattern(forms: list[str]) -> re.Pattern[str]:
    """The term pattern as it reads: no word character or hyphen on either side of a form
    (but on a side written in a CJK script: here only `中`), the longest form first."""

    def bounded(form: str) -> str:
        before = "" if form[0] == "中" else r"(?<![\w-])"
        after = "" if form[-1] == "中" else r"(?![\w-])"
        return before + re.escape(form) + after

    alternatives = sorted(set(forms), key=lambda f: (-len(f), f))
    return re.compile("|".join(bounded(form) for form in alternatives))


@settings(max_examples=300, deadline=None)
@example(forms=["a", "a.b", "a b"], text="a.b a b")  # the longest form first, not the first
@example(forms=["中", "中中", "b中"], text="中中 b中中")
@given(
    forms=st.lists(st.text(alphabet="ab-. é中", min_size=1, max_size=4), min_size=1, max_size=8),
    text=st.text(alphabet="ab-. é中\n_", max_size=30),
)
def test_term_pattern_finds_what_the_plain_pattern_finds(forms: list[str], text: str) -> None:
    """The index's pattern puts each form's left boundary after its first character (so
    that the regular-expression engine can skip where no form begins), once for all the
    forms that begin with that character: it must find exactly the matches of the plain
    formulation (a few letters, so that forms often share their first one)."""
    index = TermIndex.of([(form, (), TermTarget(form, "")) for form in forms])
    assert index.pattern is not None
    expected = [(m.start(), m.group()) for m in _plain_pattern(forms).finditer(text)]
    assert [(m.start(), m.group()) for m in index.pattern.finditer(text)] == expected


@settings(max_examples=300, deadline=None)
@example(forms=["a"], text="ba a")  # the first form found after one its look-behind refused
@given(
    forms=st.lists(st.text(alphabet="ab-. é中", min_size=1, max_size=4), min_size=1, max_size=8),
    text=st.text(alphabet="ab-. é中\n_", max_size=30),
)
def test_terms_found_from_the_first_are_all_found(forms: list[str], text: str) -> None:
    """Linking terms searches a text once, and walks the matches from where the first was
    found (`inline._match_terms`): the look-behinds see the text before that position, so
    those are all the matches."""
    index = TermIndex.of([(form, (), TermTarget(form, "")) for form in forms])
    assert index.pattern is not None
    expected = [(m.start(), m.group()) for m in index.pattern.finditer(text)]
    first = index.pattern.search(text)
    found = [] if first is None else index.pattern.finditer(text, first.start())
    assert [(m.start(), m.group()) for m in found] == expected
