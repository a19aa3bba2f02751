"""The demo site in headless Chromium: search, versions, terms, filters, banners, a11y."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest

from normkit.model.corpus import Corpus
from normkit.model.standard import Criterion, Version, VersionStatus
from normkit.outputs.site import urls

pytestmark = pytest.mark.browser


def superseded_pair(corpus: Corpus) -> tuple[Version, Version, Criterion]:
    """(superseded version, its successor, a criterion id in both), preferring performance."""
    pairs = []
    for standard in corpus.standards:
        for old in standard.versions:
            new = standard.version(old.superseded_by) if old.superseded_by else None
            if old.status is not VersionStatus.SUPERSEDED or new is None:
                continue
            shared = [c for c in new.criteria() if old.criterion(c.id) is not None]
            if shared:
                pairs.append((standard.slug != "performance", old, new, shared[0]))
    assert pairs, "the demo corpus has no superseded version sharing a criterion"
    _, old, new, criterion = sorted(pairs, key=lambda p: p[0])[0]
    return old, new, criterion


def url_of(site_url: str, version: Version, criterion: Criterion) -> str:
    return urljoin(site_url, urls.criterion_page(version, criterion)) + f"#{criterion.id}"


def in_viewport(page: Any, element_id: str) -> bool:
    box = page.evaluate(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return [r.top, r.bottom, window.innerHeight]; }",
        element_id,
    )
    return bool(box[1] > 0 and box[0] < box[2])


def open_search(page: Any, query: str) -> Any:
    page.locator(".nk-search-button").click()
    page.locator(".nk-search-input").fill(query)
    results = page.locator(".nk-search-result")
    results.first.wait_for()
    return results


def test_search_greenhouse_lands_on_criterion_anchor(
    page: Any, site_url: str, demo_corpus: Corpus
) -> None:
    page.goto(site_url)
    results = open_search(page, "greenhouse")
    older = tuple(
        "/" + urls.version_page(v)
        for v in demo_corpus.versions()
        if v.status in (VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN)
    )
    hrefs = [a.get_attribute("href") or "" for a in results.locator("a.nk-search-page").all()]
    superseded = [href.startswith(older) for href in hrefs]
    assert hrefs
    assert superseded == sorted(superseded), f"superseded pages must rank last: {hrefs}"
    first = results.first.locator("a.nk-search-page")
    assert "greenhouse" in first.inner_text().lower()
    first.click()
    page.wait_for_load_state()
    anchor = page.url.split("#", 1)[1]
    heading = page.locator(f"[id='{anchor}']")
    assert "nk-criterion-heading" in (heading.get_attribute("class") or "")
    assert in_viewport(page, anchor)


@pytest.mark.parametrize("query_kind", ["number", "id"])
def test_search_by_number_or_id(
    page: Any, site_url: str, demo_corpus: Corpus, query_kind: str
) -> None:
    standard = demo_corpus.standard("performance") or demo_corpus.standards[0]
    version = standard.latest_published
    assert version is not None
    criterion = next(c for c in version.criteria() if c.number.count(".") == 1)
    query = criterion.number if query_kind == "number" else criterion.id
    page.goto(urljoin(site_url, urls.version_page(version)))
    first = open_search(page, query).first.locator("a.nk-search-page")
    assert first.get_attribute("href", timeout=5000).endswith(f"#{criterion.id}")


def test_version_switch_keeps_criterion(page: Any, site_url: str, demo_corpus: Corpus) -> None:
    old, new, criterion = superseded_pair(demo_corpus)
    page.goto(url_of(site_url, new, criterion))
    with page.expect_navigation():
        page.locator("select.nk-switcher").select_option(
            page.locator(f"select.nk-switcher option[data-version='{old.name}']").get_attribute(
                "value"
            )
        )
    assert page.url == url_of(site_url, old, criterion)
    assert in_viewport(page, criterion.id)


def test_superseded_banner_links_to_same_criterion(
    page: Any, site_url: str, demo_corpus: Corpus
) -> None:
    old, new, criterion = superseded_pair(demo_corpus)
    page.goto(url_of(site_url, old, criterion))
    banner = page.locator(".nk-banner-superseded")
    assert new.title in banner.inner_text()
    banner.locator("a.nk-successor-link").click()
    page.wait_for_load_state()
    assert page.url == url_of(site_url, new, criterion)


def test_draft_or_consultation_banner(page: Any, site_url: str, demo_corpus: Corpus) -> None:
    drafts = [v for v in demo_corpus.versions() if v.status.is_prerelease]
    if not drafts:
        pytest.skip("the demo corpus has no draft or consultation version")
    page.goto(urljoin(site_url, urls.version_page(drafts[0])))
    assert "not in force" in page.locator(f".nk-banner-{drafts[0].status}").inner_text()


def test_term_shows_tooltip(page: Any, site_url: str, demo_corpus: Corpus) -> None:
    version = next(v for v in demo_corpus.versions() if any(c.terms for c in v.criteria()))
    criterion = next(c for c in version.criteria() if c.terms)
    page.goto(url_of(site_url, version, criterion))
    term = page.locator(".nk-criterion a.nk-term").first
    definition = term.get_attribute("title") or ""
    assert definition
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for()
    assert definition[:40] in tooltip.inner_text()
    href = term.get_attribute("href") or ""
    term.click()
    page.wait_for_load_state()
    assert "/glossary/" in page.url
    assert in_viewport(page, href.split("#", 1)[1])


def _filter_case(corpus: Corpus) -> tuple[Version, Criterion, str]:
    for version in corpus.versions():
        standard = corpus.standard(version.standard)
        assert standard is not None
        for criterion in version.criteria():
            missing = [a.code for a in standard.applicability if a.code not in criterion.applies_to]
            if missing:
                return version, criterion, missing[0]
    raise AssertionError("no criterion in the demo is limited in applicability")


def test_applicability_filter_hides_criteria(page: Any, site_url: str, demo_corpus: Corpus) -> None:
    version, criterion, code = _filter_case(demo_corpus)
    page.goto(urljoin(site_url, urls.criterion_page(version, criterion)))
    block = page.locator(f".nk-criterion[data-criterion='{criterion.id}']")
    assert block.is_visible()
    page.locator("select.nk-applies-filter").select_option(code)
    assert block.is_hidden()
    assert page.locator(f"[id='{criterion.id}']").is_hidden()
    for shown in page.locator(".nk-criterion:visible").all():
        assert code in (shown.get_attribute("data-applies-to") or "").split()


def test_explorer_filters_and_searches(page: Any, site_url: str, demo_corpus: Corpus) -> None:
    version, criterion, code = _filter_case(demo_corpus)
    page.goto(urljoin(site_url, urls.explorer_page(version)))
    rows = page.locator(".nk-row")
    total = rows.count()
    assert total == len(list(version.criteria()))
    page.locator(".nk-explorer select[data-field='applies-to']").select_option(code)
    assert page.locator(f".nk-row[data-criterion='{criterion.id}']").is_hidden()
    assert page.locator(".nk-row:visible").count() < total
    page.locator(".nk-explorer select[data-field='applies-to']").select_option("")
    field = page.locator(".nk-explorer select[data-field]:not([data-field='applies-to'])").first
    name = field.get_attribute("data-field")
    value = field.locator("option").nth(1).get_attribute("value") or ""
    field.select_option(value)
    for row in page.locator(".nk-row:visible").all():
        assert value in (row.get_attribute(f"data-field-{name}") or "").split()
    field.select_option("")
    page.locator(".nk-explorer-text").fill(criterion.id)
    visible = page.locator(".nk-row:visible")
    assert visible.count() >= 1
    assert visible.first.get_attribute("data-criterion") == criterion.id
    visible.first.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#{criterion.id}")


def test_short_address_and_latest_redirect(page: Any, site_url: str, demo_corpus: Corpus) -> None:
    standard = demo_corpus.standard("performance") or demo_corpus.standards[0]
    latest = standard.latest_published
    assert latest is not None
    criterion = next(latest.criteria())
    page.goto(urljoin(site_url, urls.short_page(standard.slug, criterion.id)))
    page.wait_for_url(f"**/{urls.criterion_page(latest, criterion)}#{criterion.id}")
    page.goto(urljoin(site_url, urls.latest_page(standard.slug)))
    page.wait_for_url(urljoin(site_url, urls.version_page(latest)))
    anchor = f"term-{demo_corpus.terms_for(latest.key)[0].id}"
    page.goto(urljoin(site_url, urls.latest_page(standard.slug) + f"glossary/#{anchor}"))
    page.wait_for_url(urljoin(site_url, urls.glossary_page(latest)) + f"#{anchor}")


def test_pages_have_no_console_errors(page: Any, site_url: str, demo_corpus: Corpus) -> None:
    visited = [urls.home()]
    for version in demo_corpus.versions():
        visited += [urls.version_page(version), urls.glossary_page(version)]
        visited.append(urls.explorer_page(version))
        if version.supersedes:
            visited.append(urls.changes_page(version))
        visited.extend(urls.section_page(version, s.key) for s in version.sections[:2])
    for path in visited:
        response = page.goto(urljoin(site_url, path))
        assert response is not None and response.ok, path
    # The fixture fails the test on any console error seen on these pages.


def _axe_page_paths(corpus: Corpus) -> list[str]:
    version, criterion, _ = _filter_case(corpus)
    return [
        urls.home(),
        urls.criterion_page(version, criterion),
        urls.glossary_page(version),
        urls.explorer_page(version),
    ]


@pytest.mark.parametrize("which", ["home", "principle", "glossary", "explorer"])
def test_axe_no_serious_violations(
    page: Any, site_url: str, demo_corpus: Corpus, which: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    index = ["home", "principle", "glossary", "explorer"].index(which)
    page.goto(urljoin(site_url, _axe_page_paths(demo_corpus)[index]))
    violations = [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:200]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not violations, "\n".join(violations)
