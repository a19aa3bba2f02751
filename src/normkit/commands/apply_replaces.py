"""`normkit apply-replaces`: a reviewed file of `replaces` entries into the sources.

All or nothing: the file and every id in it are checked against the project first; only
when nothing is wrong are the criterion blocks edited, each file written whole (to a
temporary file, then renamed over the old one).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from normkit.commands.failures import debug_option
from normkit.commands.options import project_option
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.standard import Version
from normkit.pipeline import check_project
from normkit.revisions.successors.review import Review, check_review, read_review
from normkit.sources.replaces_edit import add_replaces

EXIT_CONTENT_ERRORS = 1


def _write(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read(path: Path) -> str:
    """The file's text with its line endings as they are (no newline translation)."""
    return path.read_bytes().decode("utf-8")


def edited_sources(project: Path, review: Review, new: Version) -> dict[Path, str]:
    """Every source file that changes, with its new text. Each file is edited from its last
    criterion up, so that lines added to one block do not move the headings still to edit."""
    texts: dict[Path, str] = {}
    criteria = [new.criterion(new_id) for new_id in review.entries]
    located = sorted(
        (c for c in criteria if c is not None),
        key=lambda c: (c.location.path, -c.location.line),
    )
    for criterion in located:
        listed = review.entries[criterion.id]
        path = project / criterion.location.path
        if path not in texts:
            texts[path] = _read(path)
        texts[path] = add_replaces(
            texts[path], criterion.location.line, [old_id for old_id, _where in listed]
        )
    return {path: text for path, text in texts.items() if text != _read(path)}


def _fail(problems: list[Diagnostic]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)
    click.echo(f"apply-replaces failed: {len(problems)} error(s); nothing written", err=True)
    sys.exit(EXIT_CONTENT_ERRORS)


@click.command(name="apply-replaces")
@click.argument("review_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@project_option
@debug_option
def apply_replaces_command(review_file: Path, project: Path) -> None:
    """Add the `replaces` entries of a reviewed file (from `normkit diff --suggest-replaces`)
    to the criterion blocks of the version it names, changing nothing else in the sources."""
    review, problems = read_review(review_file.read_text(encoding="utf-8"), str(review_file))
    if review is None:
        _fail(problems)
        return
    corpus = check_project(project).corpus
    new = corpus.version(review.standard, review.version)
    old = corpus.version(review.standard, new.supersedes or "") if new else None
    if new is None or old is None:
        what = "no such version" if new is None else "it supersedes no version"
        _fail(
            [
                diagnostic(
                    Code.REVIEW_INVALID,
                    review.locations["version"],
                    f"cannot apply to {review.standard}@{review.version}: {what}",
                    "name a version of the project that supersedes another",
                )
            ]
        )
        return
    problems = check_review(review, new, old)
    if problems:
        _fail(problems)
        return
    changed = edited_sources(project, review, new)
    for path, text in sorted(changed.items()):
        _write(path, text)
        click.echo(f"updated {path.relative_to(project)}")
    added = sum(len(listed) for listed in review.entries.values())
    click.echo(f"{added} replaces entries applied to {new.key} ({len(changed)} file(s) changed)")
