"""`normkit export mkdocs DEST`: the generated site as a plain MkDocs project."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from normkit.commands.failures import debug_option
from normkit.commands.options import project_option
from normkit.environment import file_system_failures

MARKER = ".normkit-export"
"""Left in an export, so a later export may replace it (and nothing else)."""


@click.group("export")
def export_group() -> None:
    """Write the project in another tool's format."""


@export_group.command("mkdocs")
@project_option
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@debug_option
def export_mkdocs(project: Path, dest: Path) -> None:
    """Write the site as a plain MkDocs project in DEST: mkdocs.yml, docs/ (every generated
    page) and overrides/ (the theme layer), with no normkit plugin. `mkdocs build` or
    Zensical builds it in DEST, with the engine's own search.

    DEST must be empty, missing, or an earlier export (which is replaced)."""
    from normkit.cli import EXIT_CONTENT_ERRORS, _report, _require_project
    from normkit.outputs.site.export import export_project
    from normkit.pipeline import check_project

    _require_project(project)
    if dest.exists() and any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise click.UsageError(f"{dest} is not empty and not an earlier export; choose another")
    result = check_project(project)
    _report(result, "text", quiet=True)
    if not result.ok:
        click.echo("export failed: nothing was written", err=True)
        sys.exit(EXIT_CONTENT_ERRORS)
    with file_system_failures(str(dest)):
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = dest.parent / f".{dest.name}.staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()  # the usual permissions from the umask, unlike a temporary folder
        try:
            export_project(result.corpus, staging, project)
            (staging / MARKER).write_text("written by normkit export mkdocs\n", encoding="utf-8")
            if dest.exists():
                shutil.rmtree(dest)
            staging.rename(dest)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    click.echo(f"exported the site of {project} as a MkDocs project into {dest}", err=True)
