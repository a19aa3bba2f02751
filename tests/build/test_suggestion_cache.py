"""Successor suggestions kept between builds: the same suggestions back, computed again when
an input changed or the entry is damaged, never served from a damaged entry, pruned when no
build asks for them, and no scientific library imported when they come from the cache."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from normkit.model.corpus import Corpus
from normkit.model.standard import Section, Version
from normkit.outputs.context import BuildContext
from normkit.outputs.diff.suggestion_cache import (
    SUFFIX,
    cached_suggestions,
    decode,
    encode,
    suggestion_key,
)
from normkit.outputs.diff.writer import write_diff
from normkit.outputs.render_cache import CHECKSUM, RenderCache
from normkit.pipeline import check_project
from normkit.revisions import Changeset
from normkit.revisions.comparison import SuggestionRequest, compare
from tests.revisions.conftest import PROJECT
from tests.revisions.scramble import scramble_ids

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def versions() -> tuple[Corpus, Version, Version]:
    """The revisions' mini-project with every old id replaced: suggestions have work to do."""
    corpus = check_project(PROJECT).corpus
    new = next(v for v in corpus.versions() if v.supersedes)
    old = corpus.version(new.standard, new.supersedes or "")
    assert old is not None
    scrambled, _ = scramble_ids(old)
    return corpus, scrambled, new


def fresh(versions: tuple[Corpus, Version, Version]) -> Changeset:
    corpus, old, new = versions
    return compare(corpus, old, new)


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the engine's runs."""
    calls: list[int] = []
    run: Callable[[SuggestionRequest], Any] = SuggestionRequest.__call__

    def counted(request: SuggestionRequest) -> Any:
        calls.append(1)
        return run(request)

    monkeypatch.setattr(SuggestionRequest, "__call__", counted)
    return calls


def test_cached_suggestions_are_the_computed_ones(
    versions: tuple[Corpus, Version, Version], tmp_path: Path, computed: list[int]
) -> None:
    expected = fresh(versions).suggestions
    assert len(expected) >= 3, "the scrambled ids leave suggestions to make"
    assert len(computed) == 1
    for _ in range(2):
        changeset = fresh(versions)
        cached_suggestions(changeset, RenderCache(tmp_path))
        assert changeset.suggestions == expected
        for found, wanted in zip(changeset.suggestions, expected, strict=True):
            assert [type(getattr(found, f.name)) for f in dataclasses.fields(found)] == [
                type(getattr(wanted, f.name)) for f in dataclasses.fields(wanted)
            ]
    assert len(computed) == 2, "computed once more for the cache, then read from it"
    assert decode(encode(expected)) == expected


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry.write_bytes(entry.read_bytes()[:40]),
        lambda entry: entry.write_bytes(entry.read_bytes().replace(b"0.", b"1.", 1)),
        lambda entry: entry.with_name(entry.name + CHECKSUM).unlink(),
    ],
    ids=["truncated", "changed", "no checksum"],
)
def test_a_damaged_entry_is_computed_again_not_served(
    versions: tuple[Corpus, Version, Version], tmp_path: Path, computed: list[int], damage: Any
) -> None:
    changeset = fresh(versions)
    cached_suggestions(changeset, RenderCache(tmp_path))
    (entry,) = tmp_path.glob(f"*{SUFFIX}")
    damage(entry)
    again = fresh(versions)
    cached_suggestions(again, RenderCache(tmp_path))
    assert again.suggestions == changeset.suggestions
    assert len(computed) == 2


def test_an_entry_that_is_not_suggestions_is_computed_again(
    versions: tuple[Corpus, Version, Version], tmp_path: Path, computed: list[int]
) -> None:
    """Intact (its checksum matches) but not what this code writes: never served."""
    changeset = fresh(versions)
    assert isinstance(changeset.pending.request, SuggestionRequest)
    key = suggestion_key(changeset.pending.request)
    RenderCache(tmp_path).put(key, SUFFIX, b'[{"old_id": 1}]')
    cached_suggestions(changeset, RenderCache(tmp_path))
    assert changeset.suggestions == fresh(versions).suggestions
    assert len(computed) == 2


def _retitled(version: Version) -> Version:
    """A copy of `version` whose first criterion has another title."""

    def section(found: Section, done: list[bool]) -> Section:
        criteria = []
        for criterion in found.criteria:
            if not done:
                criterion = dataclasses.replace(criterion, title=criterion.title + " (edited)")
                done.append(True)
            criteria.append(criterion)
        children = tuple(section(child, done) for child in found.children)
        return dataclasses.replace(found, criteria=tuple(criteria), children=children)

    done: list[bool] = []
    return dataclasses.replace(version, sections=tuple(section(s, done) for s in version.sections))


def test_the_key_changes_with_the_engine_inputs(versions: tuple[Corpus, Version, Version]) -> None:
    corpus, old, new = versions

    def key(old: Version, new: Version) -> str:
        request = compare(corpus, old, new).pending.request
        assert isinstance(request, SuggestionRequest)
        return suggestion_key(request)

    assert key(old, new) == key(old, new)
    assert key(_retitled(old), new) != key(old, new)
    assert key(old, _retitled(new)) != key(old, new)


def test_no_scientific_library_is_imported_for_a_cached_answer(
    versions: tuple[Corpus, Version, Version], tmp_path: Path
) -> None:
    cached_suggestions(fresh(versions), RenderCache(tmp_path))
    script = f"""
import sys
from pathlib import Path
from normkit.outputs.diff.suggestion_cache import cached_suggestions
from normkit.outputs.render_cache import RenderCache
from normkit.pipeline import check_project
from normkit.revisions.comparison import compare
from tests.revisions.scramble import scramble_ids
corpus = check_project(Path({str(PROJECT)!r})).corpus
new = next(v for v in corpus.versions() if v.supersedes)
old, _ = scramble_ids(corpus.version(new.standard, new.supersedes))
changeset = compare(corpus, old, new)
cached_suggestions(changeset, RenderCache(Path({str(tmp_path)!r})))
assert changeset.suggestions
print(sorted(m for m in ("numpy", "scipy", "sklearn") if m in sys.modules))
"""
    found = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_diff_output_keeps_the_suggestions_it_asked_for_and_prunes_the_rest(
    tmp_path: Path,
) -> None:
    corpus = check_project(PROJECT).corpus
    store = tmp_path / "cache" / "diff"
    RenderCache(store).put("0" * 64, SUFFIX, b"[]")  # asked for by no build any more
    context = BuildContext(project=PROJECT, out=tmp_path, cache=tmp_path / "cache")
    write_diff(corpus, tmp_path / "first", context)
    kept = sorted(path.name for path in store.glob(f"*{SUFFIX}*"))
    assert len(kept) == 2 and not kept[0].startswith("0" * 64), kept
    write_diff(corpus, tmp_path / "second", context)
    assert sorted(path.name for path in store.glob(f"*{SUFFIX}*")) == kept
    assert (tmp_path / "first" / "demo" / "v1..v2.json").read_bytes() == (
        tmp_path / "second" / "demo" / "v1..v2.json"
    ).read_bytes()
