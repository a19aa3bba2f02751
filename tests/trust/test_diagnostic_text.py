"""What a diagnostic prints is one line of plain text, whatever the source quoted in it."""

from __future__ import annotations

import pytest

from normkit.diagnostics import MAX_MESSAGE, Code, diagnostic, one_line
from normkit.model.location import Location


@pytest.mark.parametrize(
    ("quoted", "shown"),
    [
        ("v3-2025\n\nA revision", "v3-2025 A revision"),
        ("a\r\nb\tc", "a b c"),
        ("x\x1b[2Jy", "x<U+001B>[2Jy"),
        ("nul\x00", "nul<U+0000>"),
        ("next\x85line", "next line"),
        ("left\u202eright", "left<U+202E>right"),
        ("\ufeffpublished", "<U+FEFF>published"),
        ("lone\udcffsurrogate", "lone<U+DCFF>surrogate"),
        ("Énergie — propre", "Énergie — propre"),
    ],
)
def test_quoted_text_is_one_printable_line(quoted: str, shown: str) -> None:
    found = diagnostic(Code.META_INVALID, Location(path="a.yml", line=1, column=1), quoted, quoted)
    assert found.message == shown and found.hint == shown
    assert found.format().count("\n") == 1
    found.format().encode("utf-8")  # printable as UTF-8: no lone surrogate is left


def test_long_quotes_are_shortened() -> None:
    shortened = one_line("'" + "x" * 5000 + "'")
    assert len(shortened) == MAX_MESSAGE and shortened.endswith("…")
