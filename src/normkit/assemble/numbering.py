"""`numbering:` in `standard.yml` → the standard's `Numbering`."""

from __future__ import annotations

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.metadata.validate import Checked
from normkit.model.numbering import (
    DEFAULT_NUMBERING,
    Numbering,
    NumberingStyle,
    PatternError,
    numbering_for,
)

NAMED_STYLES = tuple(s.value for s in NumberingStyle if s is not NumberingStyle.PATTERN)


def read_numbering(checked: Checked) -> tuple[Numbering, list[Diagnostic]]:
    """`numbering: dotted | alphanumeric | none` or `numbering: {pattern: <regex>}` of a
    checked standard.yml; anything malformed is reported and the default (dotted, numbers
    optional) is used."""
    raw = checked.get("numbering")
    if raw is None:
        return DEFAULT_NUMBERING, []
    where = checked.at("numbering")
    if isinstance(raw, str):
        if raw.strip() in NAMED_STYLES:
            return numbering_for(NumberingStyle(raw.strip())), []
        return DEFAULT_NUMBERING, [
            diagnostic(
                Code.META_INVALID,
                where,
                f"unknown numbering style '{raw}'",
                did_you_mean(raw, NAMED_STYLES)
                or f"use one of {', '.join(NAMED_STYLES)}, or `numbering: {{pattern: '<regex>'}}`",
            )
        ]
    if not isinstance(raw, dict) or set(raw) != {"pattern"}:
        return DEFAULT_NUMBERING, [
            diagnostic(
                Code.META_INVALID,
                where,
                "'numbering' must be a style name or a mapping with one key, 'pattern'",
                f"for example `numbering: alphanumeric` or `numbering: {{pattern: '{_EXAMPLE}'}}`",
            )
        ]
    pattern = raw["pattern"]
    where = checked.at("numbering", "pattern")
    if not isinstance(pattern, str) or not pattern.strip():
        message = "the numbering pattern must be a non-empty text"
        return DEFAULT_NUMBERING, [diagnostic(Code.META_INVALID, where, message)]
    problem = _pattern_problem(pattern)
    if problem:
        message = f"numbering pattern `{pattern}`: {problem}"
        return DEFAULT_NUMBERING, [diagnostic(Code.META_INVALID, where, message)]
    return Numbering(style=NumberingStyle.PATTERN, pattern=pattern, declared=True), []


_EXAMPLE = r"[A-Z]{2}-\d+(\(\d+\))?"


def _pattern_problem(pattern: str) -> str:
    try:
        numbering = Numbering(style=NumberingStyle.PATTERN, pattern=pattern)
    except PatternError as error:
        return (
            f"not a valid regular expression ({error}); patterns use RE2 syntax: no "
            "look-around or back-references"
        )
    if numbering.matches_empty():
        return "it matches an empty number; every number needs at least one character"
    return ""
