"""`normkit translations update`: create or update the catalogs of every declared language."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from normkit.commands.failures import EXIT_ENVIRONMENT
from normkit.commands.options import project_option
from normkit.diagnostics import Code, Severity
from normkit.pipeline import check_project
from normkit.translations.catalogs import FOLDER, CatalogKind, planned_catalogs, project_languages
from normkit.translations.labels import packaged_labels
from normkit.translations.po_files import read_catalog
from normkit.translations.update import update_catalog

EXIT_CONTENT_ERRORS = 1


@click.group(name="translations")
def translations_group() -> None:
    """Translation catalogs (gettext PO) per language: create and update them."""


KEEP_AS_IS = frozenset(
    {Code.SOURCE_CONTROL_CHARACTER, Code.SOURCE_CONTROL_ESCAPE, Code.TRANSLATION_DUPLICATE}
)
"""Problems of a catalog that rewriting it would hide by dropping what the translator wrote:
`update` leaves such a catalog as it is."""


@translations_group.command(name="update")
@project_option
@click.option(
    "--lang",
    "languages",
    multiple=True,
    help="Only this language (repeatable); default: every language the sources declare.",
)
def update_command(project: Path, languages: tuple[str, ...]) -> None:
    """Create or update the catalogs: new units added, changed source text marked fuzzy
    (the previous text kept), removed units made obsolete."""
    result = check_project(project)
    source_errors = [
        d
        for d in result.diagnostics
        if d.severity is Severity.ERROR and not d.location.path.startswith(f"{FOLDER}/")
    ]
    if source_errors:
        for found in source_errors:
            click.echo(found.format(), err=True)
        click.echo("the sources have errors: no catalog was updated", err=True)
        sys.exit(EXIT_CONTENT_ERRORS)
    corpus = result.corpus
    declared = project_languages(corpus)
    unknown = [language for language in languages if language not in declared]
    if unknown:
        click.echo(
            f"error: no version declares {', '.join(unknown)}"
            + (f" (declared: {', '.join(declared)})" if declared else ""),
            err=True,
        )
        click.echo("hint: add it to `languages` in standard.yml or version.yml", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    failed = False
    for language in languages or declared:
        for plan in planned_catalogs(corpus, language):
            path = project / plan.path
            existing = None
            if path.is_file():
                existing, problems = read_catalog(project, path)
                # A control character would be dropped by rewriting the catalog, and so
                # would the second of two entries for one unit: the translator hears of it
                # first.
                if existing is None or any(found.code in KEEP_AS_IS for found in problems):
                    for found in problems:
                        click.echo(found.format(), err=True)
                    click.echo(f"{plan.path}: not updated (fix it first)", err=True)
                    failed = True
                    continue
            labels = plan.kind is CatalogKind.LABELS
            text, counts = update_catalog(
                existing,
                plan.units(corpus),
                language=language,
                title=plan.title,
                prefill=packaged_labels(language) if labels else None,
                keyed=not labels,
            )
            if existing is None or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                click.echo(f"{plan.path}: {counts}", err=True)
    sys.exit(EXIT_CONTENT_ERRORS if failed else 0)


@translations_group.command(name="labels")
def labels_command() -> None:
    """Print the catalog template of normkit's interface labels (for normkit's developers:
    src/normkit/translations/locale/normkit.pot)."""
    from normkit.translations.label_catalog import labels_pot

    click.echo(labels_pot(), nl=False)
