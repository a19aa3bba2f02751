"""The `normkit` command: a thin layer over the pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from normkit import __version__
from normkit.commands import compiling
from normkit.commands.compiling import EXIT_CLEAN as EXIT_CLEAN
from normkit.commands.compiling import EXIT_CONTENT_ERRORS as EXIT_CONTENT_ERRORS
from normkit.commands.compiling import HOLDING as HOLDING
from normkit.commands.failures import EXIT_ENVIRONMENT as EXIT_ENVIRONMENT
from normkit.commands.failures import NormkitGroup, debug_option
from normkit.commands.options import project_option

if TYPE_CHECKING:
    from normkit.pipeline import CheckResult

# The pipeline (the model, Markdown, YAML…) is imported by the commands that run it, not by
# `normkit --help` or the sub-commands that never read the sources. What `check` and `build`
# do once their options are read is in `commands/compiling.py`, which `commands/quick.py`
# runs without click for a plain command line.

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
    compiling.report(click.echo, result, output_format, quiet)


def _require_project(root: Path) -> None:
    compiling.require_project(click.echo, root)


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
    compiling.run_check(click.echo, project, strict, output_format, jobs)


def _parse_only(value: str | None) -> tuple[str, ...]:
    names, unknown = compiling.outputs_named(value)
    if unknown:
        from normkit.outputs.registry import available

        raise click.BadParameter(
            f"unknown output {', '.join(unknown)}; choose from {', '.join(available())}"
        )
    return names


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
    compiling.run_build(click.echo, project, strict, out, outputs, jobs, quiet, output_format)


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
