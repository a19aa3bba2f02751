"""Fixtures for the site tests: the demo site served on localhost, and headless Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def demo_site(demo_out: Path) -> Path:
    site = demo_out / "site"
    assert (site / "index.html").is_file(), "normkit build wrote no site"
    return site


@pytest.fixture(scope="session")
def site_url(demo_site: Path) -> Iterator[str]:
    """The built demo site, served by a thread on a free localhost port."""
    handler = functools.partial(QuietHandler, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; any console error or page error fails the test that used it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on(
        "console",
        lambda message: (
            errors.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    opened.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    yield opened
    context.close()
    assert not errors, "\n".join(errors)
