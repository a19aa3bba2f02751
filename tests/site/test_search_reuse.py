"""A build whose search inputs did not change links the previous build's index instead of
running Pagefind; any change of inputs, or of the previous index's bytes, indexes afresh."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from normkit.outputs.site import search
from normkit.outputs.site.search_records import SearchRecord
from normkit.outputs.site.search_reuse import MANIFEST, SearchCache
from normkit.pipeline import build_project
from tests.spine.miniprojects import materialise


def _index(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of the visible build's search index: (inode, bytes) by relative path."""
    folder = out / "site" / search.OUTPUT_SUBDIR
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_ino, path.read_bytes())
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the Pagefind services started."""
    starts: list[int] = []
    real = search.PagefindService

    def counting() -> search.PagefindService:
        starts.append(1)
        return real()

    monkeypatch.setattr(search, "PagefindService", counting)
    return starts


def _build(root: Path, out: Path) -> None:
    result = build_project(root, out, ("site",))
    assert result.check.ok, [d.format() for d in result.check.errors]


def test_an_unchanged_build_links_the_previous_index(tmp_path: Path, started: list[int]) -> None:
    root = materialise(None, tmp_path / "project")
    out = root / "build"
    _build(root, out)
    first = _index(out)
    assert started == [1] and "pagefind-entry.json" in first

    _build(root, out)
    assert started == [1]  # Pagefind did not run
    assert _index(out) == first  # the same files: the same inodes and bytes


def test_changed_sources_are_indexed_afresh(tmp_path: Path, started: list[int]) -> None:
    root = materialise(None, tmp_path / "project")
    out = root / "build"
    _build(root, out)
    first = _index(out)
    chapters = sorted((root / "standards").rglob("*.md"))
    text = chapters[0].read_text(encoding="utf-8")
    chapters[0].write_text(text.replace("\n\n", "\n\nQuixotically ", 1), encoding="utf-8")

    _build(root, out)
    assert started == [1, 1]
    assert set(_index(out)) != set(first)  # fragments are named by their content


def test_a_changed_previous_file_is_never_reused(tmp_path: Path, started: list[int]) -> None:
    root = materialise(None, tmp_path / "project")
    out = root / "build"
    _build(root, out)
    fragment = next((out / "site" / search.OUTPUT_SUBDIR / "fragment").iterdir())
    good = fragment.read_bytes()
    fragment.write_bytes(b"damaged")

    _build(root, out)
    assert started == [1, 1]
    assert b"damaged" not in {data for _, data in _index(out).values()}
    assert _index(out)[f"fragment/{fragment.name}"][1] == good


def test_reuse_leaves_nothing_when_a_file_is_missing(tmp_path: Path) -> None:
    previous, cache = tmp_path / "previous", tmp_path / "cache"
    (previous / "fragment").mkdir(parents=True)
    (previous / "pagefind-entry.json").write_text("{}")
    (previous / "fragment" / "en_1.pf_fragment").write_bytes(b"one")
    found = SearchCache(cache, previous)
    found.remember("records", "key", previous)
    assert (cache / MANIFEST).is_file()
    assert found.may_reuse("records") and not found.may_reuse("other records")
    assert not found.reuse("another key", tmp_path / "a")

    (previous / "fragment" / "en_1.pf_fragment").unlink()
    target = tmp_path / "b"
    assert not found.reuse("key", target)
    assert not target.exists()


def _fragments(index: Path) -> list[bytes]:
    """The pages' and records' fragments as Pagefind wrote them (gzip, a signature, JSON)."""
    return [gzip.decompress(path.read_bytes()) for path in (index / "fragment").iterdir()]


def _page(word: str) -> str:
    return f'<html lang="en"><body><main data-pagefind-body><p>{word}</p></main></body></html>'


def test_pages_that_changed_after_the_same_records_are_read_back(tmp_path: Path) -> None:
    cache, first, second = tmp_path / "cache", tmp_path / "one", tmp_path / "two"
    records = [SearchRecord(f"/r/#{n}", _page(f"record{n}")) for n in range(3)]
    written = tmp_path / "page.html"
    written.write_text(_page("before"), encoding="utf-8")
    index = search.PageIndex(cache=SearchCache(cache, None))
    index.add_records(records)
    index.add(_page("before"), "/page/", written)
    index.write(first)

    written.write_text(_page("afterwards"), encoding="utf-8")
    index = search.PageIndex(cache=SearchCache(cache, first / search.OUTPUT_SUBDIR))
    index.add_records(records)
    assert not index.started  # the same records: the previous index may still serve
    index.add(_page("afterwards"), "/page/", written)
    index.write(second)
    fragments = _fragments(second / search.OUTPUT_SUBDIR)
    assert len(fragments) == 4
    assert any(b"afterwards" in fragment for fragment in fragments)
    assert not any(b"before" in fragment for fragment in fragments)
