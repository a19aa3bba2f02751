"""Files of hostile or careless projects: links out of the project, names that are not UTF-8.

Nothing outside the project is read, whatever links to it; each such entry is one error at
the entry itself; `build` reports the same errors as `check` instead of crashing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise

SECRET = "TOP-SECRET-4471"


def codes(project: Path) -> list[tuple[str, str]]:
    return [(d.location.path, d.code.code) for d in check_project(project).errors]


def corpus_text(project: Path) -> str:
    return repr(check_project(project).corpus)


def outside_standard(folder: Path) -> Path:
    """A complete, valid standard outside the project, holding a secret."""
    standard = folder / "secret-standard"
    version = standard / "v1"
    version.mkdir(parents=True)
    (standard / "standard.yml").write_text(
        f"code: SEC\ntitle: {SECRET}\nowner: Nobody\n", encoding="utf-8"
    )
    (version / "version.yml").write_text("version: v1\nstatus: draft\n", encoding="utf-8")
    (version / "01-secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    return standard


def test_links_out_of_the_project_are_errors_and_never_read(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    secret = tmp_path / "secret.md"
    secret.write_text(f"# Leaked\n\n{SECRET}\n", encoding="utf-8")
    (project / "standards" / "demo" / "v2" / "02-leak.md").symlink_to(secret)
    (project / "standards" / "secret").symlink_to(outside_standard(tmp_path))
    (project / "glossary" / "more.md").symlink_to(secret)
    (project / "mkdocs.yml").symlink_to(secret)

    assert codes(project) == [
        ("glossary/more.md", "source.outside-project"),
        ("mkdocs.yml", "source.outside-project"),
        ("standards/demo/v2/02-leak.md", "source.outside-project"),
        ("standards/secret", "source.outside-project"),
    ]
    assert SECRET not in corpus_text(project)
    assert check_project(project).corpus.title == "p", "mkdocs.yml out of the project unread"


def test_links_inside_the_project_are_followed(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    shared = project / "shared"
    shared.mkdir()
    (shared / "common.md").write_text("# Common ground\n\nShared words.\n", encoding="utf-8")
    (project / "standards" / "demo" / "v2" / "03-common.md").symlink_to("../../../shared/common.md")
    (project / "standards" / "demo" / "v2" / "loop").symlink_to(".")  # a loop must not hang

    assert codes(project) == []
    assert "Shared words." in corpus_text(project)


def test_a_name_that_is_not_utf8_fails_build_like_check(tmp_path: Path) -> None:
    project = materialise("source__name-not-utf8", tmp_path / "p")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "normkit",
            "build",
            "--only",
            "json,site",
            "--project",
            str(project),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 1, build.stderr
    assert "Traceback" not in build.stderr
    assert (
        "standards/demo/v2/02-caf\\xe9.md:1:1: error: file name is not valid UTF-8 "
        "[source.name-not-utf8]" in build.stderr
    )
    assert not (project / "build").exists()


def test_a_folder_name_that_is_not_utf8_is_not_read(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    os.rename(project / "guidance" / "demo", os.fsencode(project / "guidance") + b"/d\xe9mo")
    assert ("guidance/d\\xe9mo", "source.name-not-utf8") in codes(project)


def test_every_control_character_is_found_in_a_file_as_read(tmp_path: Path) -> None:
    """The bytes are searched first (`files._may_hold_control`): no control character, of
    one byte or two in UTF-8, and none after a § (a 0xC2 byte too) goes unreported."""
    from normkit.sources.files import _CONTROL, read_source

    for point in [*range(0x00, 0xA0), 0xA7, 0xA9, 0x2028, 0xFEFF]:
        character = chr(point)
        for text in (f"a{character}b\n", f"§ a{character}\n", f"é\r\n{character}"):
            path = tmp_path / "chapter.md"
            path.write_bytes(text.encode("utf-8"))
            source, problems = read_source(tmp_path, path)
            expected = text.replace("\r\n", "\n").replace("\r", "\n")
            assert source is not None
            assert len(problems) == (1 if _CONTROL.search(expected) else 0), repr(text)
            assert source.text == _CONTROL.sub("", expected), repr(text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_a_text_with_a_control_character_is_always_searched(text: str) -> None:
    from normkit.sources.files import _CONTROL, _may_hold_control

    if _CONTROL.search(text):
        assert _may_hold_control(text.encode("utf-8"))


def test_markdown_files_are_those_glob_lists(tmp_path: Path) -> None:
    from normkit.sources.files import markdown_files

    folder = tmp_path / "v1"
    folder.mkdir()
    for name in ("02-b.md", "01-a.md", "10-c.md", ".hidden.md", "notes.MD", "x.md.txt", "md"):
        (folder / name).write_text("# x\n", encoding="utf-8")
    (folder / "folder.md").mkdir()
    (folder / "linked.md").symlink_to(folder / "01-a.md")
    (folder / "dangling.md").symlink_to(folder / "missing.md")
    expected = sorted(path for path in folder.glob("*.md") if path.is_file())
    assert markdown_files(folder) == expected
    assert [path.name for path in expected] == [
        ".hidden.md",
        "01-a.md",
        "02-b.md",
        "10-c.md",
        "linked.md",
    ]
    assert markdown_files(tmp_path / "missing") == [] == list((tmp_path / "missing").glob("*.md"))
    assert markdown_files(folder / "01-a.md") == []
