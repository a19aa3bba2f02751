"""How a command that fails for a reason other than the sources ends: exit 2, one line.

Content problems never get here (they are diagnostics, exit 1). An `EnvironmentFailure`
prints its message and what to do; any other exception is a bug in normkit and is reported
as an internal error. The traceback is printed only with `--debug`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click

from normkit.commands.compiling import EXIT_ENVIRONMENT as EXIT_ENVIRONMENT
from normkit.commands.short_options import ShortOptionsFirst, short_options_first
from normkit.environment import EnvironmentFailure

DEBUG_KEY = "normkit.debug"


def _remember_debug(context: click.Context, _: click.Parameter, value: bool) -> bool:
    if value:
        context.meta[DEBUG_KEY] = True
    return value


debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_remember_debug,
    help="Show the traceback of environment failures and internal errors.",
)
"""Accepted both before and after the sub-command: `normkit --debug build`, `normkit build
--debug`; `ctx.meta` is shared by a context and its children."""


class NormkitGroup(click.Group):
    """The `normkit` group: every sub-command's environment failures and bugs end here.

    Sub-commands named in `lazy` (`name: ("module:attribute", summary)`) are imported only
    when run: `normkit check` then never pays for the imports of `serve`, `diff` or the
    importers (Jinja2, rich, MkDocs' server…), which would cost more than a small check.
    `normkit --help` lists them by their summary (the first sentence of their help), without
    importing them: importing every one for its line cost more than a whole small check.
    """

    command_class = ShortOptionsFirst  # (`check`, `build`, `codes`: `short_options.py`)

    def __init__(
        self, *args: Any, lazy: Mapping[str, tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})
        self._listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def make_parser(self, ctx: click.Context) -> Any:
        return short_options_first(super().make_parser(ctx))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            target, summary = self.lazy[cmd_name]
            if self._listing:  # only its line in the list: the summary says it
                return click.Command(cmd_name, help=summary)
            module, attribute = target.split(":")
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command), target
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            report_failure(error, bool(ctx.meta.get(DEBUG_KEY)))
            ctx.exit(EXIT_ENVIRONMENT)
        return None


def report_failure(error: Exception, debug: bool) -> None:
    """What a failure (`EnvironmentFailure`) or a bug prints (with its traceback if `debug`);
    the command then exits with `EXIT_ENVIRONMENT`."""
    if isinstance(error, EnvironmentFailure):
        _report(error, f"error: {error.message}", error.remedy, debug)
    else:
        _report(
            error,
            f"error: internal error in normkit: {type(error).__name__}: {error}",
            "this is a bug: run again with --debug and report the traceback",
            debug,
        )


def _report(error: BaseException, line: str, remedy: str, debug: bool) -> None:
    if debug:
        import traceback  # only with --debug: not for `normkit --help`

        click.echo("".join(traceback.format_exception(error)), err=True, nl=False)
        if isinstance(error, EnvironmentFailure) and error.details:
            click.echo(error.details.rstrip("\n"), err=True)
    click.echo(line.splitlines()[0] if line else "error", err=True)
    click.echo(f"    hint: {remedy}", err=True)
