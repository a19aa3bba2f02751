"""`normkit consultation form|lines STANDARD@VERSION`: a consultation draft's comment form, and
the line map of its PDF as issued, kept in its register."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from normkit.commands.failures import debug_option
from normkit.commands.options import project_option
from normkit.environment import file_system_failures

if TYPE_CHECKING:
    from normkit.model.standard import Version
    from normkit.pipeline import CheckResult


@click.group("consultation")
def consultation_group() -> None:
    """Public consultation of drafts: comment forms and the line map of the draft as issued
    (the register is checked by `check`)."""


@consultation_group.command("form")
@project_option
@click.argument("spec", metavar="STANDARD@VERSION")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build folder; the forms go in its consultation/ [default: <project>/build].",
)
@debug_option
def form_command(project: Path, spec: str, out: Path | None) -> None:
    """Write the comment form of a consultation draft, as
    <out>/consultation/<standard>-<version>-comments.xlsx and .csv: one row per criterion,
    lettered part and section, with its lines in the draft's PDF."""
    from normkit.build_folder import CACHE
    from normkit.outputs.consultation.writer import write_forms

    out = out or project / "build"
    result, version = _consultation_draft(project, spec, out, "form", layout=True)
    with file_system_failures(f"write the comment form into {out}"):
        written = write_forms(result.corpus, version, out / "consultation", project, out / CACHE)
    for path in written:
        click.echo(f"wrote {path}", err=True)


@consultation_group.command("lines")
@project_option
@click.argument("spec", metavar="STANDARD@VERSION")
@debug_option
def lines_command(project: Path, spec: str) -> None:
    """Record the lines of a consultation draft's PDF in its register, as
    consultations/<standard>/<version>/lines.json, when the draft is issued for comment:
    `check` then reads them instead of laying the draft out, while the draft is unchanged."""
    from normkit.build_folder import CACHE
    from normkit.outputs.pdf.lines import draft_job, version_line_map
    from normkit.sources.issued_lines import issued_lines_path, write_issued_lines

    out = project / "build"
    cache = out / CACHE if out.is_dir() else None
    result, version = _consultation_draft(project, spec, out, "lines", layout=False)
    job = draft_job(result.corpus, version, project)
    found = version_line_map(result.corpus, version, project, cache, job=job)
    digest = job[1]
    path = issued_lines_path(project, version.standard, version.name)
    with file_system_failures(f"write {path}"):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_issued_lines(path, digest, found)
    click.echo(f"wrote {path}", err=True)


def _consultation_draft(
    project: Path, spec: str, out: Path, what: str, *, layout: bool
) -> tuple[CheckResult, Version]:
    """The checked project and its version `spec`, which must be out for consultation: the
    command stops with the project's errors (`what` is not written) or a usage error."""
    from normkit.build_folder import CACHE
    from normkit.cli import EXIT_CONTENT_ERRORS, _report, _require_project
    from normkit.commands.diff import find_version
    from normkit.model.standard import VersionStatus
    from normkit.pipeline import check_project

    _require_project(project)
    result = check_project(project, cache=out / CACHE if out.is_dir() else None, layout=layout)
    _report(result, "text", quiet=True)
    if not result.ok:
        click.echo(f"{what} not written: fix the errors first", err=True)
        sys.exit(EXIT_CONTENT_ERRORS)
    version = find_version(result.corpus, spec)
    if version.status is not VersionStatus.CONSULTATION:
        raise click.UsageError(
            f"{version.key} is {version.status}, not out for consultation: only a consultation "
            "draft's PDF has the line numbers the form and the register refer to (set "
            "`status: consultation` in its version.yml)"
        )
    return result, version
