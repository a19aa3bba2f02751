"""`pieces._split` interleaves a fragment's literals and its typed pieces, dropping the empty
literals, as a walk of the literals does (the definition below): it keeps the typed pieces
by their truth, so each must be true."""

from __future__ import annotations

import dataclasses
import typing

from normkit.model.text import (
    FootnoteMark,
    FootnoteRef,
    LinkEnd,
    PartAnchor,
    Piece,
    Reference,
)
from normkit.sources.pieces import MARKER, _split


def _walked(html: str, typed: list[Piece]) -> list[Piece]:
    pieces: list[Piece] = []
    for index, literal in enumerate(html.split(MARKER)):
        if index:
            pieces.append(typed[index - 1])
        if literal:
            pieces.append(literal)
    return pieces


def test_typed_pieces_are_true() -> None:
    for kind in typing.get_args(Piece):
        if kind is str:
            continue
        assert dataclasses.is_dataclass(kind), kind
        assert not hasattr(kind, "__bool__") and not hasattr(kind, "__len__"), kind


def test_split_as_walked() -> None:
    anchor = PartAnchor(anchor="x.a", item=True)
    reference = Reference(key="s/v/x", anchor="x", text="1.1", title="")
    typed: list[Piece] = [anchor, reference, LinkEnd(), FootnoteRef(note=1, occurrence=0)]
    typed.append(FootnoteMark(role="backref", note=1, occurrence=0))
    for html in (
        f"<p>a{MARKER}b{MARKER}c{MARKER}d{MARKER}e{MARKER}f</p>",
        f"{MARKER}{MARKER}{MARKER}{MARKER}{MARKER}",
        f"{MARKER}a{MARKER}{MARKER}b{MARKER}{MARKER}",
        "<p>no marker</p>",
        "",
    ):
        count = html.count(MARKER)
        assert _split(html, typed[:count]) == _walked(html, typed[:count]), html
