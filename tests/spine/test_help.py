"""`normkit --help` lists the lazy sub-commands by the summaries in `cli.LAZY_COMMANDS`,
without importing them: the list must read exactly as if each command had been imported for
its line, at any terminal width, and each command must still run."""

from __future__ import annotations

import importlib

import click
import pytest
from click.testing import CliRunner

from normkit.cli import LAZY_COMMANDS, main
from normkit.commands.failures import NormkitGroup
from tests.spine.test_imports import _loaded


def _command(target: str) -> click.Command:
    module, attribute = target.split(":")
    command = getattr(importlib.import_module(module), attribute)
    assert isinstance(command, click.Command)
    return command


def _group() -> NormkitGroup:
    """A fresh `normkit` group, none of whose lazy commands is imported yet."""
    eager = {name: command for name, command in main.commands.items() if name not in LAZY_COMMANDS}
    return NormkitGroup(
        name="normkit",
        help=main.help,
        params=main.params,
        commands=eager,
        lazy=LAZY_COMMANDS,
        context_settings=main.context_settings,
    )


def _help(group: click.Group, width: int) -> str:
    result = CliRunner().invoke(
        group, ["--help"], terminal_width=width, max_content_width=width, prog_name="normkit"
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_each_summary_is_its_commands_short_help(name: str) -> None:
    target, summary = LAZY_COMMANDS[name]
    command = _command(target)
    stand_in = click.Command(name, help=summary)
    assert not command.hidden and not command.deprecated
    for limit in range(0, 400):
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), limit


@pytest.mark.parametrize("width", [40, 60, 80, 100, 160])
def test_help_lists_the_lazy_commands_as_if_imported(width: int) -> None:
    listed = _group()
    text = _help(listed, width)
    assert not set(listed.commands) & set(LAZY_COMMANDS)  # listed, not imported
    imported = _group()
    for name in LAZY_COMMANDS:
        assert imported.get_command(click.Context(imported), name) is not None
    assert set(LAZY_COMMANDS) <= set(imported.commands)
    assert _help(imported, width) == text
    for name in LAZY_COMMANDS:
        assert f"\n  {name} " in text


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_each_lazy_command_still_runs_after_the_list(name: str) -> None:
    group = _group()
    _help(group, 80)
    result = CliRunner().invoke(group, [name, "--help"], prog_name="normkit")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: normkit {name} ")
    assert group.commands[name] is _command(LAZY_COMMANDS[name][0])


def test_help_imports_no_sub_command() -> None:
    loaded = _loaded("--help")
    assert "normkit.cli" in loaded
    modules = {target.split(":")[0] for target, _ in LAZY_COMMANDS.values()}
    assert not loaded & modules
