"""Redline segments cut into lines, so each output can lay them out as paragraphs."""

from __future__ import annotations

import re
from functools import lru_cache

from normkit.model.standard import FieldSpec, FieldValue
from normkit.outputs.json.serialise import field_value
from normkit.revisions.changeset import (
    ChangeKind,
    CriterionChange,
    FieldDeclarationChange,
    FieldDeclarationKind,
)
from normkit.revisions.words import Segment, combined_text, word_diff

LINE_BREAK = re.compile(r"[ \t]*\n\s*")
WORDING = {ChangeKind.TEXT_CHANGED, ChangeKind.EDITORIAL, ChangeKind.SPLIT, ChangeKind.MERGED}


@lru_cache(maxsize=8192)
def wording_diff(old: str, new: str) -> tuple[Segment, ...]:
    """`word_diff`, once per pair of wordings in a process: the changeset JSON, the redline
    DOCX, the summary and the site's changes page each show the same change's redline, and
    the result is immutable (a tuple of frozen segments)."""
    return word_diff(old, new)


def split_lines(segments: tuple[Segment, ...]) -> list[list[Segment]]:
    """Lines of segments; a line that exists on one side only is one insertion or deletion."""
    lines: list[list[Segment]] = [[]]
    for segment in segments:
        pieces = LINE_BREAK.split(segment.text)
        for index, piece in enumerate(pieces):
            if index > 0:
                lines.append([])
            if piece:
                lines[-1].append(Segment(segment.op, piece))
    return [line for line in lines if line]


def change_lines(change: CriterionChange) -> list[list[Segment]]:
    """The wording of a change as lines: a redline for wording changes, else the text as is."""
    old, new = combined_text(change.old), combined_text(change.new)
    if not change.new or ChangeKind.WITHDRAWN in change.kinds:
        return split_lines((Segment("delete", old),))
    if not change.old:
        return split_lines((Segment("insert", new),))
    if WORDING & set(change.kinds):
        return split_lines(wording_diff(old, new))
    return split_lines((Segment("equal", new),))


def withdrawal_note(change: CriterionChange) -> str:
    """`Withdrawn — incorporated into AC-3.` for a `withdrawn` change, else empty."""
    if ChangeKind.WITHDRAWN not in change.kinds:
        return ""
    return change.new[0].withdrawal_note.plain


def kind_label(kind: ChangeKind) -> str:
    return {
        ChangeKind.TEXT_CHANGED: "Text changed",
        ChangeKind.METADATA_CHANGED: "Metadata changed",
    }.get(kind, str(kind).capitalize())


def show_value(value: FieldValue) -> str:
    """A field value as a reader sees it."""
    shown = field_value(value)
    if isinstance(shown, list):
        return ", ".join(str(v) for v in shown) or "none"
    if shown is None:
        return "none"
    if isinstance(shown, bool):
        return "yes" if shown else "no"
    return str(shown)


def _declared(spec: FieldSpec, key: str) -> str:
    value = getattr(spec, key)
    if key == "type":
        return str(value)
    if key == "choices":
        return ", ".join(value) or "none"
    return show_value(value)


def field_declaration_line(change: FieldDeclarationChange) -> str:
    """`CWE (cwe): added, list-of-number` — one schema change as a reader sees it."""
    head = f"{change.label} ({change.name})"
    if change.kind is FieldDeclarationKind.ADDED and change.new is not None:
        where = "" if change.new.on_criteria else f", on {change.new.on}"
        return f"{head}: added, {change.new.type}{where}"
    if change.kind is FieldDeclarationKind.RETIRED:
        return f"{head}: retired"
    assert change.old is not None and change.new is not None
    parts = [
        f"{key} {_declared(change.old, key)} → {_declared(change.new, key)}" for key in change.keys
    ]
    return f"{head}: " + "; ".join(parts)
