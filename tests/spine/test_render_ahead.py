"""Criteria and guidance entries rendered ahead on a forked helper (`assemble/render_ahead.py`):
a read with `--jobs 2` gives the model, diagnostics (in their order) and stored versions and
editions, byte for byte, of a read that renders everything itself, on the demo and a generated
project; where the helper dies, fails, sends garbage or cannot be forked; and it leaves no
process behind."""

from __future__ import annotations

import gc
import importlib.util
import itertools
import mmap
import os
import shutil
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from normkit.assemble import render_ahead, renderers, versions
from normkit.assemble.render_ahead import RendersAhead
from normkit.assemble.stored_assemblies import FOLDER
from normkit.cache_entries import saving_in_background
from normkit.pipeline import CheckResult, check_project
from normkit.sources import parse_ahead
from normkit.sources.documents import ParseCache, parses_kept
from tests.conftest import REPO

LINKED = """
### 25.21 Linked

```criterion
id: linked
```

The Entity shall keep [the glossary](../../../glossary/terms.md) and a [[criterion-00001]],
not [a missing file](missing.md), nor ![a missing image](missing.png), nor [[nothing]].
"""
"""The last criterion of v1 (the helper's first): it asks about files, and finds problems."""

ENTRY = """
### 1.{number} Entry {number}

```guidance
for: criterion-{number:05d}
```

The [=Greenhouse Gas=] and [=Due Diligence=] of [[criterion-00002]],
in [the glossary](../../../glossary/terms.md).

#### Evidence

Not [a missing file](missing-{number}.md), nor ![a missing image](missing.png), nor [[nothing]].
"""
"""A guidance entry with a section: it uses terms, asks about files, and finds problems."""

Taken = list[tuple[int, int, int]]
"""Per helper: the builds it rendered for (a read's, or one version's or edition's), the
items it was given, the renderings taken from it."""


@pytest.fixture(params=["read", "build"])
def taken(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Taken]:
    """Render ahead whatever the size, with a helper for the whole read or (where the read
    has none) one per build; the build starts once the helper claimed its first item (the
    last of the first build's first stretch), waits
    for what it claimed however long it takes, and the helper takes its time with each (so
    that both render some, however busy the machine). Every helper started is noted, and
    what the builds took from it."""
    monkeypatch.setattr(renderers, "MIN_CRITERIA", 1)
    monkeypatch.setattr(renderers, "MIN_READ", 1)
    monkeypatch.setattr(renderers, "fork_is_safe", lambda: True)
    monkeypatch.setattr(render_ahead, "_PATIENCE", 10**6)
    send = render_ahead.send_record

    def slowly(*args: Any) -> None:
        send(*args)
        time.sleep(0.002)

    monkeypatch.setattr(render_ahead, "send_record", slowly)
    if request.param == "build":
        monkeypatch.setattr(RendersAhead, "start_read", classmethod(lambda cls, builds: None))
    found: Taken = []
    helpers: list[int] = []
    forked, stop = RendersAhead._forked.__func__, RendersAhead.stop  # type: ignore[attr-defined]

    def started(cls: type[RendersAhead], *args: Any) -> RendersAhead | None:
        ahead = forked(cls, *args)
        if ahead is not None and ahead.worker is not None:
            helpers.append(ahead.worker.pid)
            first = render_ahead.stretches(ahead.owners)[0][1] - 1  # the helper's first
            deadline = time.monotonic() + 10
            while ahead.claims[first] == 0 and time.monotonic() < deadline:
                time.sleep(0.001)
        return ahead

    def stopped(self: RendersAhead, read: bool = False) -> None:
        if read or not self.read:
            found.append((len(self.jobs), len(self.items), self.taken))
        running = self.worker if self.worker is not None and self.worker.running else None
        stop(self, read)
        if running is not None and self.worker is None:  # killed, and reaped once the read ends
            assert running.pid in parse_ahead._STOPPED

    monkeypatch.setattr(RendersAhead, "_forked", classmethod(started))
    monkeypatch.setattr(RendersAhead, "stop", stopped)
    yield found
    for pid in helpers:  # every helper reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmarks' project of 300 criteria (`benchmarks/projects.py`), with links."""
    found = importlib.util.spec_from_file_location("projects", REPO / "benchmarks/projects.py")
    assert found is not None and found.loader is not None
    projects = importlib.util.module_from_spec(found)
    found.loader.exec_module(projects)
    root = projects.generate_project(tmp_path_factory.mktemp("generated") / "project", 300)
    chapter = sorted((root / "standards/scale/v1").glob("*.md"))[-1]
    chapter.write_text(chapter.read_text(encoding="utf-8") + LINKED, encoding="utf-8")
    edition = Path(root) / "guidance/scale/g1"
    edition.mkdir(parents=True)
    (edition / "edition.yml").write_text(
        "edition: g1\ntitle: Guidance\nserves: v1\nstatus: published\n", encoding="utf-8"
    )
    entries = "".join(ENTRY.format(number=number) for number in range(1, 31))
    (edition / "01-guidance.md").write_text(f"# Guidance\n\n## 1 Entries\n{entries}")
    return Path(root)


def _check(root: Path, cache: Path, jobs: int) -> CheckResult:
    return check_project(root, cache=cache, layout=False, jobs=jobs)


def _stored(cache: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (cache / FOLDER).iterdir()}


def _same_read(one: CheckResult, other: CheckResult, caches: tuple[Path, Path]) -> None:
    assert other.corpus == one.corpus
    assert [d.format() for d in other.diagnostics] == [d.format() for d in one.diagnostics]
    first, second = _stored(caches[0]), _stored(caches[1])
    assert sorted(first) == sorted(second)
    for name, data in first.items():
        assert second[name] == data  # the same sharing of strings, too


@pytest.mark.parametrize("where", ["demo", "generated"])
def test_a_helper_renders_what_the_build_would(
    where: str, generated: Path, tmp_path: Path, taken: Taken
) -> None:
    root = REPO if where == "demo" else generated
    one = _check(root, tmp_path / "one", 1)
    assert not taken  # one job: no helper
    two = _check(root, tmp_path / "two", 2)
    assert taken and all(0 < count < items for _, items, count in taken if items > 1), taken
    _same_read(one, two, (tmp_path / "one", tmp_path / "two"))
    if where == "generated":  # (the helper's answers about files are recorded: `_same_read`)
        # One helper for the read (two versions and an edition), or one for each.
        assert [builds for builds, _, _ in taken] in ([3], [1, 1, 1]), taken
        codes = {d.code.code for d in two.diagnostics}
        assert {"link.broken", "asset.missing", "reference.unresolved"} <= codes, codes
        assert any(d.location.path.startswith("guidance/") for d in two.diagnostics)


def _dies_after_one(send: Any) -> Any:
    sent: list[object] = []

    def once(*args: object) -> None:
        if sent:
            os._exit(3)
        sent.append(args)
        send(*args)

    return once


def _garbage(send: Any) -> Any:
    def spoiled(buffer: int, ready: int, key: str, entry: bytes) -> None:
        send(buffer, ready, key, entry[: len(entry) // 2] + b"garbage")

    return spoiled


def _wrong_shape(send: Any) -> Any:
    import pickle

    def other(buffer: int, ready: int, key: str, entry: bytes) -> None:
        send(buffer, ready, key, pickle.dumps(("not", "a", "rendering"), protocol=5))

    return other


@pytest.mark.parametrize("spoil", [_dies_after_one, _garbage, _wrong_shape])
def test_a_helper_that_dies_or_sends_garbage_loses_nothing(
    spoil: Any, generated: Path, tmp_path: Path, taken: Taken, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _check(generated, tmp_path / "one", 1)
    monkeypatch.setattr(render_ahead, "send_record", spoil(render_ahead.send_record))
    two = _check(generated, tmp_path / "two", 2)
    counts = [count for _, _, count in taken]
    assert counts and all(count <= (1 if spoil is _dies_after_one else 0) for count in counts)
    _same_read(one, two, (tmp_path / "one", tmp_path / "two"))


def _failing(*args: object) -> None:
    raise RuntimeError("a bug in the helper")


def _no_fork() -> int:
    raise OSError("no fork here")


@pytest.mark.parametrize(
    ("module", "name", "replacement"),
    [(render_ahead, "_render_backward", _failing), (os, "fork", _no_fork)],
    ids=["the helper fails", "no fork"],
)
def test_the_build_renders_what_a_helper_does_not_send(
    generated: Path,
    tmp_path: Path,
    taken: Taken,
    monkeypatch: pytest.MonkeyPatch,
    module: object,
    name: str,
    replacement: object,
) -> None:
    one = _check(generated, tmp_path / "one", 1)
    monkeypatch.setattr(module, name, replacement)
    two = _check(generated, tmp_path / "two", 2)
    assert all(count == 0 for _, _, count in taken)
    _same_read(one, two, (tmp_path / "one", tmp_path / "two"))


def test_not_where_it_does_not_pay_or_is_unsafe(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr(render_ahead, "_start", lambda *args: started.append(args))
    monkeypatch.setattr(renderers, "MIN_CRITERIA", 10**9)  # too few criteria
    monkeypatch.setattr(renderers, "MIN_READ", 10**9)
    _check(generated, tmp_path / "small", 2)
    monkeypatch.setattr(renderers, "MIN_CRITERIA", 1)
    monkeypatch.setattr(renderers, "MIN_READ", 1)
    monkeypatch.setattr(renderers, "fork_is_safe", lambda: False)  # another thread
    _check(generated, tmp_path / "unsafe", 2)
    _check(generated, tmp_path / "small", 1)  # one job
    assert not started
    monkeypatch.setattr(renderers, "fork_is_safe", lambda: True)
    _check(generated, tmp_path / "cold", 2)
    # One for the read, then (as none started) one per version and edition.
    assert [len(found[0].jobs) for found in started] == [3, 1, 1, 1]
    with parses_kept(ParseCache()):  # a session's read (`normkit serve`)
        check_project(generated, layout=False, jobs=2)
    assert len(started) == 4


def test_not_where_earlier_renderings_are_reused(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version built again after an edit reuses the renderings of its unchanged chapters
    (`reuse.Renders`): no helper."""
    monkeypatch.setattr(renderers, "MIN_CRITERIA", 1)
    monkeypatch.setattr(renderers, "MIN_READ", 1)
    monkeypatch.setattr(renderers, "fork_is_safe", lambda: True)
    root = tmp_path / "project"
    shutil.copytree(generated, root)
    _check(root, tmp_path / "cache", 2)
    chapter = sorted((root / "standards").rglob("*.md"))[-1]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    started: list[object] = []
    monkeypatch.setattr(render_ahead, "_start", lambda *args: started.append(args))
    _check(root, tmp_path / "cache", 2)
    assert not started


@pytest.mark.parametrize("held", [True, False])
def test_what_a_helper_sent_is_held_where_the_command_holds(
    generated: Path, tmp_path: Path, taken: Taken, monkeypatch: pytest.MonkeyPatch, held: bool
) -> None:
    # Freeing it once the helper is stopped (every object it sent: its loader's memo refers
    # to them all) cost a cold read's critical path ~10-17 ms at 1,000 criteria and ~90 ms
    # at 10,000, much of it copy-on-write faults in pages a saving child shares.
    loaders: list[weakref.ref[Any]] = []
    stop = RendersAhead.stop

    def stopped(self: RendersAhead, read: bool = False) -> None:
        stop(self, read)
        if self.loader is not None and self.worker is None:
            loaders.append(weakref.ref(self.loader))

    monkeypatch.setattr(RendersAhead, "stop", stopped)
    with saving_in_background(hold=held):
        _check(generated, tmp_path / "cache", 2)
        gc.collect()
        assert taken and loaders
        assert all((loader() is not None) is held for loader in loaders)


def test_listing_the_criteria_to_render_leaves_no_reference_cycle(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A command reads with the collector off: a cycle made while listing the criteria (a
    # nested function calling itself) kept every version's draft alive to the end of the
    # command, 60 MiB more peak memory at 10,000 criteria, helper or not.
    real = versions.criteria_in_order
    found: list[int] = []

    def listed(draft: Any) -> Any:
        gc.collect()
        gc.disable()
        try:
            items = real(draft)
            found.append(gc.collect())  # what the listing left unreachable
        finally:
            gc.enable()
        return items

    monkeypatch.setattr(versions, "criteria_in_order", listed)
    # They are listed where a build may fork a helper of its own (none is forked here).
    monkeypatch.setattr(renderers, "MIN_READ", 10**9)
    monkeypatch.setattr(renderers, "fork_is_safe", lambda: True)
    monkeypatch.setattr(render_ahead, "_start", lambda *args: None)
    _check(generated, tmp_path / "cache", 2)
    assert found and not any(found)


def test_the_helper_goes_through_each_build_in_stretches() -> None:
    """Each build's items, in order, cut into equal stretches of at most `STRETCH`; the helper
    goes backward through one until it meets the build, then on to the next."""
    stretch = render_ahead.STRETCH
    owners = [0] * (2 * stretch + 2) + [1] * 3 + [2] * stretch  # three builds
    found = render_ahead.stretches(owners)
    sizes = [stop - start for start, stop in found]
    assert sizes == [(2 * stretch + 2) // 3] * 2 + [(2 * stretch + 2) - 2 * sizes[0], 3, stretch]
    assert found[0][0] == 0 and all(one[1] == other[0] for one, other in itertools.pairwise(found))
    assert all(len({owners[place] for place in range(*one)}) == 1 for one in found)
    claims = mmap.mmap(-1, len(owners))
    met = 10
    claims[met] = 1  # the build is there in the first stretch
    claims[len(owners) - 1] = 1  # and it rendered the last item itself
    order = list(render_ahead._backward_by_build(owners, claims))
    first, second, third, fourth, _ = found
    assert order == [
        *range(first[1] - 1, met, -1),
        *range(second[1] - 1, second[0] - 1, -1),
        *range(third[1] - 1, third[0] - 1, -1),
        *range(fourth[1] - 1, fourth[0] - 1, -1),
    ]  # (nothing of the last stretch: its last item was claimed)
