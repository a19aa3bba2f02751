"""Consultation drafts laid out on threads while the rest of the project is read.

Checking the lines a comment cites needs the draft laid out as its PDF (`lines.py`): pandoc
(another process) then typst, which releases the GIL while it lays out. Neither needs what is
read after the standards and the glossary (the comment forms, the crosswalks, the
translation catalogs), so each draft whose register holds received forms is laid out as
soon as the standards and the glossary are built, on a thread beside the rest of the read
and the checks, and joined where its line numbers are first asked for.

A process forked while such a thread runs would inherit its locks half-held: no worker and
no saving child is forked from the moment the first thread starts until every one has ended
(`finish`): what would fork then (`after`) waits for it. Parsing ahead forks its workers
before the read starts, so it is not delayed. With one job, or when nothing is to be laid
out, no thread is started and the drafts are laid out when their lines are asked for, as
before.

What a thread lays out is keyed by the digest of the document it was given. The line map is
asked for with the model as finally read, and used only if that document has the same
digest; otherwise (nothing known today makes it differ) the draft is laid out again then.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normkit.model.corpus import Corpus
from normkit.model.standard import Version

if TYPE_CHECKING:  # imported by `start`, the first time a draft is to be laid out
    from concurrent.futures import Future, ThreadPoolExecutor

    from normkit.outputs.pdf.source import PrintJob
    from normkit.outputs.render_cache import RenderCache


class LayoutsAhead:
    """The drafts being laid out on threads (at most `jobs - 1` at a time: the read keeps a
    core), by the digest of their document."""

    def __init__(
        self, root: Path, cache: Path | None, jobs: int, printed: RenderCache | None = None
    ) -> None:
        self.root = root
        self.cache = cache
        self.jobs = jobs
        self.printed = printed
        """The PDF output's cache, when the build writes PDFs: a draft's PDF is compiled
        from its layout there (`lines.layout_positions`)."""
        self._pool: ThreadPoolExecutor | None = None
        self._started: dict[str, Future[dict[str, Any]]] = {}
        self._waiting: list[Callable[[], None]] = []
        self._jobs: list[tuple[Corpus, Version, PrintJob, str]] = []
        """Each draft's document and digest as `start` made them, with what they were made
        from (`draft_job`)."""

    @property
    def running(self) -> bool:
        """Whether a thread was started and `finish` has not been called since."""
        return self._pool is not None

    def start(self, corpus: Corpus, drafts: list[Version]) -> None:
        """Lay `drafts` out on threads, each unless its line map is at hand already.
        `corpus`: the standards and the glossary as built (their documents need no more)."""
        if self.jobs < 2 or not drafts:
            return
        from normkit.outputs.pdf.lines import draft_job, is_known, layout_positions, printed_with

        for version in drafts:
            job, digest = draft_job(corpus, version, self.root)
            self._jobs.append((corpus, version, job, digest))
            if digest in self._started or is_known(digest, self.cache, self.root, version):
                continue
            if self._pool is None:
                # Only now: a repeated run finds every draft's line map in the cache, and
                # concurrent.futures with its threading costs ~60 M instructions to import.
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.jobs - 1, thread_name_prefix="layout")
            printed = printed_with(version, self.printed)
            self._started[digest] = self._pool.submit(layout_positions, job, printed)

    def draft_job(self, corpus: Corpus, version: Version) -> tuple[PrintJob, str]:
        """`lines.draft_job` of the model as finally read: the one `start` made, when that
        model has the very standards, guidance and glossary it was made from (a document
        reads nothing else of the model), else made now."""
        for made, draft, job, digest in self._jobs:
            if draft is version and _same_documents(made, corpus):
                return job, digest
        from normkit.outputs.pdf.lines import draft_job

        return draft_job(corpus, version, self.root)

    def positions(self, digest: str) -> dict[str, Any] | None:
        """Typst's positions in the document with `digest`, once laid out (its failure raised
        here), or None if it was not started here."""
        started = self._started.pop(digest, None)
        return started.result() if started is not None else None

    def after(self, then: Callable[[], None]) -> None:
        """`then()` now, or, while a thread runs, once every thread has ended (`finish`)."""
        if self.running:
            self._waiting.append(then)
        else:
            then()

    def finish(self) -> None:
        """Wait for every thread (a layout never asked for is dropped, and so is its
        failure), then run what waited for them."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._started.clear()
        self._jobs.clear()
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()


def _same_documents(made: Corpus, corpus: Corpus) -> bool:
    """Whether `corpus` holds the very standards, guidance and glossary of `made`."""
    return (
        made.standards is corpus.standards
        and made.terms is corpus.terms
        and len(made.guidance) == len(corpus.guidance)
        and all(a is b for a, b in zip(made.guidance, corpus.guidance, strict=True))
    )
