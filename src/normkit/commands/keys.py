"""`normkit keys`: the reference tables of every metadata key, generated from the schema."""

from __future__ import annotations

from pathlib import Path

import click

from normkit.metadata.reference import all_tables, missing_regions, update_document


@click.command(name="keys")
@click.option(
    "--update",
    "document",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Rewrite the generated tables inside this Markdown file (docs/authoring.md).",
)
def keys_command(document: Path | None) -> None:
    """Print the reference tables of every metadata file and block (Markdown)."""
    if document is None:
        click.echo(all_tables(), nl=False)
        return
    text = document.read_text(encoding="utf-8")
    updated = update_document(text)
    missing = missing_regions(updated)
    if missing:
        raise click.ClickException(
            f"{document} has no generated table for {', '.join(missing)}; add a "
            "`<!-- keys: NAME … -->` … `<!-- end keys -->` region for each"
        )
    if updated != text:
        document.write_text(updated, encoding="utf-8")
        click.echo(f"updated {document}", err=True)
