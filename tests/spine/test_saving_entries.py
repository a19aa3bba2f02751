"""How a command saves what a read made for the next one (`cache_entries.save_entries`): in
a forked child only where forking is safe, else in this process."""

from __future__ import annotations

import gc
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit import cache_entries, forking
from normkit.cache_entries import (
    PickleEntries,
    hold,
    save_ahead,
    save_entries,
    saving_in_background,
)
from normkit.cli import main
from tests.spine.miniprojects import materialise


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


class _Value:
    """An entry's value whose freeing a weak reference shows."""


def _entries_keeping_a_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[PickleEntries, weakref.ref[_Value]]:
    """Entries whose one value only they hold, saved as a forked child would save them."""
    monkeypatch.setattr(cache_entries, "_fork", lambda: _NOT_A_CHILD)
    monkeypatch.setattr(cache_entries, "fork_is_safe", lambda: True)
    entries = _entries(tmp_path)
    value = _Value()
    entries.keep("kept", value)
    return entries, weakref.ref(value)


@pytest.mark.parametrize("save", [save_ahead, save_entries])
def test_what_a_child_writes_is_held_here_until_the_next_command_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, save: Callable[..., None]
) -> None:
    # Freeing them right after the fork wrote to pages the child shares (copy-on-write
    # faults on the command's critical path); the program's process ends without freeing.
    entries, alive = _entries_keeping_a_value(tmp_path, monkeypatch)
    with saving_in_background(hold=True):
        save([entries])
        assert entries.pending == {}
    gc.collect()
    assert alive() is not None
    with saving_in_background():  # the next command in this process
        gc.collect()
        assert alive() is None


def test_what_a_command_writes_itself_is_held_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Freeing the versions' renders after `check` wrote them in its own process (its last
    # version) cost its critical path as much as any web of small objects (`hold`).
    entries, alive = _entries_keeping_a_value(tmp_path, monkeypatch)
    with saving_in_background(hold=True):
        save_entries([entries], fork=False)
        assert entries.pending == {} and (entries.folder / "kept").is_file()
    gc.collect()
    assert alive() is not None
    with saving_in_background():  # the next command in this process
        gc.collect()
        assert alive() is None


class _Made:
    """What pickling a `_Reduced` makes, which only the pickler's memo then refers to (as the
    tuples of fields `StoredReducers` makes of the model's objects)."""


_MADE: list[weakref.ref[_Made]] = []


def _remade(made: _Made) -> _Reduced:
    return _Reduced()


class _Reduced:
    def __reduce__(self) -> tuple[Callable[[_Made], _Reduced], tuple[_Made]]:
        made = _Made()
        _MADE.append(weakref.ref(made))
        return _remade, (made,)


@pytest.mark.parametrize("held", [True, False])
def test_what_a_command_pickles_itself_is_freed_only_where_it_holds_it(
    tmp_path: Path, held: bool
) -> None:
    # The pickler's memo refers to everything of the last entry it wrote: freeing it cost a
    # `check`'s critical path (it writes its last version itself) a walk of all of them.
    _MADE.clear()
    entries = _entries(tmp_path)
    entries.keep("kept", _Reduced())
    with saving_in_background(hold=held):
        save_entries([entries], fork=False)
        assert (entries.folder / "kept").is_file()
        gc.collect()
        assert [made() is not None for made in _MADE] == [held]
    with saving_in_background():  # the next command in this process
        gc.collect()
        assert _MADE[0]() is None


@pytest.mark.parametrize("save", [save_ahead, save_entries])
def test_what_a_child_writes_is_freed_at_once_where_the_command_does_not_hold_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, save: Callable[..., None]
) -> None:
    # The control (a build with the site: its peak memory has no room for them).
    entries, alive = _entries_keeping_a_value(tmp_path, monkeypatch)
    with saving_in_background():
        save([entries])
        gc.collect()
        assert alive() is None


@pytest.mark.parametrize("held", [True, False])
def test_what_a_command_holds_lives_until_the_next_command_saves(held: bool) -> None:
    # Freeing many small objects at once cost the end of a cold read its time (what a
    # render helper sent: `render_ahead.RendersAhead.stop`); where the command does not hold
    # (a build with the site, whose peak memory has no room), it is freed when dropped.
    value = _Value()
    alive = weakref.ref(value)
    with saving_in_background(hold=held):
        hold(value)
        del value
        gc.collect()
        assert (alive() is not None) is held
    with saving_in_background():  # the next command in this process
        gc.collect()
        assert alive() is None


_NOT_A_CHILD = 2**22 + 1
"""A process id above Linux's limit: waiting for it fails at once, as for a child reaped."""


@pytest.mark.parametrize(
    ("command", "held"),
    [
        (["check"], True),
        (["build", "--only", "json"], True),
        (["build", "--only", "json,site"], False),  # the site's peak has no room for them
        (["build"], False),
    ],
)
def test_which_commands_hold_what_their_children_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], held: bool
) -> None:
    holds: list[bool] = []

    @contextmanager
    def recorded(hold: bool = False) -> Iterator[None]:
        holds.append(hold)
        raise _Stop  # (before anything is read: the command's choice is all this asks)
        yield

    monkeypatch.setattr(cache_entries, "saving_in_background", recorded)
    project = materialise(None, tmp_path / "p")
    CliRunner().invoke(main, [*command, "--project", str(project)])
    assert holds == [held]


class _Stop(Exception):
    """Ends a command once it chose how to save."""


def test_an_entry_is_renamed_into_place_and_a_failed_one_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A written entry is renamed into place, with no removal of its partial file after
    (it is gone: that cost a stat and a failed unlink per entry); a write that fails
    removes its partial file and raises."""
    unlinked: list[str] = []
    real_unlink = os.unlink

    def unlink(path: str) -> None:
        unlinked.append(path)
        real_unlink(path)

    monkeypatch.setattr(os, "unlink", unlink)
    entry = tmp_path / "entry"
    cache_entries._write(entry, b"made")
    assert entry.read_bytes() == b"made"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry"]
    assert unlinked == []

    def failing(file: object) -> None:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        cache_entries._write(tmp_path / "other", failing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry"]
    assert len(unlinked) == 1


def test_the_entries_of_one_save_are_those_a_new_pickler_makes_of_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save pickles its entries with one pickler, its memo cleared between them: each
    entry's bytes are what a pickler of its own makes of it (`_dumps`), none refers to what
    an entry before it held, and one that cannot be pickled leaves the next whole."""
    made: list[object] = []
    real = cache_entries.pickle.Pickler

    def pickler(*args: object, **options: object) -> object:
        made.append(args)
        return real(*args, **options)  # type: ignore[arg-type]

    shared = ("shared", [1, 2, 3])
    values = {
        "first": (shared, shared, "first"),
        "second": ("second", shared),  # `shared` again: pickled whole, not by reference
        "broken": (shared, lambda: None),  # cannot be pickled: not stored
        "third": ([shared] * 3, {"third": shared}),
    }
    entries = _entries(tmp_path)
    for key, value in values.items():
        entries.keep(key, value)
    monkeypatch.setattr(cache_entries.pickle, "Pickler", pickler)
    save_entries([entries])
    assert len(made) == 1  # (made at once, with its sink)
    monkeypatch.setattr(cache_entries.pickle, "Pickler", real)
    written = sorted(p.name for p in entries.folder.iterdir())
    assert written == ["first", "second", "third"]
    reader = PickleEntries(entries.folder, lambda m, n: False)
    for key in written:
        assert (entries.folder / key).read_bytes() == reader._dumps(values[key])
        assert reader.load(key) == values[key]


def test_an_entry_sent_through_a_file_is_read_back_and_written_as_it_was_sent(
    tmp_path: Path,
) -> None:
    """A `Sent` entry (a parse-ahead worker's: its bytes where it wrote them, in a file in
    memory that may outlive the worker) is what a kept look-up loads and what a save writes,
    byte for byte, from that file: the store holds no copy of it."""
    entries = _entries(tmp_path)
    value = {"chapter": ["tokens", 1, 2.5]}
    made = entries.pickler()(value)
    descriptor = forking.memory_file("sent")
    try:
        forking.write_all(descriptor, b"before" + made + b"after")
        sent = cache_entries.Sent(forking.KeptFile(descriptor), len(b"before"), len(made))
    finally:
        os.close(descriptor)  # (the kept duplicate stays open)
    assert sent.read() == made
    entries.keep("chapter", sent)
    assert entries.kept("chapter") == value
    save_entries([entries])
    assert (entries.folder / "chapter").read_bytes() == made
    assert entries.load("chapter") == value


def test_a_read_waits_for_a_save_an_earlier_command_left(tmp_path: Path) -> None:
    # `check` ends before the child saving what it read: a command started at once would
    # otherwise parse and build again what that child is writing.
    cache = tmp_path / "build" / ".cache"
    cache_entries.wait_for_left_saves(cache)  # none was ever left: returns at once
    held = cache_entries._saving_lock(cache)  # (what the command takes for its child)
    assert held is not None
    waited = threading.Event()

    def read() -> None:
        cache_entries.wait_for_left_saves(cache)
        waited.set()

    reading = threading.Thread(target=read)
    reading.start()
    try:
        assert not waited.wait(0.3)  # the child still holds it
    finally:
        os.close(held)  # the child ends
    assert waited.wait(10)
    reading.join()


@pytest.mark.parametrize("left", [True, False])
def test_a_left_save_makes_no_build_folder_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, left: bool
) -> None:
    # A child its command left saving, whose build folder was moved aside (as a benchmark
    # does before a cold run) or removed, writes nothing rather than make the folder again:
    # the next command would find half a cache. A save its command waits for makes it.
    monkeypatch.setattr(cache_entries, "_LEFT", [left])
    entries = _entries(tmp_path)
    entries.keep("kept", ("a", 1))
    (tmp_path / "build").rename(tmp_path / "aside")
    entries._write_all(cache_entries._Dumper())
    assert (tmp_path / "build").exists() is not left
