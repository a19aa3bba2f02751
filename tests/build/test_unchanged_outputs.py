"""A repeated build keeps the outputs whose inputs did not change (`outputs/unchanged.py`):
the previous files, hard-linked, without running their writers; any change to the project,
the build folder's files, the build's outputs or the environment builds them again."""

from __future__ import annotations

import datetime
import hashlib
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from normkit.assemble import consultation
from normkit.outputs import unchanged
from normkit.outputs.files import OutputFiles
from normkit.outputs.json import share
from normkit.outputs.unchanged import (
    ENVIRONMENT,
    UnchangedOutputs,
    listing,
    listing_of,
    project_inputs,
)
from normkit.pipeline import build_project
from tests.build.conftest import visible_build
from tests.spine.miniprojects import materialise

OUTPUTS = ("json", "oscal", "site")


def aged(project: Path) -> Path:
    """Every entry of the project dated a minute ago: a tree changed a moment ago is not
    keyed (`RACY_NS`)."""
    moment = time.time() - 60
    for folder, folders, files in os.walk(project):
        folders[:] = [name for name in folders if name != "build"]
        for name in [*folders, *files]:
            os.utime(Path(folder) / name, (moment, moment), follow_symlinks=False)
    return project


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return aged(materialise(None, tmp_path / "p"))


def no_writer(monkeypatch: pytest.MonkeyPatch, *modules: str) -> list[str]:
    """Writers of `modules` replaced by one that records its call and fails."""
    called: list[str] = []

    def refuse(name: str) -> Any:
        def writer(corpus: Any, folder: Path, context: Any) -> None:
            called.append(name)
            raise AssertionError(f"{name} was written again")

        return writer

    for module in modules:
        name = module.rpartition(".")[2]
        monkeypatch.setattr(f"normkit.outputs.{name}.writer.write_{name}", refuse(name))
    return called


def inodes(out: Path, prefix: str) -> dict[str, int]:
    return {
        path.relative_to(out).as_posix(): path.stat().st_ino
        for path in (out / prefix).rglob("*")
        if path.is_file()
    }


def test_a_repeated_build_keeps_unchanged_outputs_without_writing_them(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "build"
    first = build_project(project, out, OUTPUTS, jobs=1)
    assert first.unchanged == []
    before, json_files = visible_build(out), inodes(out, "json")
    called = no_writer(monkeypatch, "json", "oscal")
    again = build_project(project, out, OUTPUTS, jobs=1)
    assert called == []
    assert sorted(again.unchanged) == ["json", "oscal"], "the site is always built"
    assert visible_build(out) == before
    assert inodes(out, "json") == json_files, "the previous files, linked"
    assert os.readlink(out / ".current") == ".gen-2"


@pytest.mark.parametrize("jobs", [1, 2])
def test_any_change_to_the_project_builds_again(project: Path, jobs: int) -> None:
    out = project / "build"
    build_project(project, out, OUTPUTS, jobs=jobs)
    (project / "assets").mkdir()
    (project / "assets" / "note.txt").write_text("any file a source may link", encoding="utf-8")
    aged(project)
    assert build_project(project, out, OUTPUTS, jobs=jobs).unchanged == []
    assert sorted(build_project(project, out, OUTPUTS, jobs=jobs).unchanged) == ["json", "oscal"]


def test_an_edit_a_moment_ago_is_never_taken_for_unchanged(project: Path) -> None:
    out = project / "build"
    build_project(project, out, OUTPUTS, jobs=1)
    chapter = next((project / "standards").rglob("*.md"))
    text = chapter.read_text(encoding="utf-8")
    info = chapter.stat()
    chapter.write_text(text.replace("a", "b", 1), encoding="utf-8")  # the same size
    os.utime(chapter, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the same time
    assert project_inputs(project, out) is not None
    assert build_project(project, out, OUTPUTS, jobs=1).unchanged == ["json", "oscal"], (
        "a change that keeps size, inode and time is the one thing not seen (as by make)"
    )
    chapter.write_text(text, encoding="utf-8")
    assert project_inputs(project, out) is None, "changed a moment ago: not keyed"
    assert build_project(project, out, OUTPUTS, jobs=1).unchanged == []


def test_a_file_changed_in_the_build_folder_is_written_again(project: Path) -> None:
    out = project / "build"
    build_project(project, out, OUTPUTS, jobs=1)
    index = next((out / "json").rglob("*.json"))
    expected = index.read_bytes()
    with open(index, "ab") as changed:  # in place: the link of the next build sees it
        changed.write(b" ")
    assert sorted(build_project(project, out, OUTPUTS, jobs=1).unchanged) == ["oscal"]
    assert index.read_bytes() == expected


def test_other_outputs_or_another_environment_build_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "build"
    build_project(project, out, OUTPUTS, jobs=1)
    assert build_project(project, out, ("json", "site"), jobs=1).unchanged == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")
    assert build_project(project, out, ("json", "site"), jobs=1).unchanged == []
    assert build_project(project, out, ("json", "site"), jobs=1).unchanged == ["json"]


def test_outputs_kept_by_only_stay_keyed(project: Path) -> None:
    out = project / "build"
    build_project(project, out, OUTPUTS, jobs=1)
    only_site = build_project(project, out, ("site",), jobs=1)
    assert sorted(only_site.carried) == ["json", "oscal"]
    assert sorted(build_project(project, out, OUTPUTS, jobs=1).unchanged) == ["json", "oscal"]


def test_the_key_follows_links_inside_the_project_and_ignores_the_build(tmp_path: Path) -> None:
    root, out = tmp_path / "p", tmp_path / "p" / "build"
    (root / ".shared" / "standards").mkdir(parents=True)
    (root / ".shared" / "standards" / "a.md").write_text("# A\n", encoding="utf-8")
    (root / "standards").symlink_to(root / ".shared" / "standards")
    (root / ".git").mkdir()
    out.mkdir()
    aged(root)
    first = project_inputs(root, out)
    assert first is not None
    (out / "new-generation").mkdir()
    (root / ".git" / "index").write_text("tools' own folders", encoding="utf-8")
    assert project_inputs(root, out) == first
    (root / ".shared" / "standards" / "a.md").write_text("# B\n", encoding="utf-8")
    aged(root)
    assert project_inputs(root, out) not in (first, None), "read through the link"


def test_a_build_read_across_midnight_keeps_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "build"
    build_project(project, out, OUTPUTS, jobs=1)
    first = consultation.today()  # the day the first build was keyed on
    days = iter([first])

    def today() -> datetime.date:  # that day at first, then the next day
        return next(days, first + datetime.timedelta(days=1))

    monkeypatch.setattr("normkit.assemble.consultation.today", today)
    assert build_project(project, out, OUTPUTS, jobs=1).unchanged == []


def test_the_readme_names_every_variable_the_key_covers() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("A build keeps every output but the site") :]
    paragraph = paragraph[: paragraph.index("\n\n")]
    assert [name for name in ENVIRONMENT if f"`{name}`" not in paragraph] == []


def test_a_project_reached_through_a_link_is_keyed_as_its_real_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "standards" / "s").mkdir(parents=True)
    (real / "standards" / "s" / "a.md").write_text("# A\n", encoding="utf-8")
    (real / "standards" / "s" / "again").symlink_to(real)  # a loop: listed, walked once
    (real / "build").mkdir()
    (tmp_path / "linked").symlink_to(real)
    aged(real)
    through_link = project_inputs(tmp_path / "linked", tmp_path / "linked" / "build")
    assert through_link is not None
    assert through_link == project_inputs(real, real / "build")
    (real / "build" / "new-generation").mkdir()  # the build folder, named through the link
    assert project_inputs(tmp_path / "linked", tmp_path / "linked" / "build") == through_link


def walked_listing(folder: Path) -> str:
    """The listing as `os.walk` reads it, file by file (what `listing` does in fewer steps)."""
    digest = hashlib.sha256()
    for base, folders, files in os.walk(folder):
        folders.sort()
        relative = os.path.relpath(base, folder)
        for name in sorted(files):
            info = os.lstat(os.path.join(base, name))
            kind = "l" if stat.S_ISLNK(info.st_mode) else "f"
            line = f"{kind}\0{relative}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n"
            digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def test_a_listing_is_the_walk_of_every_file_in_order(tmp_path: Path) -> None:
    out = tmp_path / "json"
    for relative in ("b.json", "a/z.json", "a/b/c.json", "a-b/x.json", "A/y", "é/ü.json"):
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(relative, encoding="utf-8")
    (out / "empty").mkdir()
    (out / "a" / "to-file").symlink_to(out / "b.json")
    (out / "a" / "to-folder").symlink_to(out / "a" / "b")  # listed as a folder, not walked
    (out / "a" / "dangling").symlink_to(out / "nowhere")
    (out / "bad-\udcff").write_bytes(b"")  # a name that is not UTF-8
    first = listing(out)
    assert first == walked_listing(out)
    (out / "a" / "b" / "c.json").write_text("longer", encoding="utf-8")
    assert listing(out) not in (first, walked_listing(tmp_path))
    assert listing(out) == walked_listing(out)


def test_a_listing_of_what_a_writer_wrote_is_the_listing_of_its_folder(tmp_path: Path) -> None:
    # A writer's record of its files (`OutputFiles.listed`) lists them as the folder does:
    # files made, streamed and linked from the previous build, in any order, with names
    # that sort apart from their folders' and one that is not UTF-8.
    names = ("b.json", "a/z.json", "a/b/c.json", "a-b/x.json", "A/y", "é/ü.json", "bad-\udcff")
    previous = OutputFiles(tmp_path / "previous")
    for relative in names:
        previous.write(relative, relative.encode("utf-8", "surrogateescape"))
    out = tmp_path / "json"
    files = OutputFiles(out, tmp_path / "previous", listed=True)
    files.folder("empty")
    for relative in reversed(names):  # the same bytes: linked
        files.write(relative, relative.encode("utf-8", "surrogateescape"))
    files.write("a/b/new.json", [b"made ", b"afresh"])
    with OutputFiles(out, listed=True).stream("a/streamed.json") as stream:  # (no previous)
        stream.add(b"in parts")
    assert files.reused == len(names)
    assert files.listed is not None
    told = [*files.listed, ("a/streamed.json", 8, (out / "a/streamed.json").stat().st_mtime_ns)]
    assert listing_of(told) == listing(out)
    assert listing_of(told[1:]) != listing(out)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_json_build_records_the_listing_its_writer_told(
    project: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    # The JSON writer lists its files as it writes them, and its forked child those of its
    # versions: the build records that, without listing the folder (which a repeated build
    # does, and finds the same).
    monkeypatch.setattr(share, "SHARED_FROM", 1)  # (the child writes the last version)
    listed: list[Path] = []
    monkeypatch.setattr(unchanged, "listing", lambda folder: listed.append(folder) or "")
    out = project / "build"
    build_project(project, out, ("json",), jobs=jobs)
    assert listed == []
    monkeypatch.undo()
    record = UnchangedOutputs(out / ".cache")
    assert record.outputs["json"]["files"] == listing(out / "json")
    assert build_project(project, out, ("json",), jobs=jobs).unchanged == ["json"]
