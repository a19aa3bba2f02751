"""`TextStyle.render` dispatches on each piece's type (`_METHODS` in `model/text.py`): every
type of piece renders as its method says, a subclass's override is used, a text of one
literal piece is that piece stripped, and something that is not a piece is refused."""

from __future__ import annotations

import pytest

from normkit.model.location import Location
from normkit.model.text import (
    FOOTNOTES_START,
    FootnoteMark,
    FootnoteRef,
    Image,
    LinkEnd,
    LinkStart,
    LinkTarget,
    PartAnchor,
    Piece,
    Reference,
    TargetKind,
    TermUse,
    Text,
    TextStyle,
)

WHERE = Location(path="a.md", line=1, column=1)

PIECES: tuple[Piece, ...] = (
    "\n",
    PartAnchor(anchor="x<1>.a", item=True),
    PartAnchor(anchor="x.a", item=False),
    "<p>See ",
    Reference(key="s/v/x", anchor="x", text="5 & 6", title='"T"'),
    ", ",
    TermUse(term_id="t", text="Term", tooltip="a <b>"),
    ", ",
    LinkStart(target=LinkTarget(kind=TargetKind.BROKEN, value="nowhere"), title="", location=WHERE),
    "gone",
    LinkEnd(),
    " ",
    LinkStart(
        target=LinkTarget(kind=TargetKind.PROJECT, value="b.md", anchor="c"),
        title="T",
        location=WHERE,
    ),
    "here",
    LinkEnd(),
    " ",
    Image(
        target=LinkTarget(kind=TargetKind.EXTERNAL, value="https://e.org/i.png"),
        alt="pic",
        title="",
        location=WHERE,
    ),
    FootnoteRef(note=1, occurrence=1),
    "</p>\n",
    FootnoteMark(role="list-start"),
    FootnoteMark(role="note-start", note=1),
    "<p>Note",
    FootnoteMark(role="backref", note=1, occurrence=1),
    "</p>\n",
    FootnoteMark(role="note-end", note=1),
    FootnoteMark(role="list-end"),
    "\n",
)

EXPECTED = (
    '<li id="x&lt;1&gt;.a"><p>See '
    '<a class="nk-ref" href="#x" data-nk-ref="s/v/x" title="&quot;T&quot;">5 &amp; 6</a>, '
    '<a class="nk-term" href="#term-t" data-nk-term="t" title="a &lt;b&gt;">Term</a>, '
    '<span class="nk-link-broken">gone</span> <a href="b.md#c" title="T">here</a> '
    '<img src="https://e.org/i.png" alt="pic" />'
    '<sup class="footnote-ref"><a href="#fn1" id="fnref1:1">[1:1]</a></sup></p>\n'
    + FOOTNOTES_START
    + '<li id="fn1" class="footnote-item"><p>Note'
    ' <a href="#fnref1:1" class="footnote-backref">↩︎</a></p>\n</li>\n</ol>\n</section>'
)


def test_every_type_of_piece_renders_with_its_method() -> None:
    assert Text(markdown="", pieces=PIECES, plain="").html == EXPECTED


def test_a_subclass_overrides_what_a_piece_renders_as() -> None:
    class Style(TextStyle):
        scope = "s-"

        def part_anchor(self, piece: PartAnchor) -> str:
            return f"[{piece.anchor}]"

        def reference(self, piece: Reference) -> str:
            return f"({piece.text})"

    html = Style().render(PIECES)
    assert html.startswith("[x<1>.a][x.a]<p>See (5 & 6), ")
    assert 'href="#s-fn1" id="s-fnref1:1"' in html
    assert '<li id="s-fn1" class="footnote-item">' in html


def test_a_text_of_one_literal_piece_is_that_piece_stripped() -> None:
    assert Text(markdown="a", pieces=("\n<p>a</p>\n",), plain="a").html == "<p>a</p>"
    assert Text(markdown="", pieces=(), plain="").html == ""


def test_something_that_is_not_a_piece_is_refused() -> None:
    with pytest.raises(TypeError, match="not a piece of text"):
        TextStyle().render(("<p>", 3, "</p>"))  # type: ignore[arg-type]
