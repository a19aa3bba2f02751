"""The HTML policy: what the sanitiser keeps and removes, and its documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normkit.sources.html_policy import policy_markdown, removed_by_policy, sanitise

DOCS = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def test_documented_policy_is_the_code() -> None:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"<!-- html-policy:[^>]*-->\n(.*?)<!-- /html-policy -->", text, re.S)
    assert found is not None, "docs/authoring.md lost its html-policy block"
    assert found.group(1) == policy_markdown()


@pytest.mark.parametrize(
    ("html", "kept", "gone"),
    [
        ("<p>CO<sub>2</sub> and m<sup>3</sup></p>", "CO<sub>2</sub>", ""),
        ('<span onclick="x()">a</span>', "<span>a</span>", "onclick"),
        ("<script>alert(1)</script>b", "b", "alert"),
        ('<a href="javascript:alert(1)">j</a>', ">j</a>", "javascript"),
        ('<a href="vbscript:msgbox(1)">v</a>', ">v</a>", "vbscript"),
        ('<a href="data:text/html,x">d</a>', ">d</a>", "data:"),
        ('<a href="../../etc/passwd">p</a>', ">p</a>", "passwd"),
        ('<a href="https://example.org/">e</a>', 'href="https://example.org/"', ""),
        ('<img src="x" onerror="alert(1)">', "", "onerror"),
        ('<svg onload="alert(1)"></svg>', "", "onload"),
        ('<div style="position:fixed">f</div>', "<div>f</div>", "position"),
        ('<td style="text-align:right">r</td>', "", "position"),
        ('<p id="nk-banner" class="nk-banner">c</p>', "<p>c</p>", "nk-banner"),
        ("<iframe src=https://example.org></iframe>x", "x", "iframe"),
        ("<style>p{display:none}</style>s", "s", "display"),
    ],
)
def test_sanitise(html: str, kept: str, gone: str) -> None:
    cleaned = sanitise(html)
    assert kept in cleaned
    if gone:
        assert gone not in cleaned


def test_what_is_removed_is_named() -> None:
    assert removed_by_policy('<span onclick="x()" title="t">a</span><script></script>') == [
        "the onclick attribute of <span>",
        "<script>",
    ]
    assert removed_by_policy("<p>CO<sub>2</sub></p>") == []
