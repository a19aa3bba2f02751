"""`normkit serve`: MkDocs' development server with the normkit plugin, live reload on edits."""

from __future__ import annotations

from pathlib import Path

import click

from normkit.commands.failures import debug_option
from normkit.commands.options import project_option
from normkit.mkdocs_yml import site_name


@click.command("serve")
@project_option
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    help="Address to serve on; keep 127.0.0.1 unless others must reach it.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@debug_option
def serve_command(project: Path, dev_addr: str, open_browser: bool) -> None:
    """Serve the site, rebuilding and reloading on any change under standards/, guidance/,
    glossary/ or themes/."""
    from mkdocs.commands.serve import serve

    from normkit.outputs.site.config import config_file

    if not (project / "standards").is_dir() and not (project / "glossary").is_dir():
        raise click.UsageError(f"{project} is not a normkit project (no standards/ or glossary/)")
    path = config_file(project, project / "build" / ".cache", site_name(project))
    watched = [str(project / name) for name in ("standards", "guidance", "glossary", "themes")]
    serve(
        config_file=str(path),
        livereload=True,
        watch=[p for p in watched if Path(p).is_dir()],
        open_in_browser=open_browser,
        dev_addr=dev_addr,
    )
