"""Options shared by every `normkit` sub-command."""

from pathlib import Path

import click

project_option = click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project root (holding standards/, guidance/, glossary/).",
)
