"""Splitting a criterion's body around its lettered parts (`units.split_body`) from its block
tokens alone: the same split as from a whole parse, whatever the body holds."""

from __future__ import annotations

import pytest

from normkit.sources.markdown import parse
from normkit.translations.units import split_at_parts, split_body

BODIES = [
    "The Entity shall:\n\n1. set targets;\n2. report them.\n\nAfter the parts.",
    "Lead[^1]:\n\n1. one\n\n   [^1]: A footnote defined inside an item.\n2. two\n\nEnd.",
    "Lead.\n\n[ref]: https://e.org\n\n3. a *part* [ref]\n\n   > quoted\n\n   1. nested\n\nEnd.",
    "- a bullet\n\n  1. nested, not a part\n\n1. the parts\n   2. lazily\ncontinued\n\ntail",
    "<div>\n\n1. in HTML\n\n</div>\n\n1. a part &#1;\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "No parts at all, a [[reference]] and a [=term=].",
    "> 1. quoted, not a part\n\nTerm\n: 1. defined\n\n```\n1. fenced\n```",
]


def _whole_parse_split(markdown: str) -> tuple[str, str]:
    """What `split_body` gave when it parsed the whole body (inline included)."""
    return split_at_parts(markdown, parse(markdown))


@pytest.mark.parametrize("body", BODIES)
def test_split_from_block_tokens_is_the_whole_parse_split(body: str) -> None:
    split_body.cache_clear()
    assert split_body(body) == _whole_parse_split(body)


def test_split_keeps_the_text_around_the_parts() -> None:
    split_body.cache_clear()
    assert split_body(BODIES[0]) == ("The Entity shall:", "After the parts.")
    assert split_body(BODIES[1]) == ("Lead[^1]:", "End.")
    assert split_body(BODIES[5]) == (BODIES[5], "")
