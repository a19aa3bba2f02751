"""Display numbers as authored: a standard's numbering style, heading splitting, natural order."""

from __future__ import annotations

import re
from dataclasses import field
from enum import StrEnum
from typing import Any

from normkit.model.records import record
from normkit.pattern_cache import compile_constant


class NumberingStyle(StrEnum):
    """Named numbering styles a standard may declare (`numbering: <style>`)."""

    DOTTED = "dotted"
    """Digits joined by dots: `5`, `5.3`, `5.3.1` (the default)."""
    ALPHANUMERIC = "alphanumeric"
    """Letters and digits joined by `.` or `-`, with `(…)` groups, containing a digit:
    `AC-2(1)`, `OSPS-AC-01.01`, `V1.2.3`, `C.1`, `UX01`, `5.3`."""
    NONE = "none"
    """Headings carry no numbers: the whole heading is the title."""
    PATTERN = "pattern"
    """A regular expression of the standard's own (`numbering: {pattern: …}`)."""


STYLE_PATTERNS: dict[NumberingStyle, str] = {
    NumberingStyle.DOTTED: r"\d+(?:\.\d+)*",
    NumberingStyle.ALPHANUMERIC: (
        r"(?=[A-Za-z0-9.()-]*\d)[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+|\([A-Za-z0-9]+\))*"
    ),
    NumberingStyle.NONE: r"(?!)",
}
"""The pattern of each named style; `(?!)` never matches."""

_SEPARATOR = r"[.:]?(?:\s+(?:[–—]\s+|-\s+)?(?P<title>\S.*))?"
"""After the number: an optional `.` or `:`, then white space, an optional dash, the title
(to the end: headings are stripped, and a lazy title before trailing white space took time
quadratic in the white space of a hostile heading)."""


class PatternError(ValueError):
    """A numbering pattern that RE2 cannot compile; the message says why."""


def _re2_options(re2: Any) -> Any:
    options = re2.Options()
    options.dot_nl = True
    options.log_errors = False  # RE2 would print to stderr, outside normkit's diagnostics
    return options


def compile_pattern(pattern: str) -> Any:
    """A standard's own pattern, compiled by RE2: a pattern comes from a source, which may be
    hostile, and Python's backtracking `re` takes exponential time on patterns such as
    `(a+)+b`; RE2 matches in time linear in the heading (it has no look-around or
    back-references, which a display number never needs). RE2 is imported here, by the
    standards that have a pattern of their own: loading its library costs every other run
    about 7 M instructions."""
    import re2

    try:
        return re2.compile(pattern, _re2_options(re2))
    except re2.error as error:
        reason = error.args[0] if error.args else error
        text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        raise PatternError(text) from None


def strip_anchors(pattern: str) -> str:
    """`^AC-\\d+$` → `AC-\\d+`: the pattern describes the whole number, anchors are implied."""
    if pattern.startswith("^"):
        pattern = pattern[1:]
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1]
    return pattern


@record(kw_only=True)
class Numbering:
    """How a standard writes display numbers at the start of its headings."""

    style: NumberingStyle = NumberingStyle.DOTTED
    """Named style, or `pattern` for a pattern of the standard's own."""
    pattern: str = STYLE_PATTERNS[NumberingStyle.DOTTED]
    """Regular expression (Python syntax) that a whole display number matches."""
    declared: bool = False
    """Whether `standard.yml` declares it; then every criterion heading must carry a number."""
    _heading: Any = field(init=False, repr=False, compare=False)
    """The heading pattern: `re` for the named styles, RE2 for a standard's own."""
    _number: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        body = strip_anchors(self.pattern)
        heading = rf"(?P<number>(?:{body})){_SEPARATOR}"
        if self.style is NumberingStyle.PATTERN:
            compile_pattern(body)  # alone first, so that an error quotes the author's pattern
            object.__setattr__(self, "_number", compile_pattern(rf"(?:{body})"))
            object.__setattr__(self, "_heading", compile_pattern(heading))
        else:  # our own patterns (the alphanumeric one looks ahead, which RE2 cannot),
            # the same texts in every run: translated once per machine (`pattern_cache`)
            object.__setattr__(self, "_heading", compile_constant(heading, re.DOTALL))
            object.__setattr__(self, "_number", compile_constant(rf"(?:{body})"))

    def split(self, heading: str) -> tuple[str, str]:
        """`"5.3 Greenhouse gas targets"` → `("5.3", "Greenhouse gas targets")`;
        a heading that is only a number gives an empty title; no number, an empty number."""
        text = heading.strip()
        match = self._heading.fullmatch(text)
        if match is None or not match.group("number"):
            return "", text
        return match.group("number"), (match.group("title") or "").strip()

    def matches(self, number: str) -> bool:
        """Whether `number` is a whole display number in this numbering."""
        return bool(number) and self._number.fullmatch(number) is not None

    def matches_empty(self) -> bool:
        """Whether the pattern accepts an empty number (it must not)."""
        return self._number.fullmatch("") is not None

    def describe(self) -> str:
        """How to name the numbering in a message: the style, or the pattern."""
        if self.style is NumberingStyle.PATTERN:
            return f"pattern `{self.pattern}`"
        return f"style `{self.style}`"


DEFAULT_NUMBERING = Numbering()
"""Dotted numbers, not declared: numbers are optional (normkit's behaviour before `numbering`)."""


def numbering_for(style: NumberingStyle, *, declared: bool = True) -> Numbering:
    """The numbering of a named style."""
    return Numbering(style=style, pattern=STYLE_PATTERNS[style], declared=declared)


_DIGIT_RUNS = re.compile(r"(\d+)")

NumberKey = tuple[str | int, ...]
"""Case-folded text and numbers, alternating: text first (empty if the number starts with
a digit) and last (empty if it ends with one)."""


def number_sort_key(number: str) -> NumberKey:
    """Natural order of display numbers: runs of digits compare as numbers, other runs as
    case-folded text, and digits before letters: `5.2` < `5.10` < `C.1`,
    `AC-2` < `AC-2(1)` < `AC-10`. An empty number sorts first.

    One split in C and no tuple per run: the checks make a key per criterion. Text and
    numbers alternate at fixed places, so a number is only compared with a number; the empty
    text that starts a number beginning with a digit puts it before any letter. Case folding
    neither makes nor changes a digit, so the whole number is folded once."""
    parts: list[str | int] = _DIGIT_RUNS.split(number.casefold())
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)
