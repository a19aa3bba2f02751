"""`markup_lost`: what a translation lost or added of its source's markup, piece by piece."""

from __future__ import annotations

from normkit.model.location import Location
from normkit.model.text import (
    Image,
    LinkEnd,
    LinkStart,
    LinkTarget,
    Piece,
    Reference,
    TargetKind,
    TermUse,
    Text,
)
from normkit.translations.texts import markup_lost

HERE = Location(path="standards/demo/v1/01-scope.md", line=3, column=1)


def _text(*pieces: Piece) -> Text:
    return Text(markdown="", pieces=pieces, plain="")


def _reference(key: str) -> Reference:
    return Reference(key=key, anchor=key, text=key, title="")


def _link(value: str) -> LinkStart:
    return LinkStart(
        target=LinkTarget(kind=TargetKind.EXTERNAL, value=value), title="", location=HERE
    )


def _image(value: str) -> Image:
    target = LinkTarget(kind=TargetKind.PROJECT, value=value)
    return Image(target=target, alt="", title="", location=HERE)


def test_every_kind_of_markup_is_compared() -> None:
    source = _text(
        "<p>",
        _reference("demo/v1/scope"),
        _reference("demo/v1/scope"),
        _reference("demo/v1/ghg.a"),
        TermUse(term_id="ghg", text="GHG", tooltip=""),
        TermUse(term_id="entity", text="entity", tooltip=""),
        _link("https://example.org/a"),
        "<em>kept</em> <strong>bold</strong>",
        LinkEnd(),
        _image("images/a.png"),
        "<code>x</code><pre><code>block</code></pre></p>",
    )
    translation = _text(
        "<p>",
        _reference("demo/v1/scope"),
        _reference("demo/v1/other"),
        TermUse(term_id="entity", text="entité", tooltip=""),
        TermUse(term_id="added", text="ajout", tooltip=""),
        _link("https://example.org/b"),
        "<em>gardé</em> <e",  # a tag cut between two pieces is no tag
        "m>x</em>",
        LinkEnd(),
        _image("images/a.png"),
        "<pre><code>bloc</code></pre><code>y</code><code>z</code></p>",
    )
    assert markup_lost(source, translation, {"ghg": "GHG emissions"}) == [
        "cross-reference [[ghg.a]] 1× in the source, 0× here",
        "cross-reference [[other]] 0× in the source, 1× here",
        "cross-reference [[scope]] 2× in the source, 1× here",
        "defined term 'GHG emissions' not used",
        "link to https://example.org/a only in the source",
        "link to https://example.org/b not in the source",
        "code span 1× in the source, 2× here",
        "strong emphasis 1× in the source, 0× here",
    ]
    assert markup_lost(translation, translation, {}) == []


def test_a_source_without_html_compares_no_emphasis() -> None:
    source = _text(_reference("demo/v1/scope"))
    translation = _text(_reference("demo/v1/scope"), "<em>ajout</em>", _image("images/b.png"))
    assert markup_lost(source, translation, {}) == ["image to images/b.png not in the source"]
