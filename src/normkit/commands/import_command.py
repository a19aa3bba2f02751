"""`normkit import`: bring an existing standard in as normkit sources."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from normkit.commands.failures import EXIT_ENVIRONMENT, debug_option
from normkit.commands.options import project_option
from normkit.importers import FORMATS, ImportRefused, import_source

EXIT_CONTENT_ERRORS = 1


@click.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--standard", required=True, help="The standard's folder name (slug), new or existing."
)
@click.option("--version", "version", required=True, help="The new version's folder name.")
@click.option(
    "--format",
    "source_format",
    type=click.Choice(FORMATS),
    default=None,
    help="The source's format [default: from its extension: .json, .csv, .xlsx].",
)
@click.option(
    "--columns",
    default=None,
    help="Tables: ROLE=HEADER,… (roles: id, number, title, text, section, section-number, "
    "guidance, field:NAME); without it, headers named like a role.",
)
@click.option("--force", is_flag=True, help="Replace the version (and its guidance) if it exists.")
@project_option
@debug_option
def import_command(
    source: Path,
    standard: str,
    version: str,
    source_format: str | None,
    columns: str | None,
    force: bool,
    project: Path,
) -> None:
    """Import SOURCE as standards/<standard>/<version>/: an OSCAL catalog (JSON) or a CSV
    or XLSX requirements table (one row per requirement)."""
    try:
        result = import_source(
            source,
            project,
            standard,
            version,
            source_format=source_format,
            columns=columns,
            force=force,
        )
    except ImportRefused as refused:
        click.echo(f"error: {refused.message}", err=True)
        if refused.hint:
            click.echo(f"    hint: {refused.hint}", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    for found in result.diagnostics:
        click.echo(found.format(), err=True)
    if result.written is None:
        click.echo(
            f"import failed: {len(result.diagnostics)} problem(s); nothing was written", err=True
        )
        sys.exit(EXIT_CONTENT_ERRORS)
    written = result.written
    click.echo(f"wrote {written.version_folder.relative_to(project)}", err=True)
    if written.standard_file is not None:
        click.echo(f"wrote {written.standard_file.relative_to(project)}", err=True)
    if written.guidance_folder is not None:
        click.echo(f"wrote {written.guidance_folder.relative_to(project)}", err=True)
    if result.supersedes:
        click.echo(f"{standard}@{version} supersedes {standard}@{result.supersedes}", err=True)
    for note in written.notes:
        click.echo(note, err=True)
