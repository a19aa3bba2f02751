"""One build, all or nothing: the layout of the build folder, `--only`, failures, a crash at
every step of the switch, permissions and the lock."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from normkit.build_folder import BuildFolder
from normkit.cli import main
from normkit.outputs.registry import available
from normkit.pipeline import build_project
from tests.build.conftest import leftovers, visible_build
from tests.spine.miniprojects import materialise

LIGHT = ("json", "site")
"""Outputs without typesetting, for tests about the folder rather than the documents."""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return materialise(None, tmp_path / "p")


def retitle(project: Path, title: str) -> None:
    """Change the sources so that every output of the next build differs."""
    path = project / "standards" / "demo" / "standard.yml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(old, f"title: {title}"), encoding="utf-8")


def test_layout_is_links_into_one_generation(project: Path) -> None:
    out = project / "build"
    build_project(project, out, LIGHT, jobs=2)
    assert os.readlink(out / ".current") == ".gen-1"
    for name in LIGHT:
        assert os.readlink(out / name) == f".current/{name}"
    assert (out / "site" / "index.html").is_file()
    build_project(project, out, LIGHT, jobs=2)
    assert os.readlink(out / ".current") == ".gen-2"
    assert leftovers(out) == []


def test_only_keeps_the_other_outputs_of_the_previous_build(project: Path) -> None:
    out = project / "build"
    build_project(project, out, LIGHT, jobs=2)
    site_before = {k: v for k, v in visible_build(out).items() if k.startswith("site/")}
    page = out / "site" / "index.html"
    inode = page.stat().st_ino
    retitle(project, "Retitled Standard")
    result = build_project(project, out, ("json",), jobs=2)
    assert result.written == ["json"] and result.carried == ["site"]
    after = visible_build(out)
    assert {k: v for k, v in after.items() if k.startswith("site/")} == site_before
    assert page.stat().st_ino == inode, "carried forward as a hard link, not a copy"
    assert "Retitled Standard" in (out / "json" / "demo" / "v2.json").read_text(encoding="utf-8")
    assert leftovers(out) == []


def test_a_folder_from_an_older_normkit_or_mkdocs_build_is_replaced(project: Path) -> None:
    out = project / "build"
    (out / "site").mkdir(parents=True)
    (out / "site" / "stale.html").write_text("old", encoding="utf-8")
    (out / ".json-abc123").mkdir()  # a temporary folder of the old swap
    build_project(project, out, LIGHT, jobs=2)
    assert (out / "site").is_symlink()
    assert not (out / "site" / "stale.html").exists()
    assert leftovers(out) == []


def broken_site(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: Broken\ntheme:\n  name: no-such-theme\nplugins:\n  - normkit\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_environment_failure_leaves_the_previous_build(project: Path, jobs: int) -> None:
    out = project / "build"
    build_project(project, out, LIGHT, jobs=jobs)
    before = visible_build(out)
    retitle(project, "Never Published")
    broken_site(project)
    result = CliRunner().invoke(
        main, ["build", "--only", "json,site", "--jobs", str(jobs), "--project", str(project)]
    )
    assert result.exit_code == 2, result.output
    assert visible_build(out) == before, "JSON must not be new while the site is old"
    assert leftovers(out) == []


def test_a_bug_in_a_writer_leaves_the_previous_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "build"
    build_project(project, out, LIGHT, jobs=1)
    before = visible_build(out)

    def half_a_site(corpus: Any, folder: Path, context: Any) -> None:
        (folder / "index.html").parent.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text("half", encoding="utf-8")
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("normkit.outputs.site.writer.write_site", half_a_site)
    retitle(project, "Never Published")
    result = CliRunner().invoke(
        main, ["build", "--only", "json,site", "--jobs", "1", "--project", str(project)]
    )
    assert result.exit_code == 2
    assert "internal error in normkit: ZeroDivisionError: a bug" in result.stderr
    assert visible_build(out) == before
    assert leftovers(out) == []


class Crash(Exception):
    """Stands for the process dying at one system call of `publish`."""


def crash_at(step: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the `step`-th call of os.rename, os.replace or os.symlink raise."""
    calls = [0]

    def wrap(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[0] += 1
            if calls[0] == step:
                raise Crash(step)
            return real(*args, **kwargs)

        return call

    for name in ("rename", "replace", "symlink"):
        monkeypatch.setattr(os, name, wrap(getattr(os, name)))


def test_a_crash_at_any_step_shows_one_whole_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Crash at the 1st, 2nd, … rename/replace/symlink of a build (the switch and anything
    the writers do) until a build gets through: each time the visible build is the old one
    or the new one, whole, and the next build cleans up."""
    references = {}
    for title in ("Old Title", "New Title"):
        retitle(project, title)
        build_project(project, project.parent / title, LIGHT, jobs=1)
        references[title] = visible_build(project.parent / title)
    out = project / "build"
    step = 0
    while True:
        step += 1
        retitle(project, "Old Title")
        build_project(project, out, LIGHT, jobs=1)
        retitle(project, "New Title")
        with monkeypatch.context() as patch:
            crash_at(step, patch)
            try:
                build_project(project, out, LIGHT, jobs=1)
            except Crash:
                pass
            else:
                break
        seen = visible_build(out)
        assert seen in references.values(), f"a crash at call {step} shows a mixed build"
    assert step > 3, "the switch's calls were all tried"
    assert visible_build(out) == references["New Title"]
    assert leftovers(out) == []


def modes(out: Path) -> set[tuple[str, int]]:
    found = set()
    for folder, _, names in os.walk(out / ".current" / ""):
        found.add(("dir", stat.S_IMODE(os.stat(folder).st_mode)))
        for name in names:
            found.add(("file", stat.S_IMODE(os.stat(Path(folder) / name).st_mode)))
    return found


UMASKS = [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)]


@pytest.mark.parametrize(("umask", "folders", "files"), UMASKS)
def test_permissions_honour_the_umask(tmp_path: Path, umask: int, folders: int, files: int) -> None:
    project = materialise(None, tmp_path / "p")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import os; os.umask({umask}); from normkit.cli import main; main()",
            *("build", "-q", "--only", "json,site,docx", "--project", str(project)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert modes(project / "build") == {("dir", folders), ("file", files)}
    assert stat.S_IMODE(os.stat(project / "build").st_mode) == folders


def test_a_second_build_waits_for_the_first(project: Path, tmp_path: Path) -> None:
    out = project / "build"
    log = tmp_path / "second.log"
    with BuildFolder(out, available()).locked(lambda _: None), log.open("w") as stream:
        second = subprocess.Popen(
            [sys.executable, "-m", "normkit", "build", "--only", "json", "--project", str(project)],
            stderr=stream,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while "waiting" not in log.read_text(encoding="utf-8"):
            assert second.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the second build never said it was waiting"
            time.sleep(0.1)
        assert not (out / "json").exists(), "it waits before writing anything"
    assert second.wait(timeout=120) == 0
    message = log.read_text(encoding="utf-8")
    assert f"another normkit build (pid {os.getpid()}) is writing {out}; waiting" in message
    assert (out / "json" / "demo" / "v2.json").is_file()


def test_a_staging_folder_name_is_never_used_twice(tmp_path: Path) -> None:
    """Workers of a killed build may write for a moment into their staging folder after the
    next build removed it: the next build's own staging folder must have another name."""
    folder = BuildFolder(tmp_path / "out", available())
    folder.root.mkdir()
    names = set()
    for _ in range(3):
        with pytest.raises(ZeroDivisionError), folder.staging() as staging:
            names.add(staging.name)
            raise ZeroDivisionError
        folder.clean()
    assert len(names) == 3
    assert list(folder.root.iterdir()) == []


def _generation(folder: BuildFolder, files: int) -> Path:
    """A generation made by hand (`files` files in it), published."""
    with folder.staging() as staging:
        (staging / "json").mkdir()
        for number in range(files):
            (staging / "json" / f"{number}.json").write_text("{}", encoding="utf-8")
        return folder.publish(staging)


def test_the_previous_generation_is_renamed_aside_then_deleted_in_the_background(
    tmp_path: Path,
) -> None:
    """`publish` does not wait for the old generation's files to be deleted: right after it,
    no generation but the new one is left under a generation's name (no later build can
    mistake it for one), and a detached process deletes the retired one."""
    folder = BuildFolder(tmp_path / "out", available())
    folder.root.mkdir()
    first = _generation(folder, 200)
    second = _generation(folder, 1)
    assert not first.exists()
    names = [p.name for p in folder.root.iterdir()]
    assert [name for name in names if name.startswith((".gen-", ".staging-"))] == [second.name]
    assert leftovers(folder.root) == []
    assert os.listdir(folder.root / "json") == ["0.json"]


def test_what_a_deleter_left_is_removed_by_the_next_build(tmp_path: Path) -> None:
    """A deleter stopped half-way (a crash, a reboot) leaves a retired folder: the next
    build's `clean` deletes it, and any generation that is not visible."""
    folder = BuildFolder(tmp_path / "out", available())
    folder.root.mkdir()
    visible = _generation(folder, 1)
    for name in (".retired-gen-3-0a1b2c3d", ".gen-4", ".staging-5-0a1b2c3d"):
        (folder.root / name / "json").mkdir(parents=True)
        (folder.root / name / "json" / "a.json").write_text("{}", encoding="utf-8")
    (folder.root / ".retired-site-link").symlink_to(".current/json")
    folder.clean()
    assert visible.is_dir()
    assert leftovers(folder.root) == []


def test_deleting_in_place_when_no_process_can_be_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise OSError("no processes left")

    folder = BuildFolder(tmp_path / "out", available())
    folder.root.mkdir()
    _generation(folder, 3)
    monkeypatch.setattr(subprocess, "run", refuse)
    _generation(folder, 1)
    assert leftovers(folder.root, patience=0) == []


def _attributes(path: Path) -> str | None:
    """`path`'s ext2/3/4 attributes as `lsattr` prints them, or None where it cannot."""
    shown = subprocess.run(["lsattr", "-d", str(path)], capture_output=True, text=True)
    return shown.stdout.split()[0] if shown.returncode == 0 and shown.stdout else None


def test_the_build_folder_spreads_its_generations_keeping_its_attributes(
    tmp_path: Path,
) -> None:
    """On ext2/3/4 the build folder is the top of a hierarchy (`T`): the kernel places each
    generation in a block group of its own, away from the inodes the last one freed. What
    attributes it had are kept (`d`, no dump, is one anyone may set)."""
    folder = BuildFolder(tmp_path / "out", available())
    folder.root.mkdir()
    if shutil.which("chattr") is None or shutil.which("lsattr") is None:
        pytest.skip("no e2fsprogs to set and read attributes with")
    if subprocess.run(["chattr", "+d", str(folder.root)], capture_output=True).returncode:
        pytest.skip("this file system has no ext2/3/4 attributes")
    before = _attributes(folder.root)
    assert before is not None and "T" not in before and "d" in before
    with folder.locked(lambda _: None):
        pass
    after = _attributes(folder.root)
    assert after is not None and "T" in after and "d" in after
    assert after.replace("T", "-") == before  # nothing else changed


def test_a_folder_without_attributes_builds_as_before(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where attributes cannot be read or set (another system or file system), the build
    does not mind: they only decide where files are placed."""
    import fcntl

    def refuse(*_: Any) -> None:
        raise OSError(25, "Inappropriate ioctl for device")

    monkeypatch.setattr(fcntl, "ioctl", refuse)
    build_project(project, project / "build", ("json",), jobs=1)
    assert (project / "build" / "json" / "demo" / "v2.json").is_file()
