"""`normkit serve`: a preview of the site that rebuilds what an edit changed and reloads."""

from __future__ import annotations

import errno
import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from normkit.commands.failures import debug_option
from normkit.commands.options import project_option
from normkit.environment import EnvironmentFailure, first_line

if TYPE_CHECKING:
    from normkit.preview.builds import Preview


STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
"""How a preview is stopped: by a service manager or `kill` (SIGTERM), its terminal closing
(SIGHUP), Ctrl-C (SIGINT)."""


class Stopped(BaseException):
    """A stopping signal arrived: raised in the main thread (the one that builds), so that
    the `finally` blocks that remove the preview's site folder run, whatever it was doing.
    A BaseException, like KeyboardInterrupt: no `except Exception` of a build swallows it."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _stop(number: int, frame: FrameType | None) -> None:
    raise Stopped(number)


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Turn SIGTERM, SIGHUP and SIGINT into `Stopped` while the preview runs, then end the
    process as that signal would have (its exit status tells the parent how it ended)."""
    previous = {number: signal.getsignal(number) for number in STOPPING_SIGNALS}
    for number, handler in previous.items():
        if handler is not signal.SIG_IGN:  # ignored on purpose: `nohup`, a background job
            signal.signal(number, _stop)
    try:
        yield
    except Stopped as stop:
        for number in STOPPING_SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        if stop.number == signal.SIGINT:
            return  # Ctrl-C: a normal end, as with MkDocs
        os.kill(os.getpid(), stop.number)
    finally:
        for number, handler in previous.items():
            if handler is not None:
                signal.signal(number, handler)


def _ignoring_signals() -> None:
    """While the preview's folder is removed: a second Ctrl-C or kill would leave it half."""
    for number in STOPPING_SIGNALS:
        signal.signal(number, signal.SIG_IGN)


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
    with _stopped_by_signals():
        preview = Preview(project.resolve(), report=lambda line: click.echo(line, err=True))
        try:
            _serve(preview, project, dev_addr, open_browser)
        finally:
            _ignoring_signals()
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
