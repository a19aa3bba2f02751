"""`normkit export mkdocs`: the site as a plain project that MkDocs and Zensical both build."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.site.conftest import QuietHandler
from tests.site.crawl import broken_links
from tests.site.test_search_ranking import SEARCH_TIMEOUT_MS

REPO = Path(__file__).resolve().parents[2]
ZENSICAL = Path(sys.executable).parent / "zensical"
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _normkit(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "normkit", *arguments]
    return subprocess.run(command, capture_output=True, text=True, check=False, env=QUIET)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project exported once for the tests of this module."""
    dest = tmp_path_factory.mktemp("export") / "demo-mkdocs"
    done = _normkit("export", "mkdocs", "--project", str(REPO), str(dest))
    assert done.returncode == 0, done.stderr
    return dest


def test_export_is_a_plain_project_with_the_projects_settings(exported: Path) -> None:
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["search"], "the engine's own search, not the normkit plugin"
    assert config["site_name"] == "Meridian Materials Stewardship Council"
    assert config["extra_css"] == ["assets/project.css"]
    assert config["theme"]["custom_dir"] == "overrides"
    assert (exported / "overrides" / "assets" / "project.css").is_file(), "project's theme layer"
    assert (exported / "overrides" / "main.html").is_file(), "normkit's theme layer"
    assert (exported / "docs" / "performance" / "v3" / "index.md").is_file()
    assert "assets/normkit/search.js'" not in (exported / "overrides" / "main.html").read_text(
        encoding="utf-8"
    ), "Pagefind's box is added by the plugin (no Pagefind index here)"


def _mkdocs_build(exported: Path, site: Path) -> None:
    """Plain `mkdocs build --strict` of the export into `site`."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=exported,
        capture_output=True,
        text=True,
        check=False,
        env=QUIET,
    )
    assert done.returncode == 0, done.stderr


def test_mkdocs_builds_the_export_strictly(exported: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _mkdocs_build(exported, site)
    assert (site / "search" / "search_index.json").is_file(), "Material's own search"
    page = (site / "performance" / "v3" / "index.html").read_text(encoding="utf-8")
    assert "nk-version-bar" in page and "assets/normkit/changes.js" in page
    assert not broken_links(site)
    # The 404 page lists the versions in force, as in a normkit build.
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'class="nk-in-force"' in not_found and "Performance Standard V3" in not_found


@pytest.mark.browser
def test_the_exported_404_page_searches_with_the_engines_search(
    exported: Path, tmp_path: Path, page: Any
) -> None:
    """The 404 page's search button opens Material's own search in the export (no Pagefind
    index, no normkit search box there), which finds a criterion."""
    site = tmp_path / "site"
    _mkdocs_build(exported, site)
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert "nk-search-open" not in not_found, "normkit's box is not in the export"
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/404.html")
        page.get_by_text("Search the standards").click()
        query = page.locator("input.md-search__input")
        query.wait_for(state="visible")
        query.fill("greenhouse gas targets")
        first = page.locator(".md-search-result__item a").first
        first.wait_for(timeout=SEARCH_TIMEOUT_MS)
        assert "/5-climate-change/" in (first.get_attribute("href") or "")
    finally:
        server.shutdown()
        server.server_close()


def test_zensical_builds_the_export(exported: Path, tmp_path: Path) -> None:
    """Material's successor reads the same files: the theme layer uses only template
    features both engines have."""
    assert ZENSICAL.is_file(), "zensical missing: run bash scripts/setup.sh"
    project = tmp_path / "project"
    shutil.copytree(exported, project)
    done = subprocess.run(
        [str(ZENSICAL), "build", "--clean"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / "site"
    page = (site / "performance" / "v3" / "index.html").read_text(encoding="utf-8")
    assert "nk-version-bar" in page, "the generated page"
    assert "assets/normkit/normkit.css" in page, "normkit's theme layer"
    assert "<title>Performance Standard V3 - Meridian Materials Stewardship Council</title>" in page
    criteria = (site / "performance" / "v3" / "5-climate-change" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'data-criterion="ghg-targets"' in criteria
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'for="__search"' in not_found, "the 404 page opens the engine's own search"


def test_export_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    dest = tmp_path / "mine"
    dest.mkdir()
    (dest / "notes.txt").write_text("keep me", encoding="utf-8")
    done = _normkit("export", "mkdocs", "--project", str(REPO), str(dest))
    assert done.returncode == 2
    assert (dest / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_export_replaces_an_earlier_export(exported: Path, tmp_path: Path) -> None:
    dest = tmp_path / "again"
    shutil.copytree(exported, dest)
    (dest / "docs" / "stale.md").write_text("# Stale\n", encoding="utf-8")
    done = _normkit("export", "mkdocs", "--project", str(REPO), str(dest))
    assert done.returncode == 0, done.stderr
    assert not (dest / "docs" / "stale.md").exists()
    assert (dest / "mkdocs.yml").is_file()


def test_export_with_content_errors_writes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "projects" / "_base", project)
    chapter = next((project / "standards").rglob("*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSee [[no-such-criterion]].\n")
    done = _normkit("export", "mkdocs", "--project", str(project), str(tmp_path / "out"))
    assert done.returncode == 1, done.stderr
    assert "reference.unresolved" in done.stderr
    assert not (tmp_path / "out").exists()
