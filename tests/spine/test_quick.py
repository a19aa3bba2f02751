"""`commands/quick.py`: a plain `check` or `build` runs without click, with the values, the
output and the exit click would give; any other command line is left to click."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from normkit.commands import compiling, quick
from tests.spine.miniprojects import materialise

PLAIN = [
    ["check"],
    ["check", "--project", "P", "--strict", "--format", "json", "-j", "2"],
    ["check", "--project=P", "--jobs=1", "--debug"],
    ["build", "--only", "json", "-q", "--project", "P"],
    ["build", "--project", "P", "--only=json,diff", "-j2", "--out", "P/elsewhere"],
    ["build", "--quiet", "--strict", "--format", "text", "--project", "P"],
]
CLICKS = [
    [],
    ["--help"],
    ["--debug", "check"],
    ["diff", "a@v1", "b@v2"],
    ["check", "--help"],
    ["check", "extra"],
    ["check", "-q"],  # (not an option of check)
    ["check", "--strict", "--strict"],
    ["check", "--format", "JSON"],
    ["check", "--format"],
    ["check", "--jobs", "0"],
    ["check", "--jobs", "+2"],
    ["check", "-j=2"],
    ["check", "--strict=1"],
    ["check", "--project", "-"],
    ["check", "--project="],
    ["check", "--proj", "P"],
    ["check", "--", "--strict"],
    ["build", "-qj2"],
    ["build", "--only", "json,pdx"],
    ["build", "--project", "P/file.txt"],
]


def _calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    calls: list[tuple[str, tuple[Any, ...]]] = []
    monkeypatch.setattr(compiling, "run_check", lambda *a: calls.append(("check", a[1:])))
    monkeypatch.setattr(compiling, "run_build", lambda *a: calls.append(("build", a[1:])))
    monkeypatch.setattr(compiling, "require_project", lambda *a: None)
    return calls


def _arguments(arguments: list[str], project: Path) -> list[str]:
    return [argument.replace("P", str(project)) for argument in arguments]


@pytest.mark.parametrize("given", PLAIN)
def test_a_plain_command_line_gets_clicks_values(
    given: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normkit.cli import main

    arguments = _arguments(given, tmp_path)
    calls = _calls(monkeypatch)
    command = quick.quick_command(arguments)
    assert command is not None
    command()
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert len(calls) == 2 and calls[0] == calls[1]


@pytest.mark.parametrize("given", CLICKS)
def test_any_other_command_line_is_clicks(given: list[str], tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("", encoding="utf-8")
    assert quick.quick_command(_arguments(given, tmp_path)) is None


def test_shell_completion_is_clicks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_NORMKIT_COMPLETE", "bash_complete")
    assert quick.quick_command(["check"]) is None


def test_an_unreadable_project_folder_is_clicks(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    tmp_path.chmod(0)
    try:
        assert quick.quick_command(["check", "--project", str(tmp_path)]) is None
    finally:
        tmp_path.chmod(0o755)


def test_echo_is_clicks(capsys: pytest.CaptureFixture[str]) -> None:
    import click

    for message, nl, err in [
        ("\x1b[31mred\x1b[0m line", True, True),
        ("[]", False, False),
        ("", True, False),
    ]:
        quick.echo(message, nl=nl, err=err)
        ours = capsys.readouterr()
        click.echo(message, nl=nl, err=err)
        assert capsys.readouterr() == ours


CLICK_MAIN = "from normkit.cli import main; from normkit.commands.process_end import run; run(main)"


@pytest.mark.parametrize(
    "arguments",
    [
        ["check"],
        ["check", "--format", "json", "--strict"],
        ["build", "--only", "json", "-q"],
        ["build", "--only", "json,diff", "--jobs", "1"],
        ["build", "--only", "json", "--out", "blocked/build"],  # a failure: exit 2, one line
    ],
)
@pytest.mark.parametrize("case", [None, "number__invalid"])
def test_a_run_prints_and_exits_as_clicks(
    arguments: list[str], case: str | None, tmp_path: Path
) -> None:
    (tmp_path / "blocked").write_text("a file where the build folder's parent should be\n")
    runs = []
    for way, program in (
        ("quick", "from normkit.program import run; run()"),
        ("click", CLICK_MAIN),
    ):
        project = materialise(case, tmp_path / way)
        done = subprocess.run(
            [sys.executable, "-c", program, *arguments, "--project", str(project)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "NORMKIT_CACHE_DIR": str(tmp_path / "cache")},
        )
        timed = re.sub(r"done in [0-9.]+ s", "done", done.stderr)  # (the progress lines)
        runs.append((done.returncode, done.stdout.replace(way, "P"), timed.replace(way, "P")))
    assert runs[0] == runs[1]
    assert runs[0][0] == (1 if case else 2 if "--out" in arguments else 0)


@pytest.mark.parametrize("command", sorted(quick._OPTIONS))
def test_the_options_read_here_are_clis(command: str) -> None:
    """An option added to, removed from or renamed in `cli.py` must change `_OPTIONS` too:
    otherwise this would take a command line click refuses (or the reverse)."""
    from normkit.cli import main

    declared: dict[str, str] = {}
    flags: set[str] = set()
    for parameter in main.commands[command].params:
        assert parameter.name is not None
        for name in [*parameter.opts, *parameter.secondary_opts]:
            declared[name] = parameter.name
        if getattr(parameter, "is_flag", False):
            flags.add(parameter.name)
    assert quick._OPTIONS[command] == declared
    assert flags == set(declared.values()) & quick._FLAGS
