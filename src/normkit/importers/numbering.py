"""Choosing a `numbering` for imported display numbers, and checking an existing one fits."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from normkit.model.numbering import Numbering, NumberingStyle, numbering_for


def _shape(number: str) -> str:
    """`AC-2(1)` → `[A-Z]+-\\d+\\(\\d+\\)`: the number's form, with its runs generalised."""
    pieces: list[str] = []
    for run in re.finditer(r"[A-Z]+|[a-z]+|\d+|.", number):
        text = run.group(0)
        if text.isdigit():
            pieces.append(r"\d+")
        elif text.isascii() and text.isalpha():
            pieces.append("[A-Z]+" if text.isupper() else "[a-z]+")
        else:
            pieces.append(re.escape(text))
    return "".join(pieces)


def choose_numbering(numbers: Iterable[str]) -> str | dict[str, str]:
    """The simplest numbering that every one of `numbers` (non-empty, no white space)
    matches: `dotted`, `alphanumeric`, or a pattern made of the numbers' shapes."""
    given = sorted({n for n in numbers if n})
    if not given:
        return "none"
    for style in (NumberingStyle.DOTTED, NumberingStyle.ALPHANUMERIC):
        if all(numbering_for(style).matches(n) for n in given):
            return style.value
    shapes = sorted({_shape(n) for n in given})
    return {"pattern": "|".join(f"(?:{shape})" for shape in shapes)}


def numbering_of(raw: Any) -> Numbering | None:
    """The `Numbering` a `standard.yml` value declares (None: malformed or absent)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        try:
            return numbering_for(NumberingStyle(raw.strip()))
        except ValueError:
            return None
    if isinstance(raw, dict) and isinstance(raw.get("pattern"), str):
        try:
            return Numbering(style=NumberingStyle.PATTERN, pattern=raw["pattern"], declared=True)
        except re.error:
            return None
    return None


def misfits(raw: Any, numbers: Iterable[str]) -> list[str]:
    """The numbers an existing `numbering` value would not read as numbers."""
    numbering = numbering_of(raw)
    given = [n for n in numbers if n]
    if numbering is None:
        return given if raw is not None else []
    return [n for n in given if not numbering.matches(n)]


def usable_number(label: str) -> bool:
    """A label can be a display number when it is one word (numbers end at white space)."""
    return bool(label) and not any(c.isspace() for c in label) and label[-1] not in ".:"
