"""`normkit serve`: MkDocs' development server with the normkit plugin, live reload on edits."""

from __future__ import annotations

import errno
from pathlib import Path

import click

from normkit.commands.failures import debug_option
from normkit.commands.options import project_option
from normkit.environment import EnvironmentFailure, first_line
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
    from mkdocs.exceptions import MkDocsException, PluginError

    from normkit.outputs.site.config import config_file

    if not (project / "standards").is_dir() and not (project / "glossary").is_dir():
        raise click.UsageError(f"{project} is not a normkit project (no standards/ or glossary/)")
    path = config_file(project, project / "build" / ".cache", site_name(project))
    watched = [str(project / name) for name in ("standards", "guidance", "glossary", "themes")]
    try:
        serve(
            config_file=str(path),
            livereload=True,
            watch=[p for p in watched if Path(p).is_dir()],
            open_in_browser=open_browser,
            dev_addr=dev_addr,
        )
    except PluginError:
        raise  # the sources have errors: MkDocs prints them and exits 1, like `check`
    except MkDocsException as error:
        raise EnvironmentFailure(
            f"MkDocs cannot serve: {first_line(error.format_message())}", f"fix {path.name}"
        ) from error
    except OSError as error:
        busy = error.errno == errno.EADDRINUSE
        raise EnvironmentFailure(
            f"cannot serve on {dev_addr}: {error.strerror or error}",
            "choose a free port with --dev-addr, for example 127.0.0.1:8001"
            if busy
            else "check --dev-addr and that the project's files are readable",
        ) from error
