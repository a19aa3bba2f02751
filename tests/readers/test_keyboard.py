"""Search from the keyboard alone, and no serious accessibility violation with its dialog open
(the switcher, filter and explorer have theirs in test_filter_explorer.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser

SEARCH_TIMEOUT_MS = 120_000
"""The first search compiles Pagefind's WebAssembly and fetches the index: slow on a loaded
machine, so the wait is generous (a wait, not a measurement)."""

ANSWERED = """query => {
  const list = document.querySelector('.nk-search-results');
  return list.dataset.query === query && !list.hasAttribute('aria-busy')
    && list.children.length > 0;
}"""


def _focused(page: Any) -> str:
    return str(
        page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.tagName.toLowerCase() + '.' + e.classList[0]; })()"
        )
    )


def test_search_from_the_keyboard(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, "harbour/2023/"))
    page.keyboard.press("/")  # opens the search box, the cursor in its field
    assert page.locator(".nk-search-dialog").is_visible()
    assert _focused(page) == "input.nk-search-input"
    page.keyboard.type("pilot boarding")
    page.wait_for_function(ANSWERED, arg="pilot boarding", timeout=SEARCH_TIMEOUT_MS)
    first = page.locator(".nk-search-result a.nk-search-page").first
    expected = first.get_attribute("href") or ""
    assert expected.endswith("/harbour/2023/1-mooring/#pilot-boarding")
    # Tab reaches Close, the version facet, then the results, in that order.
    page.keyboard.press("Tab")
    assert _focused(page) == "button.nk-search-close"
    page.keyboard.press("Tab")
    assert _focused(page) == "select.nk-search-version"
    page.keyboard.press("Tab")
    assert _focused(page) == "a.nk-search-page"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == urljoin(harbour_url, expected.lstrip("/"))
    # Escape closes the dialog and leaves the reader where they were.
    page.keyboard.press("/")
    assert page.locator(".nk-search-dialog").is_visible()
    page.keyboard.press("Escape")
    assert page.locator(".nk-search-dialog").is_hidden()


def test_open_search_has_no_serious_accessibility_violation(page: Any, harbour_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(urljoin(harbour_url, "harbour/2023/"))
    page.keyboard.press("/")
    page.keyboard.type("pilot")
    page.wait_for_function(ANSWERED, arg="pilot", timeout=SEARCH_TIMEOUT_MS)
    violations = [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:200]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not violations, "\n".join(violations)
