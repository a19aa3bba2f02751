"""A site whose search records exceed one index's words is indexed as several Pagefind
indexes (`search.WORDS_PER_INDEX`), which the search box merges: the demo, built with a
budget small enough to split it, finds by id, by number, by words and with the version facet
what the demo's single index finds, and loses or repeats no record. A first search fetches
only the filter indexes the facet counts (status and version)."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from normkit.outputs.site import search
from normkit.pipeline import build_project
from tests.site.conftest import QuietHandler
from tests.site.test_search_ranking import V2, V3, listed
from tests.site.test_search_ranking import search as search_for

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SMALL = 30_000
"""Words per index for the split build: the demo's records make several indexes."""


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("split-site")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "WORDS_PER_INDEX", SMALL)
        result = build_project(REPO, out, ("site",))
    assert result.check.ok
    return out / "site"


@pytest.fixture(scope="module")
def split_url(split_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(split_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _fragment_urls(index: Path) -> list[str]:
    """The address of every page and record of one index (a fragment: gzip, a signature,
    JSON)."""
    return [
        json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])["url"]
        for path in (index / "fragment").iterdir()
    ]


def test_the_records_are_split_without_loss(split_site: Path, demo_site: Path) -> None:
    root = split_site / search.OUTPUT_SUBDIR
    by_language = json.loads((root / search.PARTS_LIST).read_text(encoding="utf-8"))
    assert set(by_language) == {"en", "fr", "zh-hans"}  # an index holds one language's records
    parts = [part for language in by_language.values() for part in language]
    assert len(by_language["en"]) >= 2
    assert sorted(parts, key=lambda part: int(part.split("/")[1])) == [
        f"parts/{number}/" for number in range(1, len(parts) + 1)
    ]
    found = _fragment_urls(root)
    for part in parts:
        assert (root / part / "pagefind-entry.json").is_file()
        found += _fragment_urls(root / part)
    whole = demo_site / search.OUTPUT_SUBDIR
    assert json.loads((whole / search.PARTS_LIST).read_text(encoding="utf-8")) == {}
    assert sorted(found) == sorted(_fragment_urls(whole))


def test_merged_indexes_find_by_id_number_words_and_facet(page: Any, split_url: str) -> None:
    page.goto(urljoin(split_url, "performance/v3/"))
    assert search_for(page, "ghg-targets")[0]["url"] == V3 + "5-climate-change/#ghg-targets"
    assert search_for(page, "5.3")[0]["url"] == V3 + "5-climate-change/#ghg-targets"
    assert search_for(page, "ghg-plan")[0]["url"] == V2 + "5-climate-change/#ghg-plan"
    assert search_for(page, "carbon offsets")[0]["url"] == V2 + "glossary/#term-carbon-offset"
    everywhere = search_for(page, "grievance")
    assert everywhere[0]["url"] == V3 + "3-transparency-and-disclosure/#grievance-mechanism"
    facet = page.locator("select.nk-search-version")
    labels = facet.locator("option").all_inner_texts()
    facet.select_option(label=next(x for x in labels if x.startswith("Performance Standard V2")))
    narrowed = [r["url"] for r in listed(page, "grievance")]
    assert narrowed and all(url.startswith(V2) for url in narrowed)
    assert narrowed[0] == V2 + "9-human-rights/#grievance-mechanism"


def _filter_name(path: Path) -> str:
    """The filter a Pagefind filter index is of: gzip, a signature, then CBOR
    `[name, values]` whose name is a short text string."""
    data = gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :]
    assert data[0] == 0x82 and 0x60 <= data[1] < 0x78, data[:2]
    return data[2 : 2 + data[1] - 0x60].decode()


def test_a_first_search_fetches_only_the_counted_filters(
    page: Any, site_url: str, demo_site: Path
) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(urljoin(site_url, "performance/v3/"))
    search_for(page, "grievance")
    folder = demo_site / search.OUTPUT_SUBDIR / "filter"
    every = {_filter_name(path) for path in folder.iterdir()}
    assert {"id", "number", "kind", "rank", "version"} <= every
    marker = f"/{search.OUTPUT_SUBDIR}/filter/"
    names = sorted(_filter_name(folder / url.rsplit("/", 1)[1]) for url in fetched if marker in url)
    assert names == ["rank", "version"]
    labels = page.locator("select.nk-search-version option").all_inner_texts()
    assert any(label.startswith("In force (") for label in labels)
    assert any(label.startswith("Performance Standard V2 (") for label in labels)


def test_a_split_index_is_reused_whole(split_site: Path, tmp_path: Path) -> None:
    """A second build with the same inputs links the previous indexes, the further ones
    included (`search_reuse.py`)."""
    out = split_site.parent
    root = split_site / search.OUTPUT_SUBDIR
    listed_before = (root / search.PARTS_LIST).read_bytes()
    entry = root / "parts" / "1" / "pagefind-entry.json"
    before, inode = entry.read_bytes(), entry.stat().st_ino
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "WORDS_PER_INDEX", SMALL)
        assert build_project(REPO, out, ("site",)).check.ok
    again = out / "site" / search.OUTPUT_SUBDIR
    assert (again / search.PARTS_LIST).read_bytes() == listed_before
    reused = again / "parts" / "1" / "pagefind-entry.json"
    assert reused.read_bytes() == before
    assert reused.stat().st_ino == inode, "linked from the previous build, not written again"
