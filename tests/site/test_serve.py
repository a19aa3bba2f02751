"""`normkit serve` on a mini-project, in a real browser: an edit appears in the open page, an
error replaces it with the located diagnostics, and the fix brings the page back."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from normkit.diagnostics import Severity
from normkit.outputs.site.generate import generate
from normkit.outputs.site.markup import raw_blocks_kept
from normkit.pipeline import check_project
from normkit.preview.builds import Preview
from tests.spine.miniprojects import materialise

WAIT_SECONDS = 120
CHAPTER = "standards/demo/v2/01-governance.md"
PAGE = "demo/v2/1-integrity/"
V1_PAGE = "demo/v1/1-integrity/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        body = _fetch(url)
        if text in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never contained {text!r}")


def start_serve(
    root: Path, port: int | None = None, **options: Any
) -> tuple[subprocess.Popen[bytes], str]:
    """`normkit serve` of `root` on a free port (`options` for Popen): (process, site URL).
    Port 0: one the system picks when serve binds (no URL then, but no race for the port)."""
    port = _free_port() if port is None else port
    command = [sys.executable, "-m", "normkit", "serve", "--project", str(root)]
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **options,
    )
    return server, f"http://127.0.0.1:{port}/"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A mini-project served by `normkit serve` on a free port: (project, page URL)."""
    root = materialise(None, tmp_path / "project")
    server, base = start_serve(root)
    try:
        url = base + PAGE
        assert "livereload" in _wait_for(url, "Legal compliance")
        yield root, url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _edit(root: Path, old: str, new: str) -> None:
    chapter = root / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    assert old in text
    chapter.write_text(text.replace(old, new, 1), encoding="utf-8")


def _shows(page: Any, text: str) -> bool:
    try:
        return text in page.locator("body").inner_text(timeout=2000)
    except Exception:  # the page is being replaced by the reload
        return False


def _holds(page: Any, text: str) -> bool:
    try:
        return text in page.content()
    except Exception:  # the page is being replaced by the reload
        return False


def _until(page: Any, condition: Any) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, page.content()[:2000]
        time.sleep(0.1)


@pytest.mark.browser
def test_the_open_page_follows_edits_and_errors(served: tuple[Path, str], browser: Any) -> None:
    root, url = served
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url)
        assert _shows(page, "Legal compliance")
        # An edit: the open page reloads by itself and shows it.
        _edit(root, "The Entity shall comply with applicable law", "The Entity shall obey the law")
        _until(page, lambda: _shows(page, "The Entity shall obey the law"))
        # An error: the page shows the located diagnostic instead of a stale page.
        _edit(root, "see [[ghg-targets]]", "see [[no-such-criterion]]")
        _until(page, lambda: _shows(page, "reference.unresolved"))
        text = page.locator("body").inner_text()
        assert f"{CHAPTER}:" in text and "[[no-such-criterion]]" in text
        assert "The Entity shall obey the law" not in text
        # Fixed: the diagnostics go and the page comes back, with the edit.
        _edit(root, "see [[no-such-criterion]]", "see [[ghg-targets]]")
        _until(page, lambda: _shows(page, "The Entity shall obey the law"))
        assert "reference.unresolved" not in page.locator("body").inner_text()
    finally:
        context.close()


@pytest.mark.browser
def test_only_the_pages_an_edit_changed_reload(served: tuple[Path, str], browser: Any) -> None:
    root, url = served
    base = url.removesuffix(PAGE)
    context = browser.new_context()
    # Each load of a document in a tab counts, for as long as the tab is open.
    context.add_init_script("sessionStorage.loads = String(Number(sessionStorage.loads || 0) + 1)")
    tabs = {}
    for name, address in [("v2", PAGE), ("explorer", "demo/v2/explorer/"), ("v1", V1_PAGE)]:
        tabs[name] = context.new_page()
        tabs[name].goto(base + address)

    def loads(name: str) -> int:
        return int(tabs[name].evaluate("Number(sessionStorage.loads)"))

    try:
        for number, law in enumerate(["obey the law", "follow the law"], start=1):
            old = "comply with applicable law" if number == 1 else "obey the law"
            _edit(root, f"The Entity shall {old}", f"The Entity shall {law}")
            _until(tabs["v2"], lambda law=law: _shows(tabs["v2"], law))
            # The explorer (which has the text in its HTML, not on show) changes in the build's
            # second step, and reloads then.
            _until(tabs["explorer"], lambda law=law: _holds(tabs["explorer"], law))
        # An edit of v1: its page reloads; by then any reload still due from the edits of
        # v2 would have come too.
        v1 = root / "standards/demo/v1/01-governance.md"
        v1.write_text(v1.read_text(encoding="utf-8").replace("a plan to", "a plan to cut and"))
        _until(tabs["v1"], lambda: _shows(tabs["v1"], "a plan to cut and"))
        # Once per edit that changed them, and v1's page not for the edits of v2.
        assert (loads("v2"), loads("explorer"), loads("v1")) == (3, 3, 2)
    finally:
        context.close()


def test_an_edit_rebuilds_only_the_pages_it_changed(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "project")
    preview = Preview(root)
    try:
        preview.build()
        assert "demo/v2/1-integrity/index.md" in preview.rebuilt_pages
        untouched = preview.site_dir / "demo/v1/index.html"
        before = untouched.stat().st_mtime_ns
        _edit(root, "The Entity shall comply with applicable law", "The Entity shall obey the law")
        preview.build({root / CHAPTER})
        # The criterion's page, the explorer that lists its text, and the What-changed page.
        assert "demo/v2/1-integrity/index.md" in preview.rebuilt_pages
        assert "demo/v1/index.md" not in preview.rebuilt_pages
        assert len(preview.rebuilt_pages) <= 4, preview.rebuilt_pages
        html = (preview.site_dir / PAGE / "index.html").read_text(encoding="utf-8")
        assert "shall obey the law" in html
        assert untouched.stat().st_mtime_ns == before
        # A new section changes the navigation: the whole site is built again.
        heading = "### 1.2 Greenhouse gas targets"
        _edit(root, heading, f"## 2 Climate\n\n{heading}")
        preview.build({root / CHAPTER})
        assert "demo/v1/index.md" in preview.rebuilt_pages
        assert (preview.site_dir / "demo/v2/2-climate/index.html").is_file()
        # Errors: nothing is built, the diagnostics are kept for the server to show.
        _edit(root, "see [[ghg-targets]]", "see [[no-such-criterion]]")
        preview.build({root / CHAPTER})
        assert [d.code.code for d in preview.problems] == ["reference.unresolved"]
        assert all(d.severity is Severity.ERROR for d in preview.problems)
        assert b"no-such-criterion" in preview.errors_page()
    finally:
        preview.close()


def _fresh_pages(preview: Preview, root: Path) -> dict[str, str]:
    """The pages a new build of the sources as they are now would write."""
    assert preview.built is not None
    fresh = check_project(root)
    with raw_blocks_kept(preview.prefix):
        listed = preview.built.plugin.listed_downloads()
        return generate(fresh.corpus, listed, fresh.derived).pages


def test_the_edited_section_is_shown_first_and_the_site_ends_up_whole(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "project")
    preview = Preview(root)
    shown: list[list[str]] = []
    preview.show = shown.append
    try:
        preview.build()
        assert shown == []  # MkDocs' own build: the server shows it when the build is over
        # A text edit: the section's page is written and shown first; then the pages that
        # show the text too (the explorer, What changed), in a second step.
        _edit(root, "The Entity shall comply with applicable law", "The Entity shall obey the law")
        preview.build({root / CHAPTER})
        assert shown[0] == [PAGE]
        assert len(shown) == 2 and "demo/v2/explorer/" in shown[1] and PAGE not in shown[1]
        assert not preview.whole_site
        assert preview.written == _fresh_pages(preview, root)
        html = (preview.site_dir / PAGE / "index.html").read_text(encoding="utf-8")
        assert "shall obey the law" in html
        # A new title: the pages of other versions that name the criterion (v1's successor
        # links) change too, and come in the second step.
        shown.clear()
        _edit(root, "### 1.2 Greenhouse gas targets", "### 1.2 Emission targets")
        preview.build({root / CHAPTER})
        assert shown[0] and all(page.startswith("demo/v2/") for page in shown[0])
        assert any(page.startswith("demo/v1/") for page in shown[1])
        assert preview.written == _fresh_pages(preview, root)
    finally:
        preview.close()
