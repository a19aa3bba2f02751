"""How a command saves what a read made for the next one (`cache_entries.save_entries`): in
a forked child only where forking is safe, else in this process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from normkit import cache_entries, forking
from normkit.cache_entries import PickleEntries, save_ahead, save_entries, saving_in_background


def _entries(tmp_path: Path) -> PickleEntries:
    (tmp_path / "build").mkdir(exist_ok=True)
    return PickleEntries(tmp_path / "build" / ".cache" / "things", lambda m, n: False)


@contextmanager
def _unsafe(how: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Forking made unsafe: by another thread running, or by a library's native threads."""
    if how == "native threads":
        monkeypatch.setattr(forking, "_native_threads", ["typst"])  # as once typst laid out
        yield
        return
    release = threading.Event()
    waiting = threading.Thread(target=release.wait, name="another")
    waiting.start()
    try:
        yield
    finally:
        release.set()
        waiting.join()


@pytest.mark.parametrize("how", ["another thread", "native threads"])
def test_a_save_forks_no_child_where_forking_is_not_safe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    forks: list[str] = []

    def fork() -> int | None:
        forks.append("forked")
        return None  # as where there is no fork: the save is made here

    monkeypatch.setattr(cache_entries, "_fork", fork)
    entries = _entries(tmp_path)
    entries.keep("kept", ("a", 1))
    with saving_in_background(), _unsafe(how, monkeypatch):
        assert not forking.fork_is_safe()
        save_ahead([entries])  # nothing now: kept for the final save
        assert list(entries.pending) == ["kept"]
        save_entries([entries])
        assert forks == []
        # Written in this process, whole, before `save_entries` returned.
        assert PickleEntries(entries.folder, lambda m, n: False).load("kept") == ("a", 1)


def test_a_save_forks_its_child_where_forking_is_safe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The control: the same save forks when `fork_is_safe` says it may.
    forks: list[str] = []

    def fork() -> int | None:
        forks.append("forked")
        return None

    monkeypatch.setattr(cache_entries, "_fork", fork)
    monkeypatch.setattr(cache_entries, "fork_is_safe", lambda: True)
    entries = _entries(tmp_path)
    entries.keep("kept", ("a", 1))
    with saving_in_background():
        save_entries([entries])
    assert forks == ["forked"]
