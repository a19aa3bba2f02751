"""The preview's search index waits for edits to pause, and a burst of edits makes one run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from normkit.preview import search
from normkit.preview.search import SearchIndexer


def test_a_burst_of_builds_is_indexed_once_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[Path] = []
    monkeypatch.setattr(search, "index_site", lambda site, corpus: runs.append(site))
    corpus = Corpus(title="", standards=(), guidance=(), terms=())
    indexer = SearchIndexer(quiet_seconds=2.0)
    try:
        for _ in range(3):
            indexer.request(tmp_path, corpus)
        assert runs == []  # not while the edits go on
        deadline = time.monotonic() + 60
        while not runs and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2.5)  # no second run follows
        assert runs == [tmp_path]
    finally:
        indexer.close()
