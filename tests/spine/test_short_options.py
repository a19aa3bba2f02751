"""`commands/short_options.py`: a short option is parsed as click parses it, without the
`NoSuchOption` (and its `difflib` ranking) click makes and throws away on the way."""

from __future__ import annotations

from typing import Any

import click
import pytest
from click.testing import CliRunner

from normkit.commands.short_options import ShortOptionsFirst


def _command(cls: type[click.Command]) -> click.Command:
    @click.command(cls=cls)
    @click.option("--quiet", "-q", is_flag=True)
    @click.option("--jobs", "-j", type=int, default=None)
    @click.option("--only", default=None)
    @click.option("-x", "extra", is_flag=True)  # a short option with no long name
    def command(**values: Any) -> None:
        click.echo(repr(sorted(values.items())))

    return command


ARGUMENTS = [
    ["-q"],
    ["-qj", "2"],
    ["-j2", "-q"],
    ["-j", "3", "--only", "json"],
    ["--only=json", "-q"],
    ["-qx"],
    ["-z"],
    ["-qz"],
    ["--qu"],
    ["--quiet=1"],
    ["-j"],
    ["-j", "two"],
    ["-", "-q"],
    ["-q", "--", "-j"],
]


@pytest.mark.parametrize("arguments", ARGUMENTS)
def test_the_parse_and_its_errors_are_clicks(arguments: list[str]) -> None:
    runner = CliRunner()
    ours = runner.invoke(_command(ShortOptionsFirst), arguments)
    clicks = runner.invoke(_command(click.Command), arguments)
    assert (ours.exit_code, ours.output) == (clicks.exit_code, clicks.output)


def test_a_short_option_raises_nothing_on_the_way(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    original = click.exceptions.NoSuchOption.__init__

    def counted(self: click.exceptions.NoSuchOption, name: str, *rest: Any, **named: Any) -> None:
        made.append(name)
        original(self, name, *rest, **named)

    monkeypatch.setattr(click.exceptions.NoSuchOption, "__init__", counted)
    runner = CliRunner()
    assert runner.invoke(_command(ShortOptionsFirst), ["-q", "-j", "2", "-x"]).exit_code == 0
    assert made == []
    runner.invoke(_command(click.Command), ["-q"])
    assert made == ["-q"]  # (what the test would miss if click stopped doing it)


def test_normkit_commands_take_short_options_at_once() -> None:
    from normkit.cli import main

    assert isinstance(main.commands["build"], ShortOptionsFirst)
    assert isinstance(main.commands["check"], ShortOptionsFirst)
