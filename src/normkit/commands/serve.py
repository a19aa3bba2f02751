"""`normkit serve`: a preview of the site that rebuilds what an edit changed and reloads."""

from __future__ import annotations

import errno
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from normkit.commands.failures import debug_option
from normkit.commands.options import project_option
from normkit.commands.stopping import ignoring_signals, stopped_by_signals
from normkit.environment import EnvironmentFailure, first_line

if TYPE_CHECKING:
    from normkit.preview.builds import Preview


def _address(dev_addr: str) -> tuple[str, int]:
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"{dev_addr!r} is not HOST:PORT", param_hint="--dev-addr")
    return host.strip("[]"), int(port)


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
    """Serve the site and reload the browser on any change of what the build reads (standards/,
    guidance/, glossary/, translations/, consultations/, crosswalks/, themes/, assets/,
    linked files, mkdocs.yml): only the pages an edit of a chapter, guidance or the glossary
    changed are rebuilt, and while the sources have errors every page shows them instead."""
    from normkit.preview.builds import Preview

    if not (project / "standards").is_dir() and not (project / "glossary").is_dir():
        raise click.UsageError(f"{project} is not a normkit project (no standards/ or glossary/)")
    _address(dev_addr)  # a wrong address fails before anything is made
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with stopped_by_signals():
        preview = Preview(project.resolve(), report=lambda line: click.echo(line, err=True))
        try:
            _serve(preview, project, dev_addr, open_browser)
        finally:
            ignoring_signals()
            preview.close()


def _serve(preview: Preview, project: Path, dev_addr: str, open_browser: bool) -> None:
    from mkdocs.exceptions import MkDocsException

    from normkit.mkdocs_yml import CONFIG_NAME
    from normkit.preview.server import PreviewServer

    host, port = _address(dev_addr)
    server = PreviewServer(preview, host, port)
    try:
        server.bind()  # before the first build: a busy port fails at once
        preview.build()
        server.watch_project()
        click.echo(f"serving {project} on {server.url}", err=True)
        server.serve(open_in_browser=open_browser)  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    except MkDocsException as error:
        raise EnvironmentFailure(
            f"MkDocs cannot serve: {first_line(error.format_message())}", f"fix {CONFIG_NAME}"
        ) from error
    except OSError as error:
        busy = error.errno == errno.EADDRINUSE
        raise EnvironmentFailure(
            f"cannot serve on {dev_addr}: {error.strerror or error}",
            "choose a free port with --dev-addr, for example 127.0.0.1:8001"
            if busy
            else "check --dev-addr and that the project's files are readable",
        ) from error
    finally:
        server.shutdown()
