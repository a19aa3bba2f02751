"""Failures that are not the sources' fault: exit 2, one line and what to do, traceback only
with --debug; and the cases of issue 9 that used to crash (LC_ALL=C, a non-ASCII path)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from normkit import cli, pipeline
from normkit.environment import EnvironmentFailure, run_tool
from normkit.mkdocs_yml import site_name
from tests.spine.miniprojects import materialise


def normkit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normkit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        check=False,
    )


def c_locale() -> dict[str, str]:
    """The environment of issue 9: the C locale, nothing else."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}


def test_pandoc_under_c_locale_in_a_non_ascii_folder(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "Prüfprojekt für Ümlaute")
    result = normkit("build", "--only", "docx", "--project", str(project), env=c_locale())
    assert result.returncode == 0, result.stderr
    assert (project / "build" / "docx" / "demo-v2.docx").is_file()


def test_title_from_a_non_ascii_folder_without_utf8_mode(tmp_path: Path) -> None:
    """Python decodes file names with the locale's encoding when UTF-8 mode is off."""
    project = materialise(None, tmp_path / "Prüfprojekt")
    env = {**c_locale(), "PYTHONUTF8": "0"}
    result = normkit("build", "--only", "site", "--project", str(project), env=env)
    assert result.returncode == 0, result.stderr
    page = (project / "build" / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Prüfprojekt" in page


def broken_site_config(tmp_path: Path) -> Path:
    project = materialise(None, tmp_path / "p")
    (project / "mkdocs.yml").write_text(
        "site_name: Broken\ntheme:\n  name: no-such-theme\nplugins:\n  - normkit\n",
        encoding="utf-8",
    )
    return project


def test_environment_failure_is_one_line_and_exit_two(tmp_path: Path) -> None:
    project = broken_site_config(tmp_path)
    result = normkit("build", "--only", "json,site", "--project", str(project))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "MkDocs stopped the site build" in errors[0]
    assert "no-such-theme" in errors[0]
    assert "    hint: fix mkdocs.yml" in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    project = broken_site_config(tmp_path)
    result = normkit("build", "--only", "site", "--debug", "--project", str(project))
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert "EnvironmentFailure" in result.stderr
    before = normkit("--debug", "build", "--only", "site", "--project", str(project))
    assert before.returncode == 2 and "Traceback" in before.stderr


def test_broken_mkdocs_yml_is_located(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["check", "--project", str(project)])
    assert result.exit_code == 2
    assert f"error: {project / 'mkdocs.yml'}:2:1: expected ',' or ']'" in result.stderr


def test_an_output_folder_that_cannot_be_made_is_an_environment_failure(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(
        cli.main,
        ["build", "--only", "json", "--project", str(project), "--out", str(blocker / "build")],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot write")
    assert "Traceback" not in result.stderr


def test_a_bug_is_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise KeyError("no-such-key")

    monkeypatch.setattr(pipeline, "check_project", broken)  # `check` imports it when run
    project = materialise(None, tmp_path / "p")
    result = CliRunner().invoke(cli.main, ["check", "--project", str(project)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: internal error in normkit: KeyError: 'no-such-key'"
    )
    assert "Traceback" not in result.stderr
    debug = CliRunner().invoke(cli.main, ["--debug", "check", "--project", str(project)])
    assert debug.exit_code == 2 and "Traceback" in debug.stderr


def test_run_tool_reports_missing_and_failing_tools() -> None:
    with pytest.raises(EnvironmentFailure, match="cannot run no-such-tool-nk"):
        run_tool(["no-such-tool-nk"], what="a test")
    with pytest.raises(EnvironmentFailure, match="failed on a test: boom") as raised:
        run_tool([sys.executable, "-c", "import sys; sys.exit('boom')"], what="a test")
    assert raised.value.details.strip() == "boom"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("site_name: 'Quoted: with a colon'  # and a comment\n", "Quoted: with a colon"),
        ('site_name: "Double # not a comment" # a comment\n', "Double # not a comment"),
        ("site_name: >\n  Folded\n  over lines\n", "Folded over lines"),
        ("site_name: !ENV [NK_TEST_TITLE, 'fallback']\n", "From the environment"),
        ("site_name: !ENV [NK_TEST_UNSET, 'The fallback']\n", "The fallback"),
        ("INHERIT: base.yml\ntheme: material\n", "Inherited Title"),
        (
            "site_name: Material config\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:os.abort\nhooks: !relative $config_dir\n",
            "Material config",
        ),
        ("theme: material\n", "proj"),
    ],
)
def test_site_name_as_mkdocs_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, expected: str
) -> None:
    monkeypatch.setenv("NK_TEST_TITLE", "From the environment")
    monkeypatch.delenv("NK_TEST_UNSET", raising=False)
    project = tmp_path / "proj"
    project.mkdir()
    (project / "base.yml").write_text("site_name: Inherited Title\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert site_name(project) == expected


@pytest.mark.parametrize(
    "config",
    [
        "site_name: !ENV [NK_TEST_TITLE, 'fallback']\nnav: [a.md]\n",
        "site_name: !ENV NK_TEST_UNSET\nextra: {n: !ENV [NK_TEST_NUMBER, 1]}\n",
        "INHERIT: base.yml\ntheme: {name: material, features: [toc.follow]}\n",
        "INHERIT: missing.yml\n",
        "site_name: [unclosed\n",
        "",
        "- a list\n",
    ],
)
def test_mkdocs_yml_is_read_as_mkdocs_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """The loader put together in `mkdocs_yml.py` against MkDocs' own, on the same file:
    the same mapping, or the same error."""
    import yaml
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    from normkit import mkdocs_yml

    monkeypatch.setenv("NK_TEST_TITLE", "From the environment")
    monkeypatch.setenv("NK_TEST_NUMBER", "42")
    monkeypatch.delenv("NK_TEST_UNSET", raising=False)
    (tmp_path / "base.yml").write_text(
        "site_name: Inherited\ntheme: {name: readthedocs, language: fr}\n", encoding="utf-8"
    )
    path = tmp_path / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    theirs: object
    try:
        with path.open("rb") as stream:
            theirs = yaml_load(stream, loader=get_yaml_loader(loader=yaml.SafeLoader))
    except ConfigurationError as error:
        theirs = ("error", str(error), str(error.__context__))
    try:
        with path.open("rb") as stream:
            ours = mkdocs_yml._yaml_load(stream, mkdocs_yml._loader())
    except ConfigurationError as error:
        ours = ("error", str(error), str(error.__context__))
    assert ours == theirs


def test_an_unreadable_source_is_an_environment_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = materialise(None, tmp_path / "p")
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.suffix == ".md":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = CliRunner().invoke(cli.main, ["check", "--project", str(project)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot read the sources: Permission denied (")
    assert "    hint: check that the project's files and folders are readable" in result.stderr


def test_serve_on_a_busy_port_is_an_environment_failure(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        address = f"127.0.0.1:{busy.getsockname()[1]}"
        result = CliRunner().invoke(
            cli.main, ["serve", "--project", str(project), "--dev-addr", address]
        )
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first == f"error: cannot serve on {address}: Address already in use"
