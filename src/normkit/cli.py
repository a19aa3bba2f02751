"""The `normkit` command: a thin layer over the pipeline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from normkit import __version__
from normkit.collector import collection_paused
from normkit.commands.failures import EXIT_ENVIRONMENT, NormkitGroup, debug_option
from normkit.commands.options import project_option

if TYPE_CHECKING:
    from normkit.pipeline import BuildResult, CheckResult

# The pipeline (the model, Markdown, YAML…) is imported by the commands that run it, not by
# `normkit --help` or the sub-commands that never read the sources.

EXIT_CLEAN, EXIT_CONTENT_ERRORS = 0, 1
HOLDING = frozenset({"json"})
"""Outputs a build of which keeps what its saving children write, and what a render helper
sent, alive to its end (`cache_entries.saving_in_background`, `hold`): their peak memory
leaves room for it."""

strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for parsing, outputs and documents  [default: the number of cores].",
)

LAZY_COMMANDS = {
    "diff": (
        "normkit.commands.diff:diff_command",
        "Compare two versions: `normkit diff performance@v2 performance@v3`.",
    ),
    "serve": (
        "normkit.commands.serve:serve_command",
        "Serve the site and reload the browser on any change of what the build reads"
        " (standards/, guidance/, glossary/, translations/, consultations/, crosswalks/,"
        " themes/, assets/, linked files, mkdocs.yml): only the pages an edit of a chapter,"
        " guidance or the glossary changed are rebuilt, and while the sources have errors"
        " every page shows them instead.",
    ),
    "keys": (
        "normkit.commands.keys:keys_command",
        "Print the reference tables of every metadata file and block (Markdown).",
    ),
    "import": (
        "normkit.commands.import_command:import_command",
        "Import SOURCE as standards/<standard>/<version>/: an OSCAL catalog (JSON) or a CSV"
        " or XLSX requirements table (one row per requirement).",
    ),
    "export": (
        "normkit.commands.export:export_group",
        "Write the project in another tool's format.",
    ),
    "apply-replaces": (
        "normkit.commands.apply_replaces:apply_replaces_command",
        "Add the `replaces` entries of a reviewed file (from `normkit diff"
        " --suggest-replaces`) to the criterion blocks of the version it names, changing"
        " nothing else in the sources.",
    ),
    "consultation": (
        "normkit.commands.consultation:consultation_group",
        "Public consultation of drafts: comment forms and the line map of the draft as"
        " issued (the register is checked by `check`).",
    ),
    "checklist": (
        "normkit.commands.checklist:checklist_group",
        "Assurance checklists (build/checklists/): read a filled one back.",
    ),
    "translations": (
        "normkit.commands.translations:translations_group",
        "Translation catalogs (gettext PO) per language: create and update them.",
    ),
}
"""Sub-commands imported only when used (see `NormkitGroup`): `name: ("module:attribute",
summary)`, the summary being the first sentence of the command's help, which `normkit --help`
lists without importing the command (`tests/spine/test_help.py` keeps the two the same)."""


@click.group(
    cls=NormkitGroup,
    lazy=LAZY_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, package_name="normkit")
@debug_option
def main() -> None:
    """Compile standards sources into a site, PDFs, criteria JSON and diffs."""


def _report(result: CheckResult, output_format: str, quiet: bool = False) -> None:
    if output_format == "json":
        from normkit.diagnostics import to_json

        click.echo(to_json(result.diagnostics), nl=False)
        return
    if quiet and not result.diagnostics:
        return
    for found in result.diagnostics:
        click.echo(found.format(), err=True)
    errors, warnings = len(result.errors), len(result.warnings)
    if result.strict:
        errors, warnings = errors, 0
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def _require_project(root: Path) -> None:
    if not root.is_dir() or not any((root / name).is_dir() for name in ("standards", "glossary")):
        click.echo(f"error: {root} is not a normkit project (no standards/ or glossary/)", err=True)
        sys.exit(EXIT_ENVIRONMENT)


@main.command()
@project_option
@strict_option
@debug_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text: path:line:col lines on stderr; json: a JSON list on stdout.",
)
@jobs_option
def check(project: Path, strict: bool, output_format: str, jobs: int | None) -> None:
    """Check every source and report all problems; write nothing but caches."""
    _require_project(project)
    # What an import allocates stays: a collection finds no garbage in it, and frozen, no
    # collection walks it (the first one after the imports walked all of it, ~7 M instructions).
    with collection_paused(freeze=True):
        from normkit.head_start import parsing_started

        started = parsing_started(project, jobs)  # parsing while the rest is imported
        from normkit.cache_entries import saving_in_background
        from normkit.pipeline import check_project

    with saving_in_background(hold=True):  # (a check's peak memory leaves room)
        result = check_project(
            project, strict, keep_parses=True, jobs=jobs, started=started, guidance_shown=False
        )
    _report(result, output_format)
    sys.exit(EXIT_CLEAN if result.ok else EXIT_CONTENT_ERRORS)


def _parse_only(value: str | None) -> tuple[str, ...]:
    from normkit.outputs.registry import available  # (`check` and `--help` never need it)

    names = available()
    if not value:
        return names
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [name for name in chosen if name not in names]
    if unknown:
        raise click.BadParameter(
            f"unknown output {', '.join(unknown)}; choose from {', '.join(names)}"
        )
    return tuple(name for name in names if name in chosen)


@main.command()
@project_option
@strict_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder [default: <project>/build].",
)
@click.option("--only", default=None, help="Comma-separated outputs to build (json, site, …).")
@jobs_option
@click.option("--quiet", "-q", is_flag=True, help="No progress; print only problems.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@debug_option
def build(
    project: Path,
    strict: bool,
    out: Path | None,
    only: str | None,
    jobs: int | None,
    quiet: bool,
    output_format: str,
) -> None:
    """Check the sources, then build the outputs (all unless --only) and make them visible
    in one step."""
    _require_project(project)
    outputs = _parse_only(only)
    out = out or project / "build"
    from normkit.commands.stopping import BUILD_STOPPING_SIGNALS, stopped_by_signals

    # Stopped by `kill` or a closed terminal, as by Ctrl-C: the clean-up runs (the workers'
    # and tools' temporary folders are removed), then the process ends by that signal.
    with stopped_by_signals(BUILD_STOPPING_SIGNALS):
        result = _build(project, strict, out, outputs, jobs, quiet)
    _report(result.check, output_format, quiet)
    if not result.check.ok:
        click.echo("build failed: no output was written", err=True)
        sys.exit(EXIT_CONTENT_ERRORS)
    if not quiet:
        kept = f" (kept {', '.join(result.carried)} from the last build)" if result.carried else ""
        click.echo(f"built {', '.join(result.written)} into {out}{kept}", err=True)


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
        from normkit.cache_entries import saving_in_background
        from normkit.parallel import stop_workers
        from normkit.pipeline import build_project
        from normkit.progress import progress_for

    progress = progress_for(quiet)
    try:
        # The caches are written beside the outputs (held: at 10,000 criteria, the JSON
        # build's peak rose 279 → 310 MB, the site's 427-429 → 470-477 MiB, near the bar).
        with saving_in_background(hold=set(outputs) <= HOLDING):
            return build_project(project, out, outputs, strict, jobs, progress, started)
    finally:
        if started is not None:  # (stopped once the sources are read; here, on a failure)
            started.parses.stop_parsing_ahead()
        progress.close()
        stop_workers()


@main.command()
def codes() -> None:
    """Print the documented list of diagnostic codes (Markdown)."""
    from normkit.codes_doc import codes_markdown

    click.echo(codes_markdown(), nl=False)


def run() -> None:
    """The `normkit` program (`program.run`), for a console script installed before the
    program moved there (`pip install -e .` installs one that imports `program` directly)."""
    from normkit.program import run as run_program

    run_program()
