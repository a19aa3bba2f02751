"""The kind filter of the "What changed" fragment, clicked in headless Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from normkit.cli import main

MINI = Path(__file__).resolve().parent / "project"


@pytest.mark.browser
def test_filter_by_kind(browser: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["diff", "demo@v1", "demo@v2", "--project", str(MINI), "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    page_file = tmp_path / "changes.html"
    page_file.write_text(result.output, encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_file.as_uri())
    rows = page.locator(".nk-change-table tbody tr")
    assert rows.count() == 11
    page.click('.nk-change-filter button[data-kind="renumbered"]')
    visible = [row.get_attribute("data-kinds") for row in rows.all() if row.is_visible()]
    assert len(visible) == 5 and all("renumbered" in kinds.split() for kinds in visible)
    sections = page.locator("section.nk-change")
    assert sum(1 for s in sections.all() if s.is_visible()) == 5
    pressed = page.locator('.nk-change-filter button[aria-pressed="true"]')
    assert pressed.get_attribute("data-kind") == "renumbered"
    page.click('.nk-change-filter button[data-kind="all"]')
    assert sum(1 for row in rows.all() if row.is_visible()) == 11
    assert errors == []
    page.close()
