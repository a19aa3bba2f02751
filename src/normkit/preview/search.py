"""The preview's search index: Pagefind over the served site, in the background."""

from __future__ import annotations

import threading
from pathlib import Path

from normkit.environment import EnvironmentFailure
from normkit.model.corpus import Corpus
from normkit.outputs.site.search import index_site

STOP_WAIT_SECONDS = 60.0
"""How long closing waits for a Pagefind run to end: it writes into the site folder, which is
removed once it has."""
SEARCH_QUIET_SECONDS = 1.0
"""How long the sources must stay unchanged before the search index is brought up to date."""


class SearchIndexer:
    """Pagefind, run in a background thread after a build, so that a reload never waits for
    the search index; requests made while it runs are merged into one more run."""

    def __init__(self, quiet_seconds: float = SEARCH_QUIET_SECONDS) -> None:
        self.quiet_seconds = quiet_seconds
        self.lock = threading.Condition()
        self.wanted: tuple[Path, Corpus] | None = None
        self.stopped = False
        self.thread: threading.Thread | None = None
        self.failure: str = ""

    def request(self, site_dir: Path, corpus: Corpus) -> None:
        with self.lock:
            self.wanted = (site_dir, corpus)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, daemon=True, name="pagefind")
                self.thread.start()
            self.lock.notify_all()

    def _run(self) -> None:
        while True:
            with self.lock:
                self.lock.wait_for(lambda: self.wanted is not None or self.stopped)
                # Not while the browser reloads the edited page, which would then share
                # the CPU with Pagefind: once edits have paused.
                while not self.stopped and self.lock.wait(timeout=self.quiet_seconds):
                    pass
                if self.stopped:
                    return
                wanted, self.wanted = self.wanted, None
            assert wanted is not None
            try:
                index_site(*wanted)
            except EnvironmentFailure as failure:  # the preview goes on without search
                self.failure = failure.message

    def close(self) -> None:
        """Stop, once the run under way (if any) has written its index."""
        with self.lock:
            self.stopped = True
            self.lock.notify_all()
            thread = self.thread
        if thread is not None:
            thread.join(timeout=STOP_WAIT_SECONDS)
