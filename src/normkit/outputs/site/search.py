"""Indexing a built site with Pagefind (offline, the binary from the `pagefind` package)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import sys
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from normkit.environment import EnvironmentFailure, run_tool

Result = TypeVar("Result")

OUTPUT_SUBDIR = "pagefind"
INCLUDE_CHARACTERS = ".-"
"""Kept inside words so that `5.3` and `ghg-targets` are found as written."""
EXCLUDED = ".headerlink, .nk-permalink, .nk-shortlink, .nk-successor, .nk-mark"
"""Link texts on every criterion that would only add noise to excerpts."""


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index into `site_dir/pagefind/`."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT_SUBDIR,
        "--include-characters",
        INCLUDE_CHARACTERS,
        "--exclude-selectors",
        EXCLUDED,
        "--force-language",
        "en",
        "--quiet",
    ]
    run_tool(command, what=f"the search index of {site_dir.name}/")


class PageIndex:
    """Pagefind fed each page as MkDocs writes it, instead of reading the site afterwards.

    Pagefind's indexing then runs in its own process while MkDocs renders the next pages,
    on the other core, and the build no longer waits for a whole second pass over the site
    at the end. The index is written when the build is done (`write`); the service is the
    same binary as the command line, with the same options.
    """

    def __init__(self) -> None:
        from pagefind.index import IndexConfig, PagefindIndex

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="pagefind")
        self.thread.start()
        config = IndexConfig(
            include_characters=INCLUDE_CHARACTERS,
            exclude_selectors=[selector.strip() for selector in EXCLUDED.split(",")],
            force_language="en",
        )
        self.index = PagefindIndex(config=config)
        self.pending: list[concurrent.futures.Future[Any]] = []
        self._run(self.index.__aenter__())

    def _run(self, work: Coroutine[Any, Any, Result]) -> Result:
        return self._wait(asyncio.run_coroutine_threadsafe(work, self.loop))

    def _wait(self, future: concurrent.futures.Future[Result]) -> Result:
        try:
            return future.result()
        except Exception as error:  # the service's own failure: a missing or broken binary
            raise EnvironmentFailure(
                f"Pagefind failed while indexing the site: {error}",
                "reinstall normkit's dependencies (bash scripts/setup.sh)",
            ) from error

    def add(self, page_html: str, url: str) -> None:
        """One page of the site (its address from the site root), indexed in the background."""
        work = self.index.add_html_file(content=page_html, url=url)
        self.pending.append(asyncio.run_coroutine_threadsafe(work, self.loop))

    def write(self, site_dir: Path) -> None:
        """Wait for every page, then write the index into `site_dir/pagefind/`."""
        for future in self.pending:
            self._wait(future)
        self.pending = []
        try:
            # The service reads JSON: a path Python decoded with the C locale (surrogates for
            # `ü`) is sent as the UTF-8 text its bytes are.
            output = os.fsencode(site_dir / OUTPUT_SUBDIR).decode("utf-8")
        except UnicodeDecodeError:  # a folder name that is not UTF-8: the command line can
            self.close()
            index_site(site_dir)
            return
        self._run(self.index.write_files(output_path=output))
        self.close()

    def close(self) -> None:
        if self.loop.is_running():
            service = self.index._service
            if service is not None:
                asyncio.run_coroutine_threadsafe(service.close(), self.loop).result(timeout=30)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=30)
