"""Indexing the site with Pagefind (offline, the binary of the `pagefind` package, through its
service): the rendered pages, and a record of its own for every criterion and glossary entry
(`search_records.py` says why)."""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path

from normkit.environment import REINSTALL, EnvironmentFailure
from normkit.model.corpus import Corpus
from normkit.outputs.site.pagefind_service import (
    PagefindService,
    Payload,
    ServiceError,
    pagefind_binary,
)
from normkit.outputs.site.search_records import SearchRecord, search_records
from normkit.outputs.site.search_reuse import SearchCache, feed, input_digest

OUTPUT_SUBDIR = "pagefind"
INCLUDE_CHARACTERS = ".-"
"""Kept inside words so that `5.3` and `ghg-targets` are found as written."""
EXCLUDED = (
    ".headerlink",
    ".nk-criterion-heading",
    ".nk-criterion",
    ".nk-term-heading",
    ".nk-term-entry",
)
"""Left out of the pages' index: permalink signs, and the criteria and glossary entries,
which are indexed as records of their own."""
NOT_INDEXED = ("404.html",)
"""Pages of the site that are not searched (the 404 page is shown for any missing address)."""


WORDS_PER_INDEX = 400_000
"""Most words of search records one Pagefind index holds; the records after them go into
another index, which the search box merges with the first (Pagefind's `mergeIndex`).

Pagefind's service keeps every word it is sent with its position, and while it writes an
index it holds them several times over: about 0.55 kB per word, so a single index of a
10,000-criterion project (820,000 words) peaked at 590 MB. Each index is made by a service of
its own and the indexes are written one after the other, so a build's peak is one index's
(about 300 MB at this size) however many criteria there are. Each further index costs a
search its own small files (its entry, metadata and a copy of Pagefind's WebAssembly, about
75 kB compressed) on first use."""
PARTS = "parts"
"""The folder, inside the index, of the further indexes (`parts/1/`, ...)."""
PARTS_LIST = "normkit-indexes.json"
"""In the index folder, for the search box: the further indexes' folders (relative to it) by
language (Pagefind's language code); under `""` when the site is indexed in one language,
for every page. Written by every build (`{}` when there is one index). An index holds the
records of one language: merged on a page of another, Pagefind finds no index for the
page's language in it and fails."""


class _Index:
    """One Pagefind index being made: its service, and the responses not yet awaited."""

    def __init__(self, config: dict[str, object]) -> None:
        self.service = PagefindService()
        self.pending: list[Future[Payload]] = []
        self.words = 0
        self.language: str | None = None
        """Of its records: every record of an index beyond the first has the same."""
        try:
            created = _wait(self.service.send({"type": "NewIndex", "config": config}))
        except BaseException:
            self.service.close()
            raise
        self.index_id = created["index_id"]

    def add(self, page_html: str, url: str) -> None:
        request = {
            "type": "AddFile",
            "index_id": self.index_id,
            "url": url,
            "file_contents": page_html,
            "file_path": None,
        }
        self.pending.append(self.service.send(request))

    def write(self, folder: Path) -> None:
        """Wait for every page, stop the service and write the index's files into `folder`.

        The files come in the service's answer (`GetFiles`) and are written here, not by
        `WriteFiles`: its answer can come before its last file is complete, and a service
        stopped on that answer left a `pagefind-entry.json` of 0 bytes (seen at 10,000
        criteria); the files are the same."""
        try:
            for future in self.pending:
                _wait(future)
            self.pending = []
            answer = _wait(self.service.send({"type": "GetFiles", "index_id": self.index_id}))
        finally:
            self.service.close()  # its memory is freed before the files are written
        made: set[Path] = set()
        for file in answer["files"]:
            relative = Path(file["path"])
            if relative.is_absolute() or ".." in relative.parts:
                raise EnvironmentFailure(f"Pagefind named a file {relative}", REINSTALL)
            path = folder / relative
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(base64.b64decode(file["content"]))


def _wait(future: Future[Payload]) -> Payload:
    try:
        return future.result()
    except ServiceError as error:  # the service's own failure: a missing or broken binary
        raise EnvironmentFailure(
            f"Pagefind failed while indexing the site: {error}", REINSTALL
        ) from error


class PageIndex:
    """Pagefind's services, fed each page as MkDocs writes it and the search records.

    Pagefind's indexing runs in its own processes while MkDocs renders the next pages, on the
    other core, and the build does not wait for a second pass over the site at the end. The
    index is written when the build is done (`write`). The pages, and the records up to
    `WORDS_PER_INDEX` words, make the index under `pagefind/`; further records make further
    indexes under `pagefind/parts/`.
    """

    def __init__(self, multilingual: bool = False, cache: SearchCache | None = None) -> None:
        """`multilingual`: an index per language (each page's `lang`); a site in one language
        is indexed as English. `cache`: where the previous build's index may be reused from
        (`search_reuse.py`); while it may be, what is added is kept, not yet indexed."""
        self.config: dict[str, object] = {
            "include_characters": INCLUDE_CHARACTERS,
            "exclude_selectors": list(EXCLUDED),
            "force_language": None if multilingual else "en",
        }
        self.multilingual = multilingual
        self.indexes: list[_Index] = []
        self.cache = cache
        self.digest = (
            input_digest(pagefind_binary(), {**self.config, "words_per_index": WORDS_PER_INDEX})
            if cache
            else None
        )
        self.records_key: str | None = None
        self.parts_folder: Path | None = None
        self.parts_writer: threading.Thread | None = None
        self.parts_error: BaseException | None = None
        self.deferred: list[tuple[str | Path, str, SearchRecord | None]] | None = None
        """(html, url, the record or None for a page) of what was added while the previous index
        may still be reused: a page written to disk by its path (read again only if the
        index must be made; at 10,000 criteria the pages' HTML is 60 MB)."""
        if cache is not None and cache.may_reuse_any():
            self.deferred = []
        else:
            self._start()

    @property
    def started(self) -> bool:
        """Whether Pagefind is indexing (not while the previous index may be reused)."""
        return bool(self.indexes)

    def _start(self) -> None:
        """Start Pagefind's service and send it what was kept meanwhile."""
        self.indexes = [_Index(self.config)]
        deferred, self.deferred = self.deferred or [], None
        for page, url, record in deferred:
            text = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
            self._send(text, url, record)

    def add(
        self, page_html: str, url: str, written: Path | None = None, indexed: str | None = None
    ) -> None:
        """One page of the site (its address from the site root), indexed in the background;
        `written`: the file the page's HTML is written to (by the end of the build), with
        the same text; `indexed`: the page as Pagefind is sent it, when it is the page
        without content that `EXCLUDED` leaves out anyway."""
        if self.digest is not None:
            if self.records_key is None:
                self.records_key = self.digest.copy().hexdigest()
            feed(self.digest, url, page_html)
        if self.deferred is not None:
            self.deferred.append((written or page_html, url, None))
        else:
            self._send(page_html if indexed is None else indexed, url, None)

    def _send(self, page_html: str, url: str, record: SearchRecord | None) -> None:
        """A page into the first index; a record into the last one, or into a new one when
        the last would hold more than `WORDS_PER_INDEX` words with it, or records of
        another language (but for the first, which holds every language's pages)."""
        if record is None:
            self.indexes[0].add(page_html, url)
            return
        if self.parts_writer is not None:
            raise RuntimeError("search records are sent before the indexes are written")
        language = record.language.lower() if self.multilingual else ""
        last = self.indexes[-1]
        if last.words and (
            last.words + record.words > WORDS_PER_INDEX
            or (len(self.indexes) > 1 and last.language != language)
        ):
            try:
                last = _Index(self.config)
            except BaseException:
                self.close()
                raise
            self.indexes.append(last)
        if last.language is None:
            last.language = language
        last.words += record.words
        last.add(page_html, url)

    def add_records(self, records: Iterable[SearchRecord]) -> None:
        """The search records, before any page: with a cache, the index of the previous
        build is reused only if it was made from the same records (and then pages)."""
        for record in records:
            if self.digest is not None:
                feed(self.digest, record.url, record.html)
            if self.deferred is not None:
                self.deferred.append((record.html, record.url, record))
            else:
                self._send(record.html, record.url, record)
        if self.digest is not None:
            self.records_key = self.digest.copy().hexdigest()
            if self.deferred is not None and not self._reusable(self.records_key):
                self._start()
        if self.deferred is None:
            self._write_parts()

    def _write_parts(self) -> None:
        """Start writing the indexes beyond the first on a thread, one after the other
        (`WORDS_PER_INDEX`): they hold records only, all sent by now, so they are written
        while MkDocs renders the pages (into `parts_folder`, moved into the site by
        `write`)."""
        if len(self.indexes) < 2 or self.parts_writer is not None:
            return
        self.parts_folder = Path(tempfile.mkdtemp(prefix="normkit-pagefind-parts-"))
        folder = self.parts_folder

        def write_each() -> None:
            try:
                for number, index in enumerate(self.indexes[1:], start=1):
                    index.write(folder / str(number))
            except BaseException as error:  # raised again by `write`
                self.parts_error = error

        self.parts_writer = threading.Thread(target=write_each, name="pagefind-parts")
        self.parts_writer.start()

    def _reusable(self, records: str) -> bool:
        return self.cache is not None and self.cache.may_reuse(records)

    def add_site(self, site_dir: Path) -> None:
        """Every page of a written site, read from disk (`normkit serve`, benchmarks)."""
        for path in sorted(site_dir.rglob("*.html")):
            relative = path.relative_to(site_dir).as_posix()
            if relative.startswith(f"{OUTPUT_SUBDIR}/") or relative in NOT_INDEXED:
                continue
            url = "/" + (relative[: -len("index.html")] if path.name == "index.html" else relative)
            self.add(path.read_text(encoding="utf-8", errors="replace"), url)

    def write(self, site_dir: Path) -> None:
        """Wait for every page, then write the indexes into `site_dir/pagefind/`.

        Pagefind writes into a folder of its own, then every file is moved into place whole,
        the entry file last: `normkit serve` indexes a site it is serving, and a browser that
        read a half-written `pagefind-entry.json` failed with "Failed to load Pagefind
        metadata: Unexpected end of JSON input". The staging folder is under the system's
        temporary folder, whose name the service can read as UTF-8 whatever `site_dir` is.
        The indexes are written one after the other, each service stopped once its index is
        written (`WORDS_PER_INDEX` says why); those beyond the first, records only, while
        the pages are rendered (`_write_parts`).
        """
        try:
            target = site_dir / OUTPUT_SUBDIR
            if self.deferred is not None:  # the inputs so far were the previous index's
                assert self.cache is not None and self.digest is not None
                if not target.exists() and self.cache.reuse(self.digest.hexdigest(), target):
                    return
                self._start()
            with tempfile.TemporaryDirectory(
                prefix="normkit-pagefind-", ignore_cleanup_errors=True
            ) as folder:
                # A folder made with the modes of the site's (not 0700, as the
                # temporary one): `publish` may move it whole into the site.
                staging = Path(folder) / OUTPUT_SUBDIR
                self._write_parts()  # if not yet started (the inputs were deferred)
                if self.parts_writer is not None:
                    self.parts_writer.join()  # one index written at a time
                    if self.parts_error is not None:
                        raise self.parts_error
                self.indexes[0].write(staging)
                parts: dict[str, list[str]] = {}
                for number, index in enumerate(self.indexes[1:], start=1):
                    assert index.language is not None and self.parts_folder is not None
                    parts.setdefault(index.language, []).append(f"{PARTS}/{number}/")
                    (staging / PARTS).mkdir(exist_ok=True)
                    os.rename(self.parts_folder / str(number), staging / PARTS / str(number))
                (staging / PARTS_LIST).write_text(json.dumps(parts), encoding="utf-8")
                publish(staging, target)
            if self.cache is not None and self.digest is not None:
                records = self.records_key or self.digest.copy().hexdigest()
                self.cache.remember(records, self.digest.hexdigest(), target)
        finally:
            self.close()

    def close(self) -> None:
        for index in self.indexes:
            index.service.close()
        if self.parts_writer is not None:
            self.parts_writer.join()
        if self.parts_folder is not None:
            shutil.rmtree(self.parts_folder, ignore_errors=True)
            self.parts_folder = None


ENTRY_FILES = ("pagefind-entry.json", "pagefind.js")
"""Pagefind's files that name the others: replaced last, so a browser never reads an entry
naming files not yet in place."""


def publish(staging: Path, target: Path) -> None:
    """Move a written index into `target`: the whole folder in one rename when there is no
    index yet; else each file replaced whole, the entry files last; then remove what the new
    index no longer names.

    A move is a rename where `staging` is on the same filesystem: Pagefind writes a file per
    page and search record (10,000 at 10,000 criteria), and creating a file costs far more
    than renaming one."""
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # on another filesystem: file by file, below
            os.rename(staging, target)
            return
    files = sorted(
        (path.relative_to(staging) for path in staging.rglob("*") if path.is_file()),
        key=lambda path: (path.as_posix() in ENTRY_FILES, path.as_posix()),
    )
    for relative in files:
        final = target / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        _replace_whole(staging / relative, final)
    kept = {target / relative for relative in files}
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_file() and path not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _replace_whole(source: Path, final: Path) -> None:
    """`final` replaced by `source` in one step: renamed, or, from another filesystem, copied
    beside `final` and then renamed over it."""
    try:
        os.replace(source, final)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        part = final.with_name(f".{final.name}.part")
        shutil.copyfile(source, part)
        os.replace(part, final)


def index_site(site_dir: Path, corpus: Corpus | None = None, multilingual: bool = False) -> None:
    """Index a site already written to `site_dir` (and `corpus`'s search records, with its
    translations' when the site has them) into `site_dir/pagefind/`."""
    index = PageIndex(multilingual)
    try:
        index.add_site(site_dir)
        if corpus is not None:
            index.add_records(search_records(corpus, translations=multilingual))
    except BaseException:
        index.close()
        raise
    index.write(site_dir)
