"""Author text in every metadata field and heading reaches the site as text, never as markup."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest

from normkit.pipeline import build_project
from tests.site.conftest import QuietHandler
from tests.trust.hostile import MARK, PAYLOAD, hostile_metadata_project, injected


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_metadata_project(tmp_path_factory.mktemp("hostile") / "project")
    result = build_project(root, root / "build", ("json", "site"))
    assert result.check.ok, [d.format() for d in result.check.errors]
    return root / "build" / "site"


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_no_payload_becomes_markup(hostile_site: Path) -> None:
    pages = _pages(hostile_site)
    assert len(pages) > 20
    found = {
        str(page.relative_to(hostile_site)): problems
        for page in pages
        if (problems := injected(page.read_text(encoding="utf-8")))
    }
    assert not found


def test_payload_is_shown_as_text(hostile_site: Path) -> None:
    """Escaped, not dropped: the reader sees exactly what the author wrote."""
    page = hostile_site / "demo/v2/index.html"
    tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    visible = "".join(tree.find(".//body").itertext())
    # The standard's title in the navigation, the version's title and summary in the content.
    assert visible.count(PAYLOAD) >= 3
    section = next((hostile_site / "demo/v2").glob("1-integrity*")) / "index.html"
    tree = html5lib.parse(section.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    assert "".join(tree.find(".//title").itertext()) == f"1 Integrity {PAYLOAD} - project"
    text = "".join(tree.find(".//body").itertext())
    for shown in (f"1.1 Legal compliance {PAYLOAD}", f"Note {PAYLOAD}", f"Intent {PAYLOAD}"):
        assert shown in text


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_no_script_runs_in_the_browser(browser: Any, hostile_site: Path, hostile_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visited = 0
    for path in _pages(hostile_site):
        address = hostile_url + path.relative_to(hostile_site).as_posix()
        page.goto(address, wait_until="load")
        page.wait_for_timeout(50)
        assert MARK in page.content() or "Redirecting" in page.content()
        visited += 1
    context.close()
    assert visited > 20
    assert not dialogs
