"""A lettered part's HTML and plain text are those of its item's Markdown rendered alone,
though the part reuses what its body rendered (each inline run is rendered once, `render.py`):
each part is checked against a criterion whose body is that Markdown, in the same chapter
(the same footnotes, terms and references)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from normkit.model.location import Location
from normkit.model.standard import Criterion
from normkit.model.text import (
    FootnoteMark,
    FootnoteRef,
    Image,
    LinkStart,
    Piece,
    Reference,
    TermUse,
)
from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise

PARTS = {
    "a": "the Entity reports its GHG Emissions to [[legal-compliance.b]];",
    "b": "records of GHG Emissions kept as `GHG Emissions` in code, by the Entity[^2];",
    "c": (
        "a loose item on Bribery:\n"
        "\n"
        "with a second paragraph naming the Entity and its GHG Emissions.\n"
        "\n"
        "- a nested point on Bribery;\n"
        "- another with a [link](https://example.org/x) to the Entity."
    ),
    "d": "the Entity and its <kbd>GHG</kbd> Emissions, as GHG Emissions[^3].",
}
"""Each part: a term the body links already (linked again in the part), a reference, a
code span, footnotes, a loose item with a nested list and a link, author HTML."""

_ITEM_INDENT = "   "


def _chapter() -> str:
    items = []
    for index, markdown in enumerate(PARTS.values(), start=1):
        lines = markdown.split("\n")
        rest = [f"{_ITEM_INDENT}{line}" if line else "" for line in lines[1:]]
        items.append("\n".join([f"{index}. {lines[0]}", *rest]))
    oracles = "".join(
        f"### 2.{number} Part {letter} alone\n\n```criterion\nid: alone-{letter}\n```\n\n"
        f"{markdown}\n\n"
        for number, (letter, markdown) in enumerate(PARTS.items(), start=2)
    )
    return (
        "# Parts\n\n## 2 Parts\n\n### 2.1 Mixed parts\n\n"
        "```criterion\nid: mixed-parts\n```\n\n"
        "Every Entity keeps records of its GHG Emissions, and of Bribery.\n\n"
        + "\n".join(items)
        + "\n\nAfter the parts, the Entity[^3].\n\n"
        + oracles
        + "[^2]: Kept by the Entity for its GHG Emissions.\n"
        + "[^3]: Named by the Entity, see [[legal-compliance]].\n"
    )


@pytest.fixture(scope="module")
def criteria(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Criterion]:
    root = materialise(None, tmp_path_factory.mktemp("parts") / "p")
    Path(root / "standards/demo/v2/02-parts.md").write_text(_chapter(), encoding="utf-8")
    result = check_project(root)
    assert result.ok, [d.format() for d in result.errors]
    version = result.corpus.version("demo", "v2")
    assert version is not None
    return {criterion.id: criterion for criterion in version.criteria()}


def _terms(pieces: tuple[Piece, ...]) -> list[str]:
    return [piece.text for piece in pieces if isinstance(piece, TermUse)]


@pytest.mark.parametrize("letter", list(PARTS))
def test_a_part_renders_as_its_item_alone(criteria: dict[str, Criterion], letter: str) -> None:
    part = next(p for p in criteria["mixed-parts"].parts if p.label == letter)
    alone = criteria[f"alone-{letter}"].body
    assert part.text.markdown == PARTS[letter]
    assert _placeless(part.text.pieces) == _placeless(alone.pieces)
    assert part.text.plain == alone.plain
    if not any(isinstance(piece, FootnoteRef) for piece in part.text.pieces):
        assert part.text.html == alone.html


def _placeless(pieces: tuple[Piece, ...]) -> list[Piece]:
    """Pieces without where they come from (the part and the criterion alone are at
    different places of the chapter): each footnote citation's occurrence and each link's
    location left out."""
    nowhere = Location(path="", line=0, column=0)
    return [
        replace(piece, occurrence=0)
        if isinstance(piece, FootnoteRef | FootnoteMark)
        else replace(piece, location=nowhere)
        if isinstance(piece, LinkStart | Image)
        else piece
        for piece in pieces
    ]


def test_the_body_links_each_term_once_and_its_parts_again(
    criteria: dict[str, Criterion],
) -> None:
    mixed = criteria["mixed-parts"]
    # The body links a term at its first use only, the footnotes' terms after the text's.
    assert _terms(mixed.body.pieces) == ["Entity", "GHG Emissions", "Bribery"]
    parts = {part.label: part.text for part in mixed.parts}
    assert _terms(parts["a"].pieces) == ["Entity", "GHG Emissions"]
    assert _terms(parts["b"].pieces) == ["GHG Emissions", "Entity"]
    assert _terms(parts["c"].pieces) == ["Bribery", "Entity", "GHG Emissions"]
    assert any(isinstance(piece, Reference) for piece in parts["a"].pieces)
    assert "<code>GHG Emissions</code>" in parts["b"].html
    assert "<kbd>GHG</kbd>" in parts["d"].html
    # A part shows only the footnotes it cites, numbered as in the body.
    assert 'class="footnotes"' in parts["b"].html and "Kept by the Entity" in parts["b"].html
    assert "Named by the Entity" not in parts["b"].html
    assert "Named by the Entity" in parts["d"].html
    assert "Kept by the Entity" not in parts["a"].html
    # The body's tight list hides its paragraphs; a part's own paragraph shows.
    assert "<li><p>" not in mixed.body.html and parts["a"].html.startswith("<p>")
    assert mixed.body.plain.startswith("Every Entity keeps records")
    assert "\nb. records of GHG Emissions kept as GHG Emissions in code" in mixed.body.plain


WIDE_ITEMS = {
    "a": "one line;",
    "b": "with a table:\n\n| Unit | Counted |\n|---|---|\n| t | yes |",
    "c": "with a nested list:\n- first;\n  continued;\n- second;",
    "d": "with code:\n\n    indented code\n\nafter it.",
}
"""Each item's Markdown as an author means it, whatever the marker's width."""


@pytest.mark.parametrize(
    ("marker", "gap"), [("1.", " "), ("1)", " "), ("1.", "  "), ("10.", " "), ("100.", "   ")]
)
def test_a_part_markdown_is_its_item_without_the_marker_indent(
    tmp_path: Path, marker: str, gap: str
) -> None:
    """A continuation line is dedented to the item's content column (the marker's width
    and the spaces after it), so a part's `markdown` stands alone: its tables, nested lists
    and code blocks mean what they meant inside the item."""
    number, delimiter = marker[:-1], marker[-1]
    start = int(number)
    items = []
    for index, markdown in enumerate(WIDE_ITEMS.values()):
        item_marker = f"{start + index}{delimiter}"
        indent = " " * (len(item_marker) + len(gap))
        first, *rest = markdown.split("\n")
        lines = [f"{item_marker}{gap}{first}", *(indent + line if line else "" for line in rest)]
        items.append("\n".join(lines))
    chapter = (
        "# Parts\n\n## 2 Parts\n\n### 2.1 Wide markers\n\n```criterion\nid: wide\n```\n\n"
        "The Entity reports:\n\n" + "\n\n".join(items) + "\n"
    )
    root = materialise(None, tmp_path / "p")
    Path(root / "standards/demo/v2/02-parts.md").write_text(chapter, encoding="utf-8")
    result = check_project(root)
    assert result.ok, [d.format() for d in result.errors]
    version = result.corpus.version("demo", "v2")
    assert version is not None
    wide = next(c for c in version.criteria() if c.id == "wide")
    assert {part.label: part.text.markdown for part in wide.parts} == WIDE_ITEMS
    assert "<table>" in wide.parts[1].text.html
    assert "<ul>" in wide.parts[2].text.html and "continued;" in wide.parts[2].text.html
    assert "<pre><code>indented code" in wide.parts[3].text.html
