"""A text is empty when its plain text is blank: what `str.strip` leaves nothing of."""

from __future__ import annotations

import pytest

from normkit.model.text import Text


@pytest.mark.parametrize(
    "plain", ["", " ", "\n\n", "\t \u00a0\u2003\u3000\n", "a", " a ", "\u200b", "\n.\n"]
)
def test_a_text_is_empty_as_its_stripped_plain_text(plain: str) -> None:
    # (`is_empty` no longer copies the text to strip it: every check of a criterion asks)
    text = Text(markdown=plain, pieces=(), plain=plain)
    assert text.is_empty is (not plain.strip())
