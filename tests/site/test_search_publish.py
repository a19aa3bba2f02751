"""The search index is moved into a served site file by file, whole, entry files last (a
browser reading a half-written `pagefind-entry.json` fails), and what the new index no longer
names is removed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from normkit.outputs.site import search
from normkit.outputs.site.search import publish


def test_publish_replaces_whole_files_entry_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staging = tmp_path / "staging"
    (staging / "fragment").mkdir(parents=True)
    (staging / "pagefind-entry.json").write_text('{"version": "new"}')
    (staging / "pagefind.js").write_text("// new")
    (staging / "fragment" / "en_new.pf_fragment").write_bytes(b"new")
    (staging / "wasm.en.pagefind").write_bytes(b"wasm")
    target = tmp_path / "site" / "pagefind"
    (target / "fragment").mkdir(parents=True)
    (target / "old-only").mkdir()
    (target / "pagefind-entry.json").write_text('{"version": "old"}')
    (target / "fragment" / "en_old.pf_fragment").write_bytes(b"old")
    (target / "old-only" / "gone.pf_filter").write_bytes(b"old")

    replaced: list[str] = []
    real_replace = os.replace

    def recording_replace(source: Path, destination: Path) -> None:
        # Every file arrives whole: renamed from the staging folder over its final name.
        assert Path(source).is_relative_to(staging)
        assert (
            Path(source).read_bytes()
            == (staging / Path(destination).relative_to(target)).read_bytes()
        )
        replaced.append(Path(destination).relative_to(target).as_posix())
        real_replace(source, destination)

    monkeypatch.setattr(search.os, "replace", recording_replace)
    publish(staging, target)

    assert sorted(replaced[-2:]) == ["pagefind-entry.json", "pagefind.js"]
    assert len(replaced) == 4
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*"))
    assert written == [
        "fragment",
        "fragment/en_new.pf_fragment",
        "pagefind-entry.json",
        "pagefind.js",
        "wasm.en.pagefind",
    ]
    assert (target / "pagefind-entry.json").read_text() == '{"version": "new"}'


def _index(folder: Path) -> Path:
    (folder / "fragment").mkdir(parents=True)
    (folder / "pagefind-entry.json").write_text('{"version": "new"}')
    (folder / "fragment" / "en_new.pf_fragment").write_bytes(b"new")
    return folder


def test_publish_moves_a_first_index_whole(tmp_path: Path) -> None:
    staging = _index(tmp_path / "staging" / "pagefind")
    target = tmp_path / "site" / "pagefind"
    publish(staging, target)
    assert not staging.exists()  # renamed, not copied
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*"))
    assert written == ["fragment", "fragment/en_new.pf_fragment", "pagefind-entry.json"]


def test_publish_copies_from_another_filesystem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staging = _index(tmp_path / "staging")
    target = tmp_path / "site" / "pagefind"
    real_replace, real_rename = os.replace, os.rename

    def across(source: Path, destination: Path) -> None:
        if Path(source).is_relative_to(staging):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(source, destination)

    def rename_across(source: Path, destination: Path) -> None:
        if Path(source).is_relative_to(staging):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_rename(source, destination)

    monkeypatch.setattr(search.os, "replace", across)
    monkeypatch.setattr(search.os, "rename", rename_across)
    publish(staging, target)
    assert (staging / "pagefind-entry.json").is_file()  # copied
    assert (target / "fragment" / "en_new.pf_fragment").read_bytes() == b"new"
    assert not list(target.rglob("*.part"))
