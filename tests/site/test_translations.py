"""The demo site's translations in headless Chromium: `/<language>/…` pages in their language,
the banner, out-of-date and untranslated markers, the language switcher keeping the criterion,
and search in each language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser

CLIMATE = "performance/v3/5-climate-change/"


def test_french_page_is_french_with_banner_and_alternates(page: Any, site_url: str) -> None:
    page.goto(urljoin(site_url, f"fr/{CLIMATE}"))
    assert page.evaluate("document.documentElement.lang") == "fr"
    banner = page.locator(".nk-banner-translation")
    assert "Traduction — la version anglaise fait foi." in banner.inner_text()
    banner.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url == urljoin(site_url, CLIMATE)
    page.goto(urljoin(site_url, f"fr/{CLIMATE}"))
    # Material's interface in French, normkit's labels in French, the criterion in French.
    assert page.locator(".md-sidebar--secondary .md-nav__title").first.inner_text().strip() == (
        "Table des matières"
    )
    assert "S'applique à" in page.locator(".nk-controls").inner_text()
    assert page.locator("#ghg-targets").inner_text().startswith("5.3 Objectifs de réduction")
    # The language selector leads to this same page in each language.
    hreflang = {
        link.get_attribute("hreflang"): link.get_attribute("href")
        for link in page.locator("a.md-select__link[hreflang]").all()
    }
    assert hreflang["en"].endswith(f"../{CLIMATE}") and "/fr/" not in hreflang["en"]
    assert hreflang["zh-Hans"].endswith(f"zh-Hans/{CLIMATE}")


def test_language_switcher_keeps_the_criterion(page: Any, site_url: str) -> None:
    page.goto(urljoin(site_url, f"{CLIMATE}#ghg-targets"))
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=fr]").click()
    page.wait_for_load_state()
    assert page.url == urljoin(site_url, f"fr/{CLIMATE}#ghg-targets")
    assert page.evaluate("document.documentElement.lang") == "fr"


def test_chinese_page_marks_stale_and_untranslated_text(page: Any, site_url: str) -> None:
    page.goto(urljoin(site_url, f"zh-Hans/{CLIMATE}"))
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    disclosure = page.locator(".nk-criterion[data-criterion=ghg-disclosure]")
    stale = disclosure.locator(".nk-translation-stale")
    assert "此译文已过时" in stale.inner_text()
    assert stale.get_by_role("link").get_attribute("href").endswith(f"{CLIMATE}#ghg-disclosure")
    # The text after the parts has no translation: English, said to be English, marked.
    fallback = disclosure.locator(".nk-untranslated").first
    assert fallback.get_attribute("lang") == "en"
    assert fallback.locator(".nk-untranslated-mark").inner_text() == "未翻译"
    assert "The disclosure shall be made" in fallback.inner_text()
    # A criterion whose title is not translated: the heading says its language.
    assert page.locator("#energy-management").get_attribute("lang") == "en"
    # Translated text links defined terms found by their Chinese names.
    terms = page.locator(".nk-criterion[data-criterion=ghg-targets] a.nk-term")
    assert "温室气体排放" in [term.inner_text() for term in terms.all()]


def test_search_in_french_finds_french_pages(page: Any, site_url: str) -> None:
    page.goto(urljoin(site_url, f"fr/{CLIMATE}"))
    page.locator(".nk-search-button").click()
    page.locator(".nk-search-input").fill("décarbonation")
    results = page.locator(".nk-search-result")
    results.first.wait_for()
    hrefs = [a.get_attribute("href") or "" for a in results.locator("a.nk-search-page").all()]
    assert hrefs and all(href.startswith("/fr/") for href in hrefs), hrefs
    # Criteria and glossary entries are search records of their own, in French too.
    assert any("#" in href for href in hrefs), hrefs


def test_french_glossary_page_is_the_translated_glossary(page: Any, site_url: str) -> None:
    page.goto(urljoin(site_url, "fr/performance/v3/glossary/"))
    assert page.evaluate("document.documentElement.lang") == "fr"
    entry = page.locator("#term-just-transition")
    assert "Transition juste" in entry.inner_text()


def test_search_dialog_speaks_the_language_of_the_page(page: Any, site_url: str) -> None:
    page.goto(urljoin(site_url, f"fr/{CLIMATE}"))
    button = page.locator(".nk-search-button")
    assert button.get_attribute("aria-label") == "Rechercher"
    button.click()
    search = page.locator(".nk-search-input")
    assert search.get_attribute("placeholder") == "Rechercher par numéro, identifiant ou mots"
    assert search.get_attribute("aria-label") == "Rechercher dans les normes"
    assert page.locator(".nk-search-close").inner_text() == "Fermer"
    assert page.locator(".nk-search-facet").inner_text().startswith("Afficher")
    search.fill("décarbonation")
    page.locator(".nk-search-result").first.wait_for()
    facet = page.locator(".nk-search-version")
    assert facet.locator("option").first.inner_text() == "Toutes les versions"
    groups = [group.get_attribute("label") for group in facet.locator("optgroup").all()]
    assert groups == ["Par statut", "Par version"]
    statuses = facet.locator("optgroup").first.locator("option").all_inner_texts()
    ranks = ("En vigueur (", "Projets et consultations (", "Remplacées et retirées (")
    assert statuses and all(status.startswith(ranks) for status in statuses), statuses
    search.fill("zqxjkv")
    status = page.locator(".nk-search-status")
    page.wait_for_function("document.querySelector('.nk-search-status').textContent.length > 12")
    assert status.inner_text() == "Aucun critère ni aucune page ne correspond"
    # The English pages keep the English words; Chinese pages have theirs.
    page.goto(urljoin(site_url, CLIMATE))
    assert page.locator(".nk-search-input").get_attribute("placeholder") == (
        "Search by number, id or words"
    )
    page.goto(urljoin(site_url, f"zh-Hans/{CLIMATE}"))
    assert (
        page.locator(".nk-search-input").get_attribute("placeholder") == "按编号、标识符或词语搜索"
    )


def test_a_definition_on_a_phone_links_its_entry_in_the_language_of_the_page(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        phone = context.new_page()
        phone.goto(urljoin(site_url, f"fr/{CLIMATE}"))
        term = phone.locator(".nk-criterion[data-criterion=ghg-targets] a.nk-term").first
        term.tap()
        definition = phone.locator(".nk-term-definition")
        assert definition.locator("a").inner_text() == "Entrée du glossaire"
        assert definition.locator("a").get_attribute("href") == term.get_attribute("href")
    finally:
        context.close()
