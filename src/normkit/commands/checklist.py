"""`normkit checklist read`: check a filled assurance checklist and summarise its findings."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from normkit.commands.failures import debug_option
from normkit.commands.options import project_option

EXIT_CONTENT_ERRORS = 1


@click.group(name="checklist")
def checklist_group() -> None:
    """Assurance checklists (build/checklists/): read a filled one back."""


@checklist_group.command(name="read")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--version",
    "version_key",
    default=None,
    metavar="STANDARD@VERSION",
    help="The version the checklist is for [default: as its About sheet says, else from "
    "its file name, <standard>-<version>.csv].",
)
@project_option
@debug_option
def read_command(file: Path, version_key: str | None, project: Path) -> None:
    """Check FILE (XLSX or CSV), a checklist an auditor filled in: every row's ID and number
    must be a criterion or part of its version and every finding one of conforms, minor,
    major, not applicable. Prints the findings per section and criterion as JSON (stdout);
    problems as FILE[sheet]:row:column lines (stderr, exit 1)."""
    from normkit.checklists.reader import read_checklist
    from normkit.checklists.summary import summary_document
    from normkit.pipeline import check_project

    corpus = check_project(project).corpus
    shown = str(file)
    result = read_checklist(file, corpus, version_key, shown)
    for found in result.diagnostics:
        click.echo(found.format(), err=True)
    if result.diagnostics:
        click.echo(f"checklist read failed: {len(result.diagnostics)} problem(s)", err=True)
        sys.exit(EXIT_CONTENT_ERRORS)
    document = summary_document(result, shown)
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))
