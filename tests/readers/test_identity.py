"""Pages a reader and a search engine can tell apart: titles with standard and version,
descriptions from the page's own text, canonical addresses, `noindex`, the sitemap, and a
404 page that works wherever the site is mounted."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from normkit.model.corpus import Corpus

HEAD = re.compile(
    r'<(title)>([^<]*)</title>|<meta name="(description|robots)" content="([^"]*)"'
    r'|<link rel="(canonical)" href="([^"]*)"'
)


def head(harbour: tuple[Corpus, Path], path: str) -> dict[str, str]:
    text = (harbour[1] / "site" / path / "index.html").read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for match in HEAD.finditer(text.split("</head>", 1)[0]):
        groups = [g for g in match.groups() if g is not None]
        found.setdefault(groups[0], groups[1])
    return found


def test_titles_carry_standard_and_version(harbour: tuple[Corpus, Path]) -> None:
    titles = {v: head(harbour, f"harbour/{v}/2-cargo")["title"] for v in ("2019", "2023", "2026")}
    assert (
        titles["2019"]
        == "2 Cargo · Harbour Safety Code 2019 (superseded) - Coastal Ports Safety Alliance"
    )
    assert titles["2023"] == "2 Cargo · Harbour Safety Code 2023 - Coastal Ports Safety Alliance"
    assert "(consultation draft)" in titles["2026"]
    overviews = {head(harbour, f"harbour/{v}")["title"] for v in ("2019", "2023", "2026")}
    assert len(overviews) == 3
    glossaries = {head(harbour, f"harbour/{v}/glossary")["title"] for v in ("2019", "2023")}
    assert len(glossaries) == 2


def test_descriptions_come_from_each_page(harbour: tuple[Corpus, Path]) -> None:
    pages = [
        "",
        "harbour",
        "harbour/2023",
        "harbour/2023/1-mooring",
        "harbour/2023/2-cargo",
        "harbour/2023/glossary",
        "harbour/2023/explorer",
        "harbour/2023/changes",
    ]
    descriptions = [head(harbour, page)["description"] for page in pages]
    assert len(set(descriptions)) == len(pages), descriptions
    # The Cargo part opens with a sentence and a table: neither makes a description.
    assert "2.1 Hazardous cargo declaration" in descriptions[4]
    assert not any(" | " in description for description in descriptions)
    assert descriptions[2].startswith("The second edition.")
    assert all(len(d) <= 161 for d in descriptions)


def test_canonical_and_noindex(harbour: tuple[Corpus, Path]) -> None:
    base = "https://standards.example.org/ports/"
    superseded = head(harbour, "harbour/2019/2-cargo")
    assert superseded["canonical"] == base + "harbour/2023/2-cargo/"
    assert "robots" not in superseded
    current = head(harbour, "harbour/2023/2-cargo")
    assert current["canonical"] == base + "harbour/2023/2-cargo/"
    assert "robots" not in current
    draft = head(harbour, "harbour/2026/2-cargo")
    assert draft["robots"] == "noindex"
    assert draft["canonical"] == base + "harbour/2026/2-cargo/"


def test_sitemap_lists_every_page(harbour: tuple[Corpus, Path]) -> None:
    site = harbour[1] / "site"
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text()))
    pages = {
        "https://standards.example.org/ports/" + p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "pagefind" not in p.parts
        and p.parts[len(site.parts)] != "c"
        and "http-equiv" not in p.read_text(encoding="utf-8")
    }
    pages = {p.replace("ports/./", "ports/") for p in pages}
    assert listed == pages


def test_no_empty_sitemap_without_site_url(demo_out: Path) -> None:
    assert not (demo_out / "site" / "sitemap.xml").exists()


@pytest.mark.browser
@pytest.mark.parametrize("missing", ["harbour/2031/3-quays/", "no-such-page", "a/b/c/d.html"])
def test_not_found_page_under_a_subpath(
    browser: Any, harbour_subpath_url: str, missing: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    failed: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    address = urljoin(harbour_subpath_url, missing)
    response = page.goto(address)
    assert response is not None and response.status == 404
    # Its own stylesheet and scripts load from the mount point, not from the server root.
    color = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert color not in ("", "rgba(0, 0, 0, 0)")
    in_force = page.locator(".nk-in-force a")
    assert in_force.all_inner_texts() == ["Harbour Safety Code 2023"]
    assert page.evaluate("document.querySelector('.nk-in-force a').href") == urljoin(
        harbour_subpath_url, "harbour/2023/"
    )
    assert page.locator(".nk-not-found .nk-search-open").is_visible()
    context.close()
    # Nothing but the missing page itself and (for an address that names no folder of the
    # site) the probes for the site's root answer 404; no script fails.
    probes = [url for url in failed if url.endswith("/assets/normkit/normkit.css")]
    assert sorted(set(failed) - set(probes)) == [address]
    assert all(not url.startswith(harbour_subpath_url + "assets/") for url in probes)
    assert not errors


SEARCH_TIMEOUT_MS = 120_000
"""Pagefind's first search compiles its WebAssembly and fetches the index: slow on a loaded
machine, so the wait is generous (a wait, not a measurement)."""


@pytest.mark.browser
def test_not_found_page_searches_under_a_subpath(browser: Any, harbour_subpath_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(urljoin(harbour_subpath_url, "harbour/2031/3-quays/"))
    page.locator(".nk-not-found .nk-search-open").click()
    page.locator(".nk-search-input").fill("pilot boarding")
    first = page.locator(".nk-search-result a.nk-search-page").first
    first.wait_for(timeout=SEARCH_TIMEOUT_MS)
    # The result leads into the site under its mount point, to the criterion in force.
    assert first.get_attribute("href") == "/standards/harbour/2023/1-mooring/#pilot-boarding"
    with page.expect_navigation():
        first.click()
    assert page.url == urljoin(harbour_subpath_url, "harbour/2023/1-mooring/#pilot-boarding")
    assert page.locator("#pilot-boarding").is_visible()
    context.close()
    assert not errors
