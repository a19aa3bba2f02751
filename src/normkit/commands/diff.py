"""`normkit diff`: what changed between two versions, or since a git revision."""

from __future__ import annotations

import json
import sys
import tarfile
import tempfile
from html import escape
from io import BytesIO
from pathlib import Path

import click
from rich.console import Console

from normkit.commands.failures import debug_option
from normkit.commands.options import project_option
from normkit.commands.suggest import echo_json, print_suggestions, suggestions_document
from normkit.environment import run_tool
from normkit.model.corpus import Corpus
from normkit.model.standard import Version
from normkit.outputs.diff.markdown import changeset_markdown
from normkit.outputs.diff.pages import CHANGES_JS, changes_page_html
from normkit.outputs.diff.serialise import changeset_document
from normkit.outputs.diff.terminal import print_changeset
from normkit.pipeline import check_project
from normkit.revisions import DEFAULT_CONFIDENCE, Changeset
from normkit.revisions.comparison import compare, lineage_for
from normkit.revisions.intended import discrepancies
from normkit.revisions.successors.review import review_text

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem}"
    "ins{background:#e6ffec;color:#055d20}del{background:#ffebe9;color:#82071e}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}"
    "button[aria-pressed=true]{font-weight:bold}"
)


def find_version(corpus: Corpus, spec: str) -> Version:
    standard_slug, _, name = spec.partition("@")
    version = corpus.version(standard_slug, name)
    if version is None:
        known = ", ".join(v.key for v in corpus.versions())
        raise click.BadParameter(f"no version {spec!r}; known: {known}")
    return version


def project_at_revision(project: Path, revision: str, into: Path) -> Path:
    """Extract the project's files as they were at `revision` (`git archive`) into `into`."""

    def git(*args: str) -> bytes:
        return run_tool(["git", "-C", str(project), *args], what=f"the revision {revision}")

    prefix = git("rev-parse", "--show-prefix").decode().strip()
    archive = git("archive", "--format=tar", f"{revision}:{prefix}" if prefix else revision)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def intended_report(changeset: Changeset, old: Version, new: Version) -> list[str]:
    """Discrepancies with the new version's `changes.yml`, when it describes this comparison."""
    intended = new.intended_changes
    if intended is None or new.supersedes != old.name or old.key == new.key:
        return []
    found = discrepancies(changeset, intended)
    return [f"{d.location}: {d.message}" for d in found] or ["__agree__"]


def html_page(changeset_html: str, title: str) -> str:
    title = escape(title)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{STYLE}</style></head>"
        f"<body><h1>{title}</h1>\n{changeset_html}\n"
        f"<script>\n{CHANGES_JS}</script></body></html>\n"
    )


@click.command(name="diff")
@click.argument("old_spec", metavar="STANDARD@OLD")
@click.argument("new_spec", metavar="[STANDARD@NEW]", required=False)
@project_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "html"]),
    default="text",
    help="text: a terminal summary; json: the changeset; markdown or html: a report.",
)
@click.option("--rev", default=None, help="Take the OLD version from this git revision.")
@click.option("--redlines", is_flag=True, help="With text: print a word redline per change.")
@click.option(
    "--suggest",
    is_flag=True,
    help="List every candidate successor of the criteria that ids and `replaces` leave "
    "unpaired, with its kind and confidence (text or json).",
)
@click.option(
    "--suggest-replaces",
    is_flag=True,
    help="Write the candidates as a review file of `replaces` entries, for "
    "`normkit apply-replaces`.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_CONFIDENCE,
    show_default=True,
    help="With --suggest or --suggest-replaces: the lowest confidence listed.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="With --suggest-replaces: write the review file here instead of printing it.",
)
@debug_option
def diff_command(
    old_spec: str,
    new_spec: str | None,
    project: Path,
    output_format: str,
    rev: str | None,
    redlines: bool,
    suggest: bool,
    suggest_replaces: bool,
    min_confidence: float,
    output: Path | None,
) -> None:
    """Compare two versions: `normkit diff performance@v2 performance@v3`.

    With --rev, compare a version as it was at a git revision with the working tree:
    `normkit diff performance@v3 --rev HEAD`. With --suggest, list the successors proposed
    for criteria that lost their id: `normkit diff old@v1 old@v2 --suggest`.
    """
    if new_spec is None and rev is None:
        raise click.UsageError("give two versions, or one version and --rev")
    current = check_project(project).corpus
    new = find_version(current, new_spec or old_spec)
    with tempfile.TemporaryDirectory(prefix="normkit-rev-") as folder:
        old_corpus = current
        if rev is not None:
            old_corpus = check_project(project_at_revision(project, rev, Path(folder))).corpus
        old = find_version(old_corpus, old_spec)
        if old.standard != new.standard:
            raise click.BadParameter("both versions must be of one standard")
        changeset = compare(current, old, new, old_corpus=old_corpus)
    if suggest or suggest_replaces:
        guidance = (old_corpus.guidance_for(old), current.guidance_for(new))
        lineage = lineage_for(old, new, changeset.changes, min_confidence, guidance)
        if suggest_replaces:
            review = review_text(lineage, old, new, min_confidence)
            if output is None:
                click.echo(review, nl=False)
            else:
                output.write_text(review, encoding="utf-8")
                click.echo(f"wrote {output}; review it, then: normkit apply-replaces {output}")
        elif output_format == "json":
            echo_json(suggestions_document(lineage, old, new, min_confidence))
        else:
            console = Console(file=sys.stdout, highlight=False, soft_wrap=False)
            print_suggestions(console, lineage, old, new, min_confidence)
        return
    if output_format == "json":
        document = changeset_document(changeset, old, new)
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    if output_format == "markdown":
        click.echo(changeset_markdown(changeset, old, new))
        return
    if output_format == "html":
        title = f"What changed from {old.title} to {new.title}"
        fragment = changes_page_html(changeset, old, new, lambda v, i: f"#change-{i}")
        click.echo(html_page(fragment, title), nl=False)
        return
    console = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    print_changeset(console, changeset, old, new, redlines=redlines)
    report = intended_report(changeset, old, new)
    if report == ["__agree__"]:
        console.print("[green]✓[/green] agrees with changes.yml")
    elif report:
        console.print("[yellow]changes.yml disagrees with the diff:[/yellow]")
        for line in report:
            console.print(f"  - {line}", markup=False)
