"""The `normkit` command: a thin layer over the pipeline."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from normkit.cache_entries import saving_in_background
from normkit.commands.failures import EXIT_ENVIRONMENT, NormkitGroup, debug_option
from normkit.commands.options import project_option
from normkit.diagnostics import to_json
from normkit.outputs.registry import available
from normkit.parallel import stop_workers
from normkit.pipeline import CheckResult, build_project, check_project
from normkit.progress import progress_for

EXIT_CLEAN, EXIT_CONTENT_ERRORS = 0, 1

strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


@click.group(cls=NormkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normkit")
@debug_option
def main() -> None:
    """Compile standards sources into a site, PDFs, criteria JSON and diffs."""


def _report(result: CheckResult, output_format: str, quiet: bool = False) -> None:
    if output_format == "json":
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
def check(project: Path, strict: bool, output_format: str) -> None:
    """Check every source and report all problems; write nothing but caches."""
    _require_project(project)
    with saving_in_background():
        result = check_project(project, strict, keep_parses=True)
    _report(result, output_format)
    sys.exit(EXIT_CLEAN if result.ok else EXIT_CONTENT_ERRORS)


def _parse_only(value: str | None) -> tuple[str, ...]:
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
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for outputs and documents  [default: the number of cores].",
)
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
    progress = progress_for(quiet)
    try:
        with saving_in_background():  # the caches are written beside the outputs
            result = build_project(project, out, outputs, strict, jobs, progress)
    finally:
        progress.close()
        stop_workers()
    _report(result.check, output_format, quiet)
    if not result.check.ok:
        click.echo("build failed: nothing was written", err=True)
        sys.exit(EXIT_CONTENT_ERRORS)
    if not quiet:
        kept = f" (kept {', '.join(result.carried)} from the last build)" if result.carried else ""
        click.echo(f"built {', '.join(result.written)} into {out}{kept}", err=True)


@main.command()
def codes() -> None:
    """Print the documented list of diagnostic codes (Markdown)."""
    from normkit.codes_doc import codes_markdown

    click.echo(codes_markdown(), nl=False)


from normkit.commands.diff import diff_command  # noqa: E402

main.add_command(diff_command)

from normkit.commands.serve import serve_command  # noqa: E402

main.add_command(serve_command)

from normkit.commands.keys import keys_command  # noqa: E402

main.add_command(keys_command)

from normkit.commands.import_command import import_command  # noqa: E402

main.add_command(import_command)

from normkit.commands.export import export_group  # noqa: E402

main.add_command(export_group)

from normkit.commands.apply_replaces import apply_replaces_command  # noqa: E402

main.add_command(apply_replaces_command)
from normkit.commands.consultation import consultation_group  # noqa: E402

main.add_command(consultation_group)

from normkit.commands.checklist import checklist_group  # noqa: E402

main.add_command(checklist_group)

from normkit.commands.translations import translations_group  # noqa: E402

main.add_command(translations_group)
