"""A plain `normkit check` or `normkit build` command line, run without importing click.

Importing click (and through it `uuid`, `platform`, `datetime`, `gettext`'s catalog
look-ups and `locale`) and the command line's modules, then parsing the options, cost ~30 M
of the ~744 M instructions of a cold `build --only json -q -j1` of 181 criteria (callgrind,
743.5 → 713.4 M without them), all of it before the chapters start parsing
(`head_start.py`). Where the command line is one of the common ones, `quick_command` reads
it here and runs the command's own code (`commands/compiling.py`) as click would: the same
values, the same output through the same `echo` (click's own steps for a text stream: ANSI
codes stripped off a stream that is no terminal, each message flushed), the same exits and
failures (those import click to report themselves as the group does). Anything else is
click's: a sub-command but `check` and `build`, an option before it, `--help`, an option or
value not read here or not given once, `--` or a value that starts with `-` or is empty, a
path click would refuse (a file, an unreadable folder), outputs no build has, shell
completion, and standard streams that click would wrap (Windows, no encoding or an ASCII
one). `tests/spine/test_quick.py` compares both ways.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from normkit.commands import compiling

_OPTIONS: dict[str, dict[str, str]] = {
    "check": {
        "--project": "project",
        "--strict": "strict",
        "--debug": "debug",
        "--format": "output_format",
        "--jobs": "jobs",
        "-j": "jobs",
    },
    "build": {
        "--project": "project",
        "--strict": "strict",
        "--out": "out",
        "--only": "only",
        "--jobs": "jobs",
        "-j": "jobs",
        "--quiet": "quiet",
        "-q": "quiet",
        "--format": "output_format",
        "--debug": "debug",
    },
}
"""Each command's options as `cli.py` declares them: name → the value it sets."""
_FLAGS = frozenset({"strict", "debug", "quiet"})
_JOBS = re.compile(r"[1-9][0-9]{0,5}")
_ANSI = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")
"""click's pattern of the ANSI codes it strips off a stream that is no terminal."""


def quick_command(arguments: list[str]) -> Callable[[], None] | None:
    """The command `arguments` (`sys.argv[1:]`) names, ready to run as click would run it,
    or None where click must read them (see above)."""
    if not arguments or arguments[0] not in _OPTIONS or not _plain_streams():
        return None
    if any(name[:1] == "_" and name.endswith("_COMPLETE") for name in os.environ):
        return None  # click's shell completion (`_NORMKIT_COMPLETE`, as click names it)
    command, options = arguments[0], _OPTIONS[arguments[0]]
    values: dict[str, Any] = {}
    rest = arguments[1:]
    while rest:
        given = rest.pop(0)
        if given[:2] == "--":
            name, equals, value = given.partition("=")
        elif given[:2] == "-j" and len(given) > 2:  # `-j2`: click takes the rest as the value
            name, equals, value = "-j", "=", given[2:]
        else:
            name, equals, value = given, "", ""
        dest = options.get(name)
        if dest is None or dest in values:
            return None
        if dest in _FLAGS:
            if equals:
                return None
            values[dest] = True
            continue
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None
        values[dest] = value
    return _prepared(command, values)


def _prepared(command: str, values: dict[str, Any]) -> Callable[[], None] | None:
    project = _directory(values.get("project", "."))
    out = _directory(values["out"]) if "out" in values else None
    if project is None or ("out" in values and out is None):
        return None
    jobs = values.get("jobs")
    if jobs is not None and not _JOBS.fullmatch(jobs):
        return None
    output_format = values.get("output_format", "text")
    if output_format not in ("text", "json"):
        return None
    strict, debug = values.get("strict", False), values.get("debug", False)
    number = None if jobs is None else int(jobs)
    if command == "check":
        return _running(
            debug, lambda: compiling.run_check(echo, project, strict, output_format, number)
        )
    outputs, unknown = compiling.outputs_named(values.get("only"))
    if unknown:
        return None  # click reports them
    quiet = values.get("quiet", False)

    def build() -> None:
        compiling.require_project(echo, project)
        compiling.run_build(echo, project, strict, out, outputs, number, quiet, output_format)

    return _running(debug, build)


def _directory(value: str) -> Path | None:
    """`click.Path(file_okay=False, path_type=Path)`'s value for `value`, or None where it
    would refuse it."""
    try:
        found = os.stat(value)
    except OSError:
        return Path(value)  # (it need not exist)
    if stat.S_ISREG(found.st_mode) or not os.access(value, os.R_OK):
        return None
    return Path(value)


def _plain_streams() -> bool:
    """Whether click writes to the standard streams as they are (see above)."""
    if os.name == "nt":
        return False
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if stream is None or not encoding or getattr(stream, "errors", None) is None:
            return False
        try:
            if codecs.lookup(encoding).name == "ascii":
                return False
        except LookupError:
            return False
    return True


def echo(message: str, nl: bool = True, err: bool = False) -> None:
    """`click.echo(message, nl=nl, err=err)` for a text message and a plain stream."""
    stream = sys.stderr if err else sys.stdout
    out = message + "\n" if nl else message
    if not out:
        stream.flush()
        return
    if not _is_terminal(stream):
        out = _ANSI.sub("", out)
    stream.write(out)
    stream.flush()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def _running(debug: bool, run: Callable[[], None]) -> Callable[[], None]:
    """`run` with what click's group and its standalone mode do around a command."""

    def command() -> None:
        try:
            run()
        except (KeyboardInterrupt, EOFError):
            import gettext

            import click

            click.echo(file=sys.stderr)
            click.echo(gettext.gettext("Aborted!"), file=sys.stderr)
            sys.exit(1)
        except Exception as error:  # (an `OSError` too: the group reports it first)
            _failed(error, debug)

    return command


def _failed(error: Exception, debug: bool) -> None:
    from normkit.commands.failures import report_failure

    report_failure(error, debug)
    sys.exit(compiling.EXIT_ENVIRONMENT)
