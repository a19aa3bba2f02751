"""How a command that fails for a reason other than the sources ends: exit 2, one line.

Content problems never get here (they are diagnostics, exit 1). An `EnvironmentFailure`
prints its message and what to do; any other exception is a bug in normkit and is reported
as an internal error. The traceback is printed only with `--debug`.
"""

from __future__ import annotations

import traceback
from typing import Any

import click

from normkit.environment import EnvironmentFailure

EXIT_ENVIRONMENT = 2
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
    """The `normkit` group: every sub-command's environment failures and bugs end here."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except EnvironmentFailure as failure:
            _report(ctx, failure, f"error: {failure.message}", failure.remedy)
        except Exception as bug:
            _report(
                ctx,
                bug,
                f"error: internal error in normkit: {type(bug).__name__}: {bug}",
                "this is a bug: run again with --debug and report the traceback",
            )
        return None


def _report(ctx: click.Context, error: BaseException, line: str, remedy: str) -> None:
    debug = bool(ctx.meta.get(DEBUG_KEY))
    if debug:
        click.echo("".join(traceback.format_exception(error)), err=True, nl=False)
        if isinstance(error, EnvironmentFailure) and error.details:
            click.echo(error.details.rstrip("\n"), err=True)
    click.echo(line.splitlines()[0] if line else "error", err=True)
    click.echo(f"    hint: {remedy}", err=True)
    ctx.exit(EXIT_ENVIRONMENT)
