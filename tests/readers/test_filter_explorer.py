"""The applicability filter says what it hides, the table of contents follows it, a link to a
hidden criterion shows it; the explorer keeps its filters in the address and exports the
selection as CSV and XLSX; the switcher, filter and explorer work from the keyboard alone."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import openpyxl
import pytest

pytestmark = pytest.mark.browser

CARGO = "harbour/2023/2-cargo/"
HIDDEN_BY_PASSENGER = ("hazardous-declaration", "hazardous-storage", "lifting-operations")


def _visible(page: Any, criterion: str) -> bool:
    return bool(page.locator(f".nk-criterion[data-criterion='{criterion}']").is_visible())


def test_filter_notice_and_show_all(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, CARGO))
    notice = page.locator(".nk-filter-notice")
    page.locator("select.nk-applies-filter").select_option("passenger")
    assert notice.is_visible()
    assert notice.inner_text().startswith(
        "3 criteria hidden by the filter (they do not apply to Passenger terminals)"
    )
    for criterion in HIDDEN_BY_PASSENGER:
        assert not _visible(page, criterion)
        # The table of contents leaves them out too.
        assert page.locator(f".md-sidebar--secondary a[href='#{criterion}']").is_hidden()
    assert page.locator(".md-sidebar--secondary a[href='#passenger-gangways']").is_visible()
    notice.locator("button", has_text="Show all").click()
    assert notice.is_hidden()
    assert all(_visible(page, c) for c in HIDDEN_BY_PASSENGER)
    assert page.locator("select.nk-applies-filter").input_value() == ""


def test_a_link_to_a_hidden_criterion_shows_it(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, CARGO))
    page.locator("select.nk-applies-filter").select_option("passenger")
    # The filter is kept for the session: the next page opens filtered.
    page.goto(urljoin(harbour_url, "harbour/2023/1-mooring/"))
    page.goto(urljoin(harbour_url, CARGO + "#lifting-operations"))
    assert page.locator("select.nk-applies-filter").input_value() == "passenger"
    assert _visible(page, "lifting-operations")
    assert not _visible(page, "hazardous-storage")
    assert "2 criteria hidden" in page.locator(".nk-filter-notice").inner_text()
    box = page.locator("#lifting-operations").bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    # And so does a link followed on the page.
    page.evaluate("location.hash = '#hazardous-storage'")
    page.wait_for_function(
        "!document.querySelector(\".nk-criterion[data-criterion='hazardous-storage']\").hidden"
    )


def _explorer(page: Any, harbour_url: str, query: str = "") -> None:
    page.goto(urljoin(harbour_url, "harbour/2023/explorer/") + query)


def _shown(page: Any) -> list[str]:
    return [
        row.get_attribute("data-criterion") or "" for row in page.locator(".nk-row:visible").all()
    ]


def test_explorer_filters_live_in_the_address(page: Any, harbour_url: str) -> None:
    _explorer(page, harbour_url)
    page.locator(".nk-explorer select[name='applies-to']").select_option("bulk")
    page.locator(".nk-explorer select[name='severity']").select_option("major")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"applies-to": ["bulk"], "severity": ["major"]}
    shown = _shown(page)
    assert shown == ["pilot-boarding", "hazardous-declaration", "hazardous-storage"]
    # The address alone restores the selection.
    address = page.url
    page.goto(urljoin(harbour_url, "harbour/2023/"))
    page.goto(address)
    assert _shown(page) == shown
    assert page.locator(".nk-explorer select[name='severity']").input_value() == "major"
    _explorer(page, harbour_url, "?q=storage")
    assert page.locator(".nk-explorer-text").input_value() == "storage"
    assert _shown(page) == ["hazardous-storage"]


def _download(page: Any, label: str, folder: Path) -> Path:
    with page.expect_download() as download:
        page.locator("button.nk-export", has_text=label).click()
    target = folder / download.value.suggested_filename
    download.value.save_as(target)
    return target


def test_explorer_exports_the_selection(page: Any, harbour_url: str, tmp_path: Path) -> None:
    _explorer(page, harbour_url, "?applies-to=bulk")
    shown = _shown(page)
    path = _download(page, "Download CSV", tmp_path)
    assert path.name == "harbour-2023-criteria.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Number", "Title", "Id", "Status"]
    assert "Severity" in header and header[-2:] == ["Text", "Address"]
    assert [row[2] for row in body] == shown
    storage = next(row for row in body if row[2] == "hazardous-storage")
    assert storage[1] == "Hazardous cargo storage"
    assert storage[header.index("Applies to")] == "Container terminals, Bulk terminals"
    assert storage[header.index("Text")].startswith("The operator shall store Hazardous Cargo")
    assert storage[-1].endswith("/harbour/2023/2-cargo/#hazardous-storage")
    xlsx = _download(page, "Download XLSX", tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl warns about parts it had to make up
        sheet = openpyxl.load_workbook(xlsx).active
    values = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert values == rows


def test_switcher_from_the_keyboard(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, "harbour/2023/1-mooring/#pilot-boarding"))
    page.locator("select.nk-switcher").focus()
    # Arrow keys choose without leaving the page (WCAG 3.2.2); Enter goes.
    page.keyboard.press("ArrowDown")
    assert page.url.endswith("#pilot-boarding") and "/2023/" in page.url
    assert page.locator("select.nk-switcher").input_value().startswith("../../2019/")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == urljoin(harbour_url, "harbour/2019/1-mooring/#pilotage")


def test_filter_from_the_keyboard(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, CARGO))
    select = page.locator("select.nk-applies-filter")
    select.focus()
    for _ in range(3):  # All activities → Container → Bulk → Passenger terminals
        page.keyboard.press("ArrowDown")
    assert select.input_value() == "passenger"
    assert not _visible(page, "lifting-operations")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('nk-filter-show-all')")
    page.keyboard.press("Enter")
    assert _visible(page, "lifting-operations")


def test_explorer_from_the_keyboard(page: Any, harbour_url: str, tmp_path: Path) -> None:
    _explorer(page, harbour_url)
    page.locator(".nk-explorer-text").focus()
    page.keyboard.type("hazardous")
    assert _shown(page) == ["hazardous-declaration", "hazardous-storage"]
    page.keyboard.press("Tab")  # Applies to
    page.keyboard.press("Tab")  # Severity
    page.keyboard.press("Tab")  # Download CSV
    assert page.evaluate("document.activeElement.textContent") == "Download CSV"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    target = tmp_path / "keyboard.csv"
    download.value.save_as(target)
    assert target.read_text(encoding="utf-8-sig").count("hazardous-") == 2 * 2


def test_withdrawn_criteria_follow_the_address(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, "harbour/2026/explorer/"))
    assert "fender-inspection" not in _shown(page)
    page.locator(".nk-explorer-withdrawn input").check()
    assert parse_qs(urlsplit(page.url).query) == {"withdrawn": ["1"]}
    assert "fender-inspection" in _shown(page)
    assert page.locator(".nk-explorer-count").inner_text() == "8 of 8 criteria"
    page.goto(urljoin(harbour_url, "harbour/2026/explorer/?withdrawn=1&severity=minor"))
    assert page.locator(".nk-explorer-withdrawn input").is_checked()
    assert _shown(page) == [
        "mooring-lines",
        "fender-inspection",
        "lifting-operations",
        "passenger-gangways",
        "shore-power",
    ]
    # An unknown value in the address is ignored, not matched against nothing.
    page.goto(urljoin(harbour_url, "harbour/2026/explorer/?applies-to=nowhere"))
    assert page.locator(".nk-explorer select[name='applies-to']").input_value() == ""
    assert len(_shown(page)) == 7


def test_csv_cells_are_never_formulas(page: Any, harbour_url: str) -> None:
    _explorer(page, harbour_url)
    text = page.evaluate(
        "normkitTables.csv([['=HYPERLINK(\"x\")', '+1', '@sum', 'a, b', 'say \"hi\"', '5.3']])"
    )
    assert next(csv.reader(io.StringIO(text))) == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'@sum",
        "a, b",
        'say "hi"',
        "5.3",
    ]
