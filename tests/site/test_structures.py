"""Withdrawn criteria, section notes and display numbers as authored, on the built site."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BuiltCase
from tests.site.conftest import QuietHandler
from tests.site.crawl import broken_links

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sites(built_case: BuiltCase) -> Iterator[dict[str, str]]:
    """Each case's site, served on a free localhost port: case → base URL."""
    servers = {}
    for case in ("ok--withdrawn", "ok--section-notes", "ok--numbers"):
        site = built_case(case)[1] / "site"
        handler = functools.partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers[case] = server
    yield {case: f"http://127.0.0.1:{s.server_address[1]}/" for case, s in servers.items()}
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("case", ["ok--withdrawn", "ok--section-notes", "ok--numbers"])
def test_every_link_resolves(built_case: BuiltCase, case: str) -> None:
    site: Path = built_case(case)[1] / "site"
    assert broken_links(site) == []


def test_withdrawn_criterion_is_greyed_with_linked_targets(
    page: Any, sites: dict[str, str]
) -> None:
    page.goto(sites["ok--withdrawn"] + "controls/rev5/ac-access-control/")
    heading = page.locator("h2#ac-13")
    assert "nk-withdrawn" in (heading.get_attribute("class") or "")
    block = page.locator('.nk-criterion[data-criterion="ac-13"]')
    note = block.locator(".nk-withdrawn-note")
    assert note.inner_text() == "Withdrawn — incorporated into AC-2, AU-6."
    active = page.locator('.nk-criterion[data-criterion="ac-2"] .nk-body')
    grey = "el => getComputedStyle(el).color"
    assert block.evaluate(grey) != active.evaluate(grey)
    assert block.locator(".nk-mark-withdrawn").inner_text() == "Withdrawn in this version"
    note.locator("a", has_text="AU-6").click()
    page.wait_for_url("**/au-audit-and-accountability/#au-6")
    moved = page.goto(sites["ok--withdrawn"] + "controls/rev5/ac-access-control/#ac-15")
    assert moved is not None and moved.ok
    text = page.locator('.nk-criterion[data-criterion="ac-15"] .nk-withdrawn-note').inner_text()
    assert text == "Withdrawn — moved to AC-11(1)."
    reason = page.locator('.nk-criterion[data-criterion="ac-16"] .nk-withdrawn-reason')
    assert reason.inner_text() == "Addressed through tailoring."


def test_explorer_leaves_withdrawn_out_unless_asked(page: Any, sites: dict[str, str]) -> None:
    page.goto(sites["ok--withdrawn"] + "controls/rev5/explorer/")
    rows = page.locator(".nk-row")
    count = page.locator(".nk-explorer-count")
    visible = "rows => rows.filter(r => !r.hidden).map(r => r.dataset.criterion)"
    assert rows.evaluate_all(visible) == ["ac-1", "ac-2", "ac-11", "ac-11-1", "au-6"]
    assert count.inner_text() == "5 of 5 criteria"
    page.get_by_label("Show withdrawn criteria (4)").check()
    assert len(rows.evaluate_all(visible)) == 9
    assert count.inner_text() == "9 of 9 criteria"
    page.locator(".nk-explorer-text").fill("tailoring")
    assert rows.evaluate_all(visible) == ["ac-16"]
    page.get_by_label("Show withdrawn criteria (4)").uncheck()
    assert rows.evaluate_all(visible) == []
    assert count.inner_text() == "0 of 5 criteria"


def test_overview_counts_criteria_in_force(page: Any, sites: dict[str, str]) -> None:
    page.goto(sites["ok--withdrawn"] + "controls/rev5/")
    facts = page.locator("dl.nk-facts").inner_text()
    assert "Criteria\n5" in facts and "Withdrawn criteria\n4" in facts


def test_section_notes_follow_their_criterion(page: Any, sites: dict[str, str]) -> None:
    page.goto(sites["ok--section-notes"] + "demo/v2/2-disclosure/")
    order = page.evaluate(
        """() => [...document.querySelectorAll('.nk-criterion, .nk-section-note')].map(
            el => el.dataset.criterion || 'note: ' + el.innerText.trim().split('\\n')[0])"""
    )
    assert order == [
        "annual-report",
        "note: The annual report may be combined with any other report the Entity publishes.",
        "record-keeping",
        "note: References",
    ]
    body = page.locator('.nk-criterion[data-criterion="record-keeping"] .nk-body').inner_text()
    assert "Records let an auditor" in body and "retention schedule" not in body


def test_numbers_as_authored_and_number_only_headings(page: Any, sites: dict[str, str]) -> None:
    page.goto(sites["ok--numbers"] + "controls/rev5/ac-access-control/")
    assert page.locator("h2#ac-2-1").inner_text().startswith("AC-2(1) Automated account management")
    assert page.locator("h2#ac-2-13").inner_text().strip("¶ \n") == "AC-2(13)"
    part = page.locator('.nk-criterion[data-criterion="ac-2-13"] a.nk-ref')
    assert part.inner_text() == "AC-2(1).a"
    page.goto(sites["ok--numbers"] + "controls/rev5/au/")
    assert page.locator("h1").inner_text().strip("¶ \n") == "AU"
    page.goto(sites["ok--numbers"] + "demo/v2/2/")
    assert page.locator("h2#untitled-requirement").inner_text().strip("¶ \n") == "2.1"
