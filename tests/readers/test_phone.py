"""On a phone (375 px wide, touch): no page scrolls sideways, tables are stacked as cards with
each value under its column's heading, and a tap on a defined term opens its definition in
place."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser

PAGES = (
    "",  # home: the table of versions
    "harbour/",
    "harbour/2023/",
    "harbour/2023/1-mooring/",
    "harbour/2023/2-cargo/",  # an author's table in the section's text
    "harbour/2023/glossary/",
    "harbour/2023/explorer/",
    "harbour/2023/changes/",  # the table of changes
)

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('.md-content *')]
    .filter(e => !e.closest('table[data-nk-stack] thead'))  // for screen readers only
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length)
    .map(e => e.tagName.toLowerCase() + '.' + e.className);
  return {page: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5)};
}"""


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, errors


def test_nothing_scrolls_sideways(phone: Any, harbour_url: str) -> None:
    problems = {}
    for path in PAGES:
        response = phone.goto(urljoin(harbour_url, path))
        assert response is not None and response.ok, path
        found = phone.evaluate(OVERFLOW)
        if found["page"] > 0 or found["wide"]:
            problems[path] = found
    assert not problems


def test_tables_are_stacked_cards(phone: Any, harbour_url: str) -> None:
    stacked = 0
    for path in ("", "harbour/2023/2-cargo/", "harbour/2023/changes/"):
        phone.goto(urljoin(harbour_url, path))
        for table in phone.locator(".md-typeset table").all():
            heads = table.locator("thead th").all_inner_texts()
            assert table.get_attribute("data-nk-stack") is not None, path
            assert (
                table.locator("thead").bounding_box()["height"] <= 1
            )  # read by screen readers only
            for row in table.locator("tbody tr").all():
                cells = row.locator("td").all()
                boxes = [cell.bounding_box() for cell in cells]
                # One above the other, each as wide as the card.
                assert all(b["y"] < c["y"] for b, c in itertools.pairwise(boxes)), path
                for cell, head in zip(cells, heads, strict=False):
                    assert cell.get_attribute("data-label") == head.strip()
                    shown = cell.evaluate("c => getComputedStyle(c, '::before').content")
                    assert shown == f'"{head.strip()}"'
            stacked += 1
    assert stacked >= 3


def test_tables_stay_tables_on_a_wide_screen(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, "harbour/2023/2-cargo/"))
    table = page.locator(".md-typeset table").first
    assert table.locator("thead").bounding_box()["height"] > 1
    cells = table.locator("tbody tr").first.locator("td").all()
    assert len({round(cell.bounding_box()["y"]) for cell in cells}) == 1


def test_a_tap_on_a_term_opens_its_definition_in_place(phone: Any, harbour_url: str) -> None:
    phone.goto(urljoin(harbour_url, "harbour/2023/1-mooring/"))
    term = phone.locator("a.nk-term", has_text="Pilot").first
    definition = term.get_attribute("title") or ""
    assert definition
    before = phone.url
    term.tap()
    box = phone.locator(".nk-term-definition")
    box.wait_for(state="visible")  # the click follows the touch
    assert box.inner_text().startswith(definition)
    assert term.get_attribute("aria-expanded") == "true"
    assert term.get_attribute("aria-controls") == box.get_attribute("id")
    assert box.locator("a").get_attribute("href") == term.get_attribute("href")
    assert phone.url == before  # still on the page
    term.tap()
    box.wait_for(state="detached")
    assert term.get_attribute("aria-expanded") == "false"
    term.tap()
    box.wait_for(state="visible")
    phone.keyboard.press("Escape")
    box.wait_for(state="detached")
