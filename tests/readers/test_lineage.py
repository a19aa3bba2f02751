"""Criteria followed across versions: the lineage index, the notes under criteria, the
version switcher and short addresses, on the harbour project (renamed, split, merged,
removed and withdrawn criteria)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from normkit.derived import Derived
from normkit.model.corpus import Corpus
from normkit.outputs.site.lineage import standard_lineages
from normkit.revisions.changeset import ChangeKind


@pytest.fixture(scope="module")
def lineage(harbour_corpus: Corpus) -> Any:
    return standard_lineages(Derived(harbour_corpus))["harbour"]


@pytest.mark.parametrize(
    ("start", "criterion", "target", "ids", "gone_in"),
    [
        ("2019", "pilotage", "2023", ("pilot-boarding",), None),  # renamed
        ("2019", "pilotage", "2026", ("pilot-boarding",), None),  # two steps
        ("2019", "hazardous-cargo", "2023", ("hazardous-declaration", "hazardous-storage"), None),
        ("2019", "crane-checks", "2023", ("lifting-operations",), None),  # merged
        ("2023", "lifting-operations", "2019", ("crane-checks", "lifting-gear"), None),
        ("2023", "hazardous-storage", "2019", ("hazardous-cargo",), None),
        ("2019", "night-lighting", "2023", (), "2023"),  # removed
        ("2019", "night-lighting", "2026", (), "2023"),
        ("2026", "shore-power", "2019", (), "2026"),  # added in 2026
        ("2023", "passenger-gangways", "2019", (), "2023"),
        ("2019", "fender-inspection", "2026", ("fender-inspection",), None),  # withdrawn there
    ],
)
def test_trace(
    lineage: Any, start: str, criterion: str, target: str, ids: tuple[str, ...], gone_in: str
) -> None:
    trace = lineage.trace(start, criterion, target)
    assert trace is not None
    assert trace.ids == ids
    assert trace.gone_in == gone_in


def test_trace_collects_kinds_and_the_last_ids(lineage: Any) -> None:
    trace = lineage.trace("2019", "night-lighting", "2026")
    assert trace.last == ("night-lighting",)
    assert ChangeKind.REMOVED in trace.kinds
    assert ChangeKind.RENAMED in lineage.trace("2019", "pilotage", "2026").kinds
    assert lineage.trace("2019", "no-such-id", "2023") is None


def _page(harbour: tuple[Corpus, Path], path: str) -> str:
    return (harbour[1] / "site" / path / "index.html").read_text(encoding="utf-8")


def test_notes_under_criteria(harbour: tuple[Corpus, Path]) -> None:
    old_cargo = _page(harbour, "harbour/2019/2-cargo")
    assert "Current: <a" in old_cargo
    assert (
        '<a href="../../2023/2-cargo/#hazardous-declaration">2.1 Hazardous cargo declaration</a>'
        ' and <a href="../../2023/2-cargo/#hazardous-storage">' in old_cargo
    )
    assert "Removed in Harbour Safety Code 2023 — " in old_cargo
    assert 'href="../../2023/changes/#change-night-lighting">see what changed' in old_cargo
    new_cargo = _page(harbour, "harbour/2023/2-cargo")
    assert 'Split from <a href="../../2019/2-cargo/#hazardous-cargo">2.1</a>' in new_cargo
    assert "Merged from <a" in new_cargo
    new_mooring = _page(harbour, "harbour/2023/1-mooring")
    assert 'Formerly <a href="../../2019/1-mooring/#pilotage">1.3</a>' in new_mooring
    # The version in force and the drafts after it say nothing about a "current" version.
    assert "Current:" not in new_mooring
    assert "Current:" not in _page(harbour, "harbour/2026/1-mooring")


def test_short_addresses_follow_lineage(harbour: tuple[Corpus, Path]) -> None:
    renamed = _page(harbour, "c/harbour/pilotage")
    assert "url=../../../harbour/2023/1-mooring/#pilot-boarding" in renamed
    merged = _page(harbour, "c/harbour/lifting-gear")
    assert "url=../../../harbour/2023/2-cargo/#lifting-operations" in merged
    removed = _page(harbour, "c/harbour/night-lighting")
    assert "url=../../../harbour/2019/2-cargo/#night-lighting" in removed
    split = _page(harbour, "c/harbour/hazardous-cargo")
    assert "http-equiv" not in split
    assert '<a href="../../../harbour/2023/2-cargo/#hazardous-declaration">' in split
    assert '<a href="../../../harbour/2023/2-cargo/#hazardous-storage">' in split


def _switch(page: Any, version: str) -> None:
    value = page.locator(f"select.nk-switcher option[data-version='{version}']").get_attribute(
        "value"
    )
    page.locator("select.nk-switcher").select_option(value)


@pytest.mark.browser
def test_switching_from_a_renamed_criterion_and_back(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, "harbour/2019/1-mooring/#pilotage"))
    with page.expect_navigation():
        _switch(page, "2023")
    assert page.url == urljoin(harbour_url, "harbour/2023/1-mooring/#pilot-boarding")
    with page.expect_navigation():
        _switch(page, "2019")
    assert page.url == urljoin(harbour_url, "harbour/2019/1-mooring/#pilotage")


@pytest.mark.browser
def test_switching_from_a_split_criterion_offers_each_successor(
    page: Any, harbour_url: str
) -> None:
    page.goto(urljoin(harbour_url, "harbour/2019/2-cargo/#hazardous-cargo"))
    _switch(page, "2023")
    choice = page.locator(".nk-switch-choice")
    choice.wait_for()
    labels = choice.locator("a").all_inner_texts()
    assert labels[:2] == ["2.1 Hazardous cargo declaration", "2.2 Hazardous cargo storage"]
    # The first choice has the focus: a keyboard user goes on with Tab and Enter.
    assert page.evaluate("document.activeElement.textContent") == labels[0]
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == urljoin(harbour_url, "harbour/2023/2-cargo/#hazardous-storage")
    # Back from one half of the split lands on the criterion it came from.
    with page.expect_navigation():
        _switch(page, "2019")
    assert page.url == urljoin(harbour_url, "harbour/2019/2-cargo/#hazardous-cargo")


@pytest.mark.browser
def test_switching_from_a_merged_criterion(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, "harbour/2019/2-cargo/#lifting-gear"))
    with page.expect_navigation():
        _switch(page, "2023")
    assert page.url == urljoin(harbour_url, "harbour/2023/2-cargo/#lifting-operations")
    _switch(page, "2019")
    labels = page.locator(".nk-switch-choice a").all_inner_texts()
    assert labels[:2] == ["2.2 Crane checks", "2.3 Lifting gear"]


@pytest.mark.browser
def test_switching_from_a_removed_criterion_shows_what_changed(page: Any, harbour_url: str) -> None:
    page.goto(urljoin(harbour_url, "harbour/2019/2-cargo/#night-lighting"))
    with page.expect_navigation():
        _switch(page, "2023")
    assert page.url == urljoin(harbour_url, "harbour/2023/changes/#change-night-lighting")
