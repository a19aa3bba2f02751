"""The JSON output written by two processes (`outputs/json/share.py`): the same folder
whatever the split, the previous build's files linked as by one process, a child that fails
replaced, and no child left behind by a writer that fails; the build's caches saved once
the changesets both read are made, right after the child is forked."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest

import normkit.forking
import normkit.outputs.files as files
import normkit.outputs.json.serialise as serialise
import normkit.outputs.json.share as share
import normkit.outputs.json.writer as writer
from normkit.derived import Derived
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.files import OutputFiles
from normkit.outputs.json.serialise import translated_versions, version_document
from normkit.outputs.json.text import json_bytes
from normkit.pipeline import CheckResult, build_project, check_project
from tests.spine.miniprojects import materialise


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus, Derived]:
    project = materialise(None, tmp_path_factory.mktemp("share") / "p")
    result = check_project(project)
    assert result.ok and result.corpus is not None
    return project, result.corpus, (result.derived or Derived(result.corpus)).complete()


def _files(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file's bytes and mode, and every folder (None)."""
    return {
        path.relative_to(folder).as_posix(): (
            None if path.is_dir() else (path.read_bytes(), path.stat().st_mode)
        )
        for path in sorted(folder.rglob("*"))
    }


def _write(model: tuple[Path, Corpus, Derived], out: Path, jobs: int) -> None:
    project, corpus, derived = model
    context = BuildContext(
        project=project, out=out, cache=out / ".cache", jobs=jobs, derived=derived
    )
    writer.write_json(corpus, out / "json", context)


def _shares(corpus: Corpus) -> list[share.Share]:
    """Every kind of split of the mini project: each version alone, all but the first, all
    (everything but the index and schemas)."""
    count = len(list(share.versions(corpus)))
    alone = [[i == index for i in range(count)] for index in range(count)]
    return [*alone, [i > 0 for i in range(count)], [True] * count]


def _forked(monkeypatch: pytest.MonkeyPatch) -> list[share.Share]:
    """The shares children were forked for, from now on (with two jobs); forked even where
    an earlier test left a thread in this process."""
    monkeypatch.setattr(normkit.forking, "fork_is_safe", lambda: True)
    forked: list[share.Share] = []
    fork = share.fork_writer

    def recorded(*arguments: Any) -> Any:
        child = fork(*arguments)
        if child is not None:
            forked.append(arguments[-1])
        return child

    monkeypatch.setattr(writer, "fork_writer", recorded)
    return forked


def test_the_folder_is_the_same_whatever_the_split(
    model: tuple[Path, Corpus, Derived], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(model, tmp_path / "alone", jobs=1)
    expected = _files(tmp_path / "alone" / "json")
    assert sum(name.endswith(".jsonl") for name in expected) >= 2
    forked = _forked(monkeypatch)
    shares = _shares(model[1])
    for number, chosen in enumerate(shares):
        monkeypatch.setattr(writer, "split", lambda corpus, jobs, chosen=chosen: chosen)
        _write(model, tmp_path / str(number), jobs=2)
        assert _files(tmp_path / str(number) / "json") == expected, chosen
    assert forked == shares, "each written by a child"


def test_small_projects_and_one_job_fork_no_child(model: tuple[Path, Corpus, Derived]) -> None:
    corpus = model[1]
    assert share.split(corpus, 2) is None  # fewer criteria than SHARED_FROM
    assert share.split(corpus, 1) is None


def test_the_child_takes_the_last_versions_that_even_the_shares(
    model: tuple[Path, Corpus, Derived], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = model[1]
    counts = [sum(1 for _ in version.criteria()) for _, version in share.versions(corpus)]
    monkeypatch.setattr(share, "SHARED_FROM", 1)
    found = share.split(corpus, 2)
    assert found is not None and found[-1] and not all(found)
    taken = sum(count for count, shared in zip(counts, found, strict=True) if shared)
    assert abs(2 * taken - sum(counts)) <= max(counts), "within a version of even"
    monkeypatch.setattr(share, "SHARED_FROM", taken + 1)
    assert share.split(corpus, 2) is None


def test_a_version_file_written_criterion_after_criterion_is_its_whole_document(
    demo_check: CheckResult, tmp_path: Path
) -> None:
    corpus = demo_check.corpus
    derived = (demo_check.derived or Derived(corpus)).complete()
    files = OutputFiles(tmp_path)
    written = list(share.versions(corpus))
    assert any(translated_versions(corpus, version) for _, version in written)
    for standard, version in written:
        share.write_version(corpus, derived, files, standard, version)
        whole = json_bytes(version_document(corpus, standard, version))
        assert (tmp_path / standard.slug / f"{version.name}.json").read_bytes() == whole


def test_a_version_s_criteria_are_made_as_their_files_are_written(
    model: tuple[Path, Corpus, Derived], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, corpus, derived = model
    standard, version = next(share.versions(corpus))
    folder = tmp_path / standard.slug / version.name / "criteria"
    made = serialise.criterion
    files_before: list[int] = []

    def criterion(*arguments: Any) -> Any:
        files_before.append(len(list(folder.iterdir())))
        return made(*arguments)

    monkeypatch.setattr(serialise, "criterion", criterion)
    share.write_version(corpus, derived, OutputFiles(tmp_path), standard, version)
    assert len(files_before) >= 2
    assert files_before == list(range(len(files_before)))  # not all held before the first


@pytest.mark.parametrize("how", ["error", "signal"])
def test_a_child_that_fails_has_its_share_written_here(
    model: tuple[Path, Corpus, Derived], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    _write(model, tmp_path / "alone", jobs=1)
    parent = os.getpid()
    write_share = share.write_share

    def failing(*arguments: Any) -> None:
        if os.getpid() != parent:
            if how == "signal":
                os.kill(os.getpid(), signal.SIGKILL)
            raise OSError(28, "No space left on device")
        write_share(*arguments)

    monkeypatch.setattr(share, "write_share", failing)
    monkeypatch.setattr(writer, "write_share", failing)
    forked = _forked(monkeypatch)
    monkeypatch.setattr(writer, "split", lambda corpus, jobs: _shares(corpus)[-1])
    _write(model, tmp_path / "shared", jobs=2)
    assert forked
    assert _files(tmp_path / "shared" / "json") == _files(tmp_path / "alone" / "json")


def test_a_writer_that_fails_leaves_no_child(
    model: tuple[Path, Corpus, Derived], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*arguments: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "split", lambda corpus, jobs: _shares(corpus)[-2])
    monkeypatch.setattr(writer, "write_version", failing)
    children: list[int] = []
    fork = share.RecordsChild.fork

    def fork_recorded(self: share.RecordsChild, *arguments: Any) -> None:
        fork(self, *arguments)
        if self.child is not None:
            children.append(self.child[0])

    monkeypatch.setattr(share.RecordsChild, "fork", fork_recorded)
    forked = _forked(monkeypatch)
    with pytest.raises(OSError, match="No space"):
        _write(model, tmp_path / "out", jobs=2)
    assert forked and len(children) == 1
    # That child was reaped (others of this test process, a worker of the whole suite's,
    # are not this test's).
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)


def test_a_forked_build_links_the_previous_build_s_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = materialise(None, tmp_path / "p")
    out = project / "build"
    build_project(project, out, ("json",), jobs=1)
    before = {path: (path.read_bytes(), path.stat().st_ino) for path in _paths(out)}
    monkeypatch.setattr(share, "SHARED_FROM", 1)
    forked = _forked(monkeypatch)
    # Sources touched (so that the output is written again, not kept whole), one text edited.
    for chapter in (project / "standards").rglob("*.md"):
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    chapter = next((project / "standards" / "demo" / "v2").glob("*.md"))
    text = chapter.read_text(encoding="utf-8")
    end = text.index("```\n\n", text.index("id: ghg-targets\n")) + len("```\n\n")
    chapter.write_text(text[:end] + "Reworded. " + text[end:], encoding="utf-8")
    build_project(project, out, ("json",), jobs=2)
    assert forked
    after = {path: (path.read_bytes(), path.stat().st_ino) for path in _paths(out)}
    assert after.keys() == before.keys()
    linked = {path for path in after if after[path][1] == before[path][1]}
    assert linked == {path for path in after if after[path][0] == before[path][0]}
    assert out / "json/demo/v2/criteria/ghg-targets.json" not in linked
    assert len(linked) > len(after) / 2


def test_a_build_saves_its_caches_once_the_changesets_are_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child saving the caches shares the build's pages: those the changesets write after
    its fork would be copied."""
    project = materialise(None, tmp_path / "p")
    steps: list[str] = []
    complete, save_stored = Derived.complete, CheckResult.save_stored

    def completing(derived: Derived) -> Derived:
        steps.append("changesets")
        return complete(derived)

    def saving(result: CheckResult, create: bool = False) -> None:
        steps.append("caches")
        save_stored(result, create)

    monkeypatch.setattr(Derived, "complete", completing)
    monkeypatch.setattr(CheckResult, "save_stored", saving)
    build_project(project, project / "build", ("json",), jobs=1)
    assert steps == ["changesets", "caches"]
    assert any((project / "build" / ".cache" / "parses").iterdir())


def test_a_json_build_saves_its_caches_right_after_forking_its_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two forks in one step share one copy of each page this process writes afterwards; a
    fork after the other, once the writer's imports and split had written pages, copied
    them again (~1,000 copies more at 1,000 criteria)."""
    project = materialise(None, tmp_path / "p")
    monkeypatch.setattr(share, "SHARED_FROM", 1)
    forked = _forked(monkeypatch)
    steps: list[str] = []
    save_stored, fork_writer, create = CheckResult.save_stored, writer.fork_writer, files._create

    def saving(result: CheckResult, create: bool = False) -> None:
        steps.append("caches")
        save_stored(result, create)

    def forking(*arguments: Any) -> Any:
        steps.append("child")
        return fork_writer(*arguments)

    def creating(*arguments: Any) -> Any:
        if not steps or steps[-1] != "file":
            steps.append("file")
        return create(*arguments)

    monkeypatch.setattr(CheckResult, "save_stored", saving)
    monkeypatch.setattr(writer, "fork_writer", forking)
    monkeypatch.setattr(files, "_create", creating)
    build_project(project, project / "build", ("json",), jobs=2)
    assert forked
    assert steps == ["child", "caches", "file"]
    assert any((project / "build" / ".cache" / "parses").iterdir())
    steps.clear()
    build_project(project, tmp_path / "alone", ("json", "diff"), jobs=1)  # not JSON alone
    assert steps[0] == "caches"


def _paths(out: Path) -> list[Path]:
    return [path for path in sorted((out / "json").rglob("*")) if path.is_file()]
