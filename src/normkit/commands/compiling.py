"""What `normkit check` and `normkit build` do once their options are read, without click.

`cli.py` reads the options with click and runs these with `click.echo`; `commands/quick.py`
reads a plain command line without importing click and runs the same with its own `echo`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normkit.collector import collection_paused

if TYPE_CHECKING:
    from normkit.pipeline import BuildResult, CheckResult

Echo = Callable[..., Any]
"""`click.echo`'s signature: `echo(message, nl=True, err=False)`."""

EXIT_CLEAN, EXIT_CONTENT_ERRORS, EXIT_ENVIRONMENT = 0, 1, 2
HOLDING = frozenset({"json"})
"""Outputs a build of which keeps what its saving children write, and what a render helper
sent, alive to its end (`cache_entries.saving_in_background`, `hold`): their peak memory
leaves room for it."""


def report(echo: Echo, result: CheckResult, output_format: str, quiet: bool = False) -> None:
    if output_format == "json":
        from normkit.diagnostics import to_json

        echo(to_json(result.diagnostics), nl=False)
        return
    if quiet and not result.diagnostics:
        return
    for found in result.diagnostics:
        echo(found.format(), err=True)
    errors, warnings = len(result.errors), len(result.warnings)
    if result.strict:
        errors, warnings = errors, 0
    echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def require_project(echo: Echo, root: Path) -> None:
    if not root.is_dir() or not any((root / name).is_dir() for name in ("standards", "glossary")):
        echo(f"error: {root} is not a normkit project (no standards/ or glossary/)", err=True)
        sys.exit(EXIT_ENVIRONMENT)


def outputs_named(value: str | None) -> tuple[tuple[str, ...], list[str]]:
    """The outputs `--only` names, in the registry's order (all without it), and the names
    it gives that are no output's."""
    from normkit.outputs.registry import available  # (`check` and `--help` never need it)

    names = available()
    if not value:
        return names, []
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [name for name in chosen if name not in names]
    return tuple(name for name in names if name in chosen), unknown


def run_check(
    echo: Echo, project: Path, strict: bool, output_format: str, jobs: int | None
) -> None:
    """`normkit check`."""
    require_project(echo, project)
    # What an import allocates stays: a collection finds no garbage in it, and frozen, no
    # collection walks it (the first one after the imports walked all of it, ~7 M instructions).
    with collection_paused(freeze=True):
        from normkit.head_start import parsing_started

        started = parsing_started(project, jobs)  # parsing while the rest is imported
        from normkit.cache_entries import saving_in_background
        from normkit.commands.process_end import ends_with_command
        from normkit.pipeline import check_project

    # The program ends with the command: what the read made is saved once it is checked,
    # by a child it does not wait for (the cache is written entry by entry, each renamed
    # into place whole: a command that starts meanwhile reads those written, and makes
    # the rest again).
    leave = ends_with_command()
    with saving_in_background(hold=True):  # (a check's peak memory leaves room)
        result = check_project(
            project,
            strict,
            keep_parses=True,
            jobs=jobs,
            started=started,
            guidance_shown=False,
            save_read=not leave,
        )
        if leave:
            result.save_stored(create=True, leave=True)
    report(echo, result, output_format)
    sys.exit(EXIT_CLEAN if result.ok else EXIT_CONTENT_ERRORS)


def run_build(
    echo: Echo,
    project: Path,
    strict: bool,
    out: Path | None,
    outputs: tuple[str, ...],
    jobs: int | None,
    quiet: bool,
    output_format: str,
) -> None:
    """`normkit build`, its outputs named (`outputs_named`)."""
    out = out or project / "build"
    from normkit.commands.stopping import BUILD_STOPPING_SIGNALS, stopped_by_signals

    # Stopped by `kill` or a closed terminal, as by Ctrl-C: the clean-up runs (the workers'
    # and tools' temporary folders are removed), then the process ends by that signal.
    with stopped_by_signals(BUILD_STOPPING_SIGNALS):
        result = _build(project, strict, out, outputs, jobs, quiet)
    report(echo, result.check, output_format, quiet)
    if not result.check.ok:
        echo("build failed: no output was written", err=True)
        sys.exit(EXIT_CONTENT_ERRORS)
    if not quiet:
        kept = f" (kept {', '.join(result.carried)} from the last build)" if result.carried else ""
        echo(f"built {', '.join(result.written)} into {out}{kept}", err=True)


def _build(
    project: Path,
    strict: bool,
    out: Path,
    outputs: tuple[str, ...],
    jobs: int | None,
    quiet: bool,
) -> BuildResult:
    with collection_paused(freeze=True):  # (as in `check`)
        from normkit.head_start import parsing_started

        started = parsing_started(project, jobs, out)  # parsing while the rest is imported
        from normkit.cache_entries import hold, saving_in_background
        from normkit.commands.process_end import ends_with_command
        from normkit.parallel import stop_workers
        from normkit.pipeline import build_project
        from normkit.progress import progress_for

    progress = progress_for(quiet)
    # As `check`: where the program ends with the command, what the read made is saved once
    # the build is over, by a child it does not wait for (the next read waits for it); a
    # child saving beside the outputs took a core from their writers, and the command waited
    # for it at its end (cold JSON build, 1,000 criteria: 15-25 ms; 10,000: up to ~300 ms).
    # Forked once the workers are stopped and the build folder's lock let go: a child that
    # kept the fork server's pipe or that lock would make this command, or the next build,
    # wait for it.
    leave = ends_with_command()
    # Elsewhere the caches are written beside the outputs (held: at 10,000 criteria, the
    # JSON build's peak rose 279 → 310 MB, the site's 427-429 → 470-477 MiB, near the bar).
    with saving_in_background(hold=set(outputs) <= HOLDING):
        try:
            result = build_project(
                project, out, outputs, strict, jobs, progress, started, save_read=not leave
            )
        finally:
            if started is not None:  # (stopped once the sources are read; here, on a failure)
                started.parses.stop_parsing_ahead()
            progress.close()
            stop_workers()
        if leave:
            # Not freed once the command returns (`run_build`), as the program ends then:
            # freeing the model writes to pages the child shares, each write a copy (10,000
            # criteria: 8-17 ms between the report and the end).
            hold(result, ending=True)
            result.check.save_stored(leave=True)  # (where the build folder is)
    return result
