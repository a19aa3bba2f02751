"""The preview's web server: MkDocs' live-reload server, told which files changed, watching
with inotify, reloading only the browsers whose page changed, and showing the diagnostics
instead of the site while the sources have errors."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer, _timestamp

from normkit.preview.builds import Preview

SETTLE_SECONDS = 0.05
"""How long the watcher waits for an editor's burst of writes to end before building."""


class PreviewServer(LiveReloadServer):
    def __init__(self, preview: Preview, host: str, port: int) -> None:
        super().__init__(builder=self.rebuild, host=host, port=port, root=str(preview.site_dir))
        self.preview = preview
        preview.serve_url = self.url
        preview.show, preview.show_next = self.show_pages, self.hold_pages
        # Inotify instead of MkDocs' polling every 0.5 s: an edit is seen when it is saved.
        self.observer = watchdog.observers.Observer()  # type: ignore[assignment]
        self.build_delay = SETTLE_SECONDS
        self.changed: set[Path] = set()
        self.changed_lock = threading.Lock()
        self.bound = False
        self.page_epochs: dict[str, int] = {}
        """Address of a page → the epoch in which it was last written on its own."""
        self.site_epoch = 0
        """The epoch of the last build after which every page may look different."""
        self.watched_names: set[str] = set()
        """The project's top-level files and folders watched (`Preview.watched`)."""
        self.project_watch: Any = None

    def bind(self) -> None:
        """Take the address now (MkDocs' `serve` would only after the first build)."""
        self.server_bind()
        self.server_activate()
        self.bound = True

    def server_bind(self) -> None:
        if not self.bound:
            super().server_bind()

    def server_activate(self) -> None:
        if not self.bound:
            super().server_activate()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Like MkDocs' `watch`, and the changed files are remembered for the next build."""
        path = str(Path(path).resolve())
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        server = self
        folder = Path(path).is_dir()
        only = None if folder else Path(path)  # a single file: watched through its folder

        class Handler(watchdog.events.FileSystemEventHandler):
            def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
                if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                    return
                names = [str(name) for name in (event.src_path, getattr(event, "dest_path", ""))]
                paths = {Path(name) for name in names if name}
                if only is not None and only not in paths:
                    return
                server.changed_source(paths)

        watched = path if folder else str(Path(path).parent)
        handler = Handler()
        self._watch_refs[path] = self.observer.schedule(handler, watched, recursive=folder)

    def watch_project(self) -> None:
        """Watch what the build reads (`Preview.watched`): each folder with everything in it,
        and, through the project folder itself, the files at its top (`mkdocs.yml`) and the
        folders made later (a first crosswalk, a new `assets/`)."""
        project = self.preview.project.resolve()
        with self.changed_lock:
            new = self.preview.watched() - self.watched_names
            self.watched_names |= new
        for name in sorted(new):
            if (project / name).is_dir():
                self.watch(str(project / name))
        if self.project_watch is None:
            handler = _ProjectHandler(self, project)
            self.project_watch = self.observer.schedule(handler, str(project), recursive=False)

    def changed_source(self, paths: Iterable[Path]) -> None:
        """Remember changed files for the next build, and ask for it."""
        with self.changed_lock:
            self.changed.update(paths)
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def show_pages(self, addresses: list[str]) -> None:
        """Reload the browsers showing these pages now, before the build is over: the rest of
        the site is still being compared."""
        with self._epoch_cond:
            for address in addresses:
                self.page_epochs[_page_address(self.mount_path + address)] = self._wanted_epoch
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def hold_pages(self) -> None:
        """More pages are about to be written: requests wait for them (as during a build),
        and the browsers reload once more when they are shown."""
        with self._epoch_cond:
            self._wanted_epoch = max(_timestamp(), self._visible_epoch + 1)

    def rebuild(self) -> None:
        with self.changed_lock:
            changed, self.changed = self.changed, set()
        self.preview.build(changed or None)
        self.watch_project()  # a newly linked image may lie in a folder not watched yet
        if self.preview.whole_site:
            with self._epoch_cond:
                self.site_epoch = self._wanted_epoch

    def _poll(self, epoch: int, address: str, start_response: Any) -> Iterable[bytes]:
        """MkDocs' live-reload request, which a browser holds open until it must reload; here
        only when its own page changed since `epoch`, or every page may have. (MkDocs answers
        every browser after every build: an edit would reload all of them, and a build in
        two steps would reload each twice.)"""
        start_response("200 OK", [("Content-Type", "text/plain")])

        def changed() -> bool:
            latest = max(self.site_epoch, self.page_epochs.get(address, 0))
            return epoch < latest <= self._visible_epoch

        with self._epoch_cond:
            self._epoch_cond.wait_for(changed, timeout=self.poll_response_timeout)
            answer = self._visible_epoch if changed() else epoch  # the same: ask again
        return [b"%d" % answer]

    def _serve_request(
        self, environ: dict[str, Any], start_response: Any
    ) -> Iterable[bytes] | None:
        path = str(environ.get("PATH_INFO", ""))
        poll = re.fullmatch(r"/livereload/([0-9]+)/[0-9]+", path)
        referer = str(environ.get("HTTP_REFERER", ""))
        if poll is not None and referer:
            return self._poll(int(poll[1]), _page_address(urlsplit(referer).path), start_response)
        is_page = path.endswith(("/", ".html")) and not path.startswith("/livereload/")
        if not (is_page and self.preview.problems):
            result: Iterable[bytes] | None = super()._serve_request(environ, start_response)
            return result
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch = self._visible_epoch
        if not self.preview.problems:  # fixed while this request waited for the build
            return self._serve_request(environ, start_response)
        page = self.preview.errors_page()
        content: bytes = self._inject_js_into_html(page, epoch)  # type: ignore[no-untyped-call]
        headers = [("Content-Type", "text/html; charset=utf-8")]
        start_response("200 OK", [*headers, ("Content-Length", str(len(content)))])
        return [content]


class _ProjectHandler(watchdog.events.FileSystemEventHandler):
    """The project folder's own entries: a watched file at the top changed, or a watched
    folder was made, moved in or removed (its files were not seen: everything is built)."""

    def __init__(self, server: PreviewServer, project: Path) -> None:
        self.server, self.project = server, project

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # an entry of a folder watched on its own
        names = [str(name) for name in (event.src_path, getattr(event, "dest_path", ""))]
        paths = {Path(name) for name in names if name}
        watched = self.server.watched_names
        mine = {p for p in paths if p.parent == self.project and p.name in watched}
        if not mine:
            return
        for path in mine:
            if path.is_dir() and event.event_type in ("created", "moved"):
                if str(path) in self.server._watched_paths:  # removed, then made again
                    self.server.unwatch(str(path))
                self.server.watch(str(path))
        self.server.changed_source(mine)


def _page_address(path: str) -> str:
    """A page's address as browsers and MkDocs write it: `/a/b/` for `/a/b/index.html`."""
    return unquote(path.removesuffix("index.html"))
