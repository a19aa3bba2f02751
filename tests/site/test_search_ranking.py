"""Search ranks as a reader expects: a query set (numbers, ids, titles, phrases, defined
terms) with the expected first result, run in Chromium against the demo's real Pagefind
index, from pages of different versions; excerpts hold the criterion's own text; a glossary
entry is one result; the version facet narrows the results."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser

SEARCH_TIMEOUT_MS = 120_000
"""The first search compiles Pagefind's WebAssembly and fetches the index: slow on a loaded
machine, so the wait is generous (a wait, not a measurement)."""

V2 = "/performance/v2/"
V3 = "/performance/v3/"
COC = "/chain-of-custody/v2/"

QUERIES: dict[str, list[tuple[str, str]]] = {
    # Reading the Performance Standard in force: its criteria first.
    "performance/v3/": [
        ("5.3", V3 + "5-climate-change/#ghg-targets"),
        ("ghg-targets", V3 + "5-climate-change/#ghg-targets"),
        ("Greenhouse gas targets", V3 + "5-climate-change/#ghg-targets"),
        ("time-bound targets", V3 + "5-climate-change/#ghg-targets"),
        ("grievance", V3 + "3-transparency-and-disclosure/#grievance-mechanism"),
        ("water", V3 + "7-water/"),
        ("Indigenous peoples", V3 + "9-human-rights/#indigenous-peoples"),
        ("Free, Prior and Informed Consent", V3 + "glossary/#term-free-prior-and-informed-consent"),
        ("FPIC", V3 + "glossary/#term-free-prior-and-informed-consent"),
        # Only an earlier version has it: found there.
        ("ghg-plan", V2 + "5-climate-change/#ghg-plan"),
        ("9.7", V2 + "9-human-rights/#grievance-mechanism"),
        ("carbon offsets", V2 + "glossary/#term-carbon-offset"),
    ],
    # Reading the Chain of Custody Standard: its own criteria before the other standard's.
    "chain-of-custody/v2/": [
        ("grievance", COC + "1-management-system/#coc-grievance"),
        ("2.3", COC + "2-material-accounting/#coc-segregation"),
        ("mass balance", COC + "glossary/#term-mass-balance"),
        ("Mass balance accounting", COC + "2-material-accounting/#coc-mass-balance"),
        ("segregation", COC + "2-material-accounting/#coc-segregation"),
    ],
    # Reading a superseded version: that version first.
    "performance/v2/": [
        ("5.3", V2 + "5-climate-change/#ghg-plan"),
        ("ghg-plan", V2 + "5-climate-change/#ghg-plan"),
        ("carbon offsets", V2 + "glossary/#term-carbon-offset"),
        ("Use of carbon offsets", V2 + "5-climate-change/#carbon-offsets"),
    ],
    # From the home page: versions in force first.
    "": [
        ("ghg-targets", V3 + "5-climate-change/#ghg-targets"),
        ("coc-segregation", COC + "2-material-accounting/#coc-segregation"),
        ("Greenhouse gas reduction plan", V2 + "5-climate-change/#ghg-plan"),
    ],
}
FURNITURE = ("Permalink", "Short link", " · ", "Formerly", "Current:", "Applies to")


ANSWERED = """query => {
  const list = document.querySelector('.nk-search-results');
  return list.dataset.query === query && !list.hasAttribute('aria-busy');
}"""


def search(page: Any, query: str) -> list[dict[str, str]]:
    """The results listed for `query`: address, title, place and excerpt of each."""
    dialog = page.locator(".nk-search-dialog")
    if not dialog.is_visible():
        page.locator(".nk-search-button").click()
    page.locator(".nk-search-input").fill(query)
    return listed(page, query)


def listed(page: Any, query: str) -> list[dict[str, str]]:
    page.wait_for_function(ANSWERED, arg=query, timeout=SEARCH_TIMEOUT_MS)
    return [
        {
            "url": item.locator("a.nk-search-page").get_attribute("href") or "",
            "title": item.locator(".nk-search-title").inner_text(),
            "where": item.locator(".nk-search-where").inner_text(),
            "excerpt": item.locator(".nk-search-excerpt").inner_text(),
            "kind": item.get_attribute("data-kind") or "",
        }
        for item in page.locator(".nk-search-result").all()
    ]


@pytest.mark.parametrize("start", list(QUERIES))
def test_first_results(page: Any, site_url: str, start: str) -> None:
    page.goto(urljoin(site_url, start))
    wrong = []
    for query, expected in QUERIES[start]:
        results = search(page, query)
        found = results[0]["url"] if results else "(nothing)"
        if found != expected:
            wrong.append(f"{query!r} from /{start}: {found}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_the_query_set_is_large_enough() -> None:
    assert sum(len(queries) for queries in QUERIES.values()) >= 20


def test_excerpts_hold_only_the_text(page: Any, site_url: str) -> None:
    page.goto(urljoin(site_url, "performance/v3/"))
    for query in ("5.3", "grievance", "water withdrawal"):
        for result in search(page, query):
            if result["kind"] in ("criterion", "term"):
                anchor = result["url"].partition("#")[2]
                label = f"id {anchor.removeprefix('term-')}"  # the id line under a heading
                leaks = [word for word in (*FURNITURE, label) if word in result["excerpt"]]
                assert not leaks, (query, result)
                assert not result["excerpt"].startswith(result["title"]), (query, result)


def test_a_glossary_entry_is_one_result(page: Any, site_url: str) -> None:
    page.goto(urljoin(site_url, "performance/v3/"))
    results = search(page, "grievance mechanism")
    entries = [r for r in results if r["kind"] == "term"]
    assert [r["url"] for r in entries] == [V3 + "glossary/#term-grievance-mechanism"]
    assert entries[0]["where"] == "Defined term · Performance Standard V3"
    assert entries[0]["excerpt"].startswith("A formal, accessible process")


def test_the_version_facet(page: Any, site_url: str) -> None:
    page.goto(urljoin(site_url, "performance/v3/"))
    everywhere = search(page, "grievance")
    facet = page.locator("select.nk-search-version")
    labels = facet.locator("option").all_inner_texts()
    assert labels[0] == "All versions"
    assert any(label.startswith("In force (") for label in labels)
    assert any(label.startswith("Performance Standard V2 (") for label in labels)
    facet.select_option(label=next(x for x in labels if x.startswith("Performance Standard V2")))
    narrowed = [r["url"] for r in listed(page, "grievance")]
    assert narrowed and all(url.startswith(V2) for url in narrowed)
    assert narrowed[0] == V2 + "9-human-rights/#grievance-mechanism"
    assert len(everywhere) > len(narrowed) or everywhere != narrowed
    # Back to every version, from the keyboard.
    facet.focus()
    page.keyboard.press("Home")
    assert facet.input_value() == ""
    assert [r["url"] for r in listed(page, "grievance")] == [r["url"] for r in everywhere]
