"""The JSON output links the previous build's files whose bytes did not change, and only
those: an edited criterion's file is new, an output edited in place is not served again,
and nothing is kept for them besides the builds themselves."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

import normkit.outputs.files as files_module
from normkit.outputs.files import OutputFiles
from normkit.pipeline import build_project
from tests.build.conftest import leftovers, visible_build
from tests.spine.miniprojects import materialise

CRITERIA = "json/demo/v2/criteria"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return materialise(None, tmp_path / "p")


def _inodes(out: Path) -> dict[str, int]:
    return {
        path.relative_to(out).as_posix(): path.stat().st_ino
        for path in sorted((out / "json").rglob("*"))
        if path.is_file()
    }


def _fresh_build(project: Path, out: Path) -> dict[str, str]:
    build_project(project, out, ("json",), jobs=1)
    return visible_build(out)


def _edit_criterion_text(project: Path) -> None:
    chapter = next((project / "standards" / "demo" / "v2").glob("*.md"))
    text = chapter.read_text(encoding="utf-8")
    block = "id: ghg-targets\n"
    start = text.index(block)
    end = text.index("```\n\n", start) + len("```\n\n")
    chapter.write_text(text[:end] + "Reworded. " + text[end:], encoding="utf-8")


def test_an_unchanged_build_links_every_json_file(project: Path, tmp_path: Path) -> None:
    out = project / "build"
    build_project(project, out, ("json",), jobs=1)
    before = _inodes(out)
    assert len(before) > 8
    build_project(project, out, ("json",), jobs=1)
    assert os.readlink(out / ".current") == ".gen-2"
    assert _inodes(out) == before, "every file linked from the previous build"
    assert visible_build(out) == _fresh_build(project, tmp_path / "fresh")
    assert leftovers(out) == []
    # Nothing kept besides the build for the JSON files: the read's caches and the record of
    # which outputs a later build may keep (`outputs/unchanged.py`).
    kept = sorted(p.name for p in (out / ".cache").iterdir())
    assert kept == ["assemblies", "parses", "unchanged-outputs.json"]


def test_an_edited_criterion_gets_a_new_file_and_the_others_are_linked(
    project: Path, tmp_path: Path
) -> None:
    out = project / "build"
    build_project(project, out, ("json",), jobs=1)
    before = _inodes(out)
    old_text = (out / CRITERIA / "ghg-targets.json").read_text(encoding="utf-8")
    _edit_criterion_text(project)
    build_project(project, out, ("json",), jobs=1)
    after = _inodes(out)
    changed = {path for path in after if after[path] != before.get(path)}
    assert f"{CRITERIA}/ghg-targets.json" in changed
    assert "json/demo/v2.json" in changed and "json/demo/v2.jsonl" in changed
    assert f"{CRITERIA}/legal-compliance.json" not in changed
    assert "json/demo/v1/criteria/legal-compliance.json" not in changed
    assert "json/index.json" not in changed
    new_text = (out / CRITERIA / "ghg-targets.json").read_text(encoding="utf-8")
    assert "Reworded." in new_text and "Reworded." not in old_text
    assert visible_build(out) == _fresh_build(project, tmp_path / "fresh")


def test_an_output_edited_in_place_is_not_served_again(project: Path, tmp_path: Path) -> None:
    out = project / "build"
    build_project(project, out, ("json",), jobs=1)
    poisoned = out / CRITERIA / "legal-compliance.json"
    inode = poisoned.stat().st_ino
    with poisoned.open("r+b") as file:  # same size, other bytes, same inode
        data = file.read()
        file.seek(0)
        file.write(data.replace(b'"id"', b'"ID"', 1))
    build_project(project, out, ("json",), jobs=1)
    assert poisoned.stat().st_ino != inode
    assert b'"ID"' not in poisoned.read_bytes()
    assert visible_build(out) == _fresh_build(project, tmp_path / "fresh")


def test_files_are_linked_only_when_their_bytes_are_equal(tmp_path: Path) -> None:
    previous, out = tmp_path / "previous", tmp_path / "out"
    first = OutputFiles(previous)
    for name in ("same.json", "changed.json", "grown.json", "private.json", "a/b/deep.json"):
        first.write(name, b'{"a": 1}\n')
    (previous / "private.json").chmod(0o600)
    os.symlink("same.json", previous / "link.json")
    files = OutputFiles(out, previous)
    files.write("same.json", b'{"a": 1}\n')
    files.write("changed.json", b'{"a": 2}\n')
    files.write("grown.json", b'{"a": 10}\n')
    files.write("private.json", b'{"a": 1}\n')
    files.write("link.json", b'{"a": 1}\n')
    files.write("a/b/deep.json", b'{"a": 1}\n')
    files.write("new.json", b"{}\n")
    files.folder("empty")
    assert (files.reused, files.created) == (2, 5)
    assert (out / "same.json").stat().st_ino == (previous / "same.json").stat().st_ino
    assert (out / "a/b/deep.json").stat().st_ino == (previous / "a/b/deep.json").stat().st_ino
    for name in ("changed.json", "grown.json", "private.json", "link.json"):
        assert not (out / name).is_symlink()
        assert (out / name).stat().st_ino != (previous / name).stat().st_ino, name
    assert (out / "changed.json").read_bytes() == b'{"a": 2}\n'
    assert (previous / "changed.json").read_bytes() == b'{"a": 1}\n'
    assert (out / "private.json").stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert (out / "empty").is_dir()


def test_a_file_written_in_parts_is_their_bytes_in_order(tmp_path: Path) -> None:
    previous, out = tmp_path / "previous", tmp_path / "out"
    many = [f"{number}\n".encode() for number in range(3000)]  # more than one writev takes
    OutputFiles(previous).write("lines.jsonl", b"".join(many))
    OutputFiles(previous).write("changed.jsonl", b"a\nb\n")
    files = OutputFiles(out, previous)
    files.write("lines.jsonl", many)
    files.write("changed.jsonl", [b"a\n", b"c\n"])  # the same size, other bytes
    files.write("new.jsonl", [b"x\n", b"", b"y\n"])
    files.write("empty.jsonl", [])
    assert (files.reused, files.created) == (1, 3)
    assert (out / "lines.jsonl").stat().st_ino == (previous / "lines.jsonl").stat().st_ino
    assert (out / "changed.jsonl").read_bytes() == b"a\nc\n"
    assert (out / "new.jsonl").read_bytes() == b"x\ny\n"
    assert (out / "empty.jsonl").read_bytes() == b""
    fresh = OutputFiles(tmp_path / "fresh")
    fresh.write("lines.jsonl", many)
    assert (tmp_path / "fresh" / "lines.jsonl").read_bytes() == b"".join(many)


def test_a_stream_with_no_previous_build_is_written_as_it_goes(tmp_path: Path) -> None:
    files = OutputFiles(tmp_path)
    part = b"x" * 1000
    count = files_module._STREAMED // len(part) + 1  # past what a stream holds
    with files.stream("a/lines.jsonl") as stream:
        assert (tmp_path / "a" / "lines.jsonl").read_bytes() == b""  # made at once
        for _ in range(count):
            stream.add(part)
        assert (tmp_path / "a" / "lines.jsonl").stat().st_size == count * len(part)
        stream.add(b"end\n")
    assert (tmp_path / "a" / "lines.jsonl").read_bytes() == part * count + b"end\n"
    with files.stream("empty.jsonl"):
        pass
    assert (tmp_path / "empty.jsonl").read_bytes() == b""
    assert (files.created, files.reused) == (2, 0)


def test_a_stream_is_linked_from_the_previous_build_when_its_bytes_are_equal(
    tmp_path: Path,
) -> None:
    previous, out = tmp_path / "previous", tmp_path / "out"
    parts = [f"{number}\n".encode() for number in range(20_000)]  # past what a stream holds
    for name in ("same.jsonl", "changed.jsonl"):
        OutputFiles(previous).write(name, parts)
    files = OutputFiles(out, previous)
    with files.stream("same.jsonl") as same, files.stream("changed.jsonl") as changed:
        for part in parts:
            same.add(part)
            changed.add(part.replace(b"7", b"8"))
        assert not (out / "same.jsonl").exists()  # (kept, then compared)
    assert (files.reused, files.created) == (1, 1)
    assert (out / "same.jsonl").stat().st_ino == (previous / "same.jsonl").stat().st_ino
    assert (out / "changed.jsonl").read_bytes() == b"".join(parts).replace(b"7", b"8")


def test_a_stream_that_fails_is_closed_and_not_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous, out = tmp_path / "previous", tmp_path / "out"
    OutputFiles(previous).write("linked.json", b"{}\n")
    closed = []
    close = os.close
    monkeypatch.setattr(
        os, "close", lambda descriptor: (closed.append(descriptor), close(descriptor))
    )
    for files in (OutputFiles(out), OutputFiles(out, previous)):
        with pytest.raises(ValueError), files.stream("linked.json") as stream:
            stream.add(b"{")
            raise ValueError
    assert len(closed) == 1  # the file made at once; with a previous build, none is made
    assert (out / "linked.json").read_bytes() == b""  # what failed is not written


def test_a_short_write_is_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write = os.write
    monkeypatch.setattr(os, "write", lambda descriptor, data: write(descriptor, data[:3]))
    files = OutputFiles(tmp_path)
    files.write("a/short.json", b'{"a": [1, 2, 3]}\n')
    monkeypatch.undo()
    assert (tmp_path / "a" / "short.json").read_bytes() == b'{"a": [1, 2, 3]}\n'


def test_the_json_writer_creates_each_file_in_its_own_thread_at_once(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A thread creating the files got the interpreter's lock only once per switch interval
    # while the writer ran Python: the files were made after their bytes, not beside them.
    created = files_module._create
    threads = set()

    def create(target: str, data: files_module.Data, listed: bool = False) -> os.stat_result | None:
        threads.add(threading.current_thread())
        return created(target, data, listed)

    monkeypatch.setattr(files_module, "_create", create)
    build_project(project, tmp_path / "out", ("json",), jobs=1)
    assert threads == {threading.main_thread()}
    files = OutputFiles(tmp_path / "alone")
    files.write("a/b.json", b"{}\n")
    assert (tmp_path / "alone" / "a" / "b.json").read_bytes() == b"{}\n"  # on disk already


def test_rewriting_a_linked_file_never_changes_the_previous_build(tmp_path: Path) -> None:
    previous, out = tmp_path / "previous", tmp_path / "out"
    OutputFiles(previous).write("x.json", b"old\n")
    OutputFiles(out, previous).write("x.json", b"old\n")  # linked
    OutputFiles(out).write("x.json", b"new\n")  # the same folder written again
    assert (out / "x.json").read_bytes() == b"new\n"
    assert (previous / "x.json").read_bytes() == b"old\n"


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
