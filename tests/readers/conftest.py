"""A project nobody wrote for the demo: the Harbour Safety Code, whose 2023 edition renames,
splits, merges and removes criteria of 2019 and whose 2026 consultation draft withdraws one.
Built once per session with every output, and served on a free localhost port."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.registry import available
from normkit.pipeline import build_project
from tests.site.conftest import QuietHandler, page

__all__ = ["page"]

PROJECT = Path(__file__).parent / "project"


@pytest.fixture(scope="session")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path]:
    """The corpus and the build folder of the harbour project (every output)."""
    root = tmp_path_factory.mktemp("harbour") / "project"
    shutil.copytree(PROJECT, root)
    out = root.parent / "out"
    result = build_project(root, out, available())
    assert result.check.ok, [d.format() for d in result.check.errors]
    return result.check.corpus, out


@pytest.fixture(scope="session")
def harbour_corpus(harbour: tuple[Corpus, Path]) -> Corpus:
    return harbour[0]


class NotFoundPageHandler(QuietHandler):
    """Answers a missing address with the site's 404 page, as nginx's `error_page` does."""

    not_found_page: Path | None = None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.not_found_page
        if code != 404 or page is None or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(
    folder: Path, not_found: Path | None = None
) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler_class = type("Handler", (NotFoundPageHandler,), {"not_found_page": not_found})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def harbour_url(harbour: tuple[Corpus, Path]) -> Iterator[str]:
    """The harbour site served at the root of a localhost address."""
    server, url = serve(harbour[1] / "site")
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def harbour_subpath_url(
    harbour: tuple[Corpus, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The same site served under `/standards/`, as a web server would mount it."""
    mount = tmp_path_factory.mktemp("mount")
    site = (harbour[1] / "site").resolve()
    (mount / "standards").symlink_to(site)
    server, url = serve(mount, site / "404.html")
    yield url + "standards/"
    server.shutdown()
    server.server_close()
