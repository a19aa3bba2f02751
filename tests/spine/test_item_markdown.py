"""A one-line lettered item's Markdown is found by one match (`texts._ONE_LINE_ITEM`): it
must be what the steps for any item make of it (`_stepped`, the definition: the line
stripped, its marker removed, then the blanks after it), for any line."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from normkit.assemble.texts import _item_markdown


def _stepped(line: str) -> str:
    first = line.lstrip()
    if first[:1] in ("-", "+", "*"):
        marker = 1
    else:
        marker = len(first) - len(first.lstrip("0123456789"))
        marker += first[marker : marker + 1] in (".", ")")
    return first[marker:].lstrip()


@settings(max_examples=500, deadline=None)
@example(line="1. The Entity shall report.")
@example(line="  12) nested\u00a0 text ")
@example(line="- a bullet")
@example(line="-1. both")
@example(line="\u2003 3.\u3000wide blanks")
@example(line="")
@example(line="1.")
@example(line="a1. no marker")
@given(line=st.text(alphabet=" \t\u00a0\u2003\x1c0129.)-+*ab\u0663", max_size=12))
def test_one_line_item_as_stepped(line: str) -> None:
    assert _item_markdown([line], (0, 1)) == _stepped(line)
    assert _item_markdown(["before", line, "after"], (1, 2)) == _stepped(line)


def test_beyond_the_lines() -> None:
    assert _item_markdown(["1. one"], (1, 2)) == ""
