"""Edit-to-reload: from saving a file to the browser showing the edited page.

A preview server runs on a free localhost port; headless Chromium shows the page of one
criterion; the benchmark writes a new word into that criterion and times until the word is in
the page the browser shows (after the server rebuilt and live reload fetched the page again).
Run side by side: `normkit serve` on the sources and plain `mkdocs serve` on the exported
project, with the same edit to the same criterion.
"""

from __future__ import annotations

import re
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from measure import QUIET

START_SECONDS = 900
RELOAD_SECONDS = 120
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def server(command: list[str], cwd: Path, url: str) -> Iterator[None]:
    """A preview server, until it serves `url`; stopped (by its pid, as Ctrl-C) afterwards."""
    child = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=QUIET
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _ready(url):
            if child.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{' '.join(command)} did not serve {url}")
            time.sleep(0.5)
        yield
    finally:
        # Ctrl-C, as a user stops a preview: `mkdocs serve` ends by SIGTERM without removing
        # its temporary site folder (a `mkdocs_*` left in /tmp at every benchmark run).
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _shows(tab: Any, word: str) -> bool:
    try:
        return bool(word in tab.content())
    except Exception:  # the page is being replaced by the reload
        return False


def edit_times(
    browser: Any, url: str, edits: int, edit: Callable[[str], None], settle: float = 1.0
) -> list[float]:
    """Seconds from each edit (a new word written by `edit`) to the page showing it."""
    tab = browser.new_page()
    tab.goto(url)
    times: list[float] = []
    for number in range(edits):
        time.sleep(settle)  # let the server's watcher settle after the previous build
        word = f"reloadmark{number}x{int(time.time() * 1000) % 100000}"
        start = time.perf_counter()
        edit(word)
        deadline = start + RELOAD_SECONDS
        while not _shows(tab, word):
            if time.perf_counter() > deadline:
                raise SystemExit(f"{url} never showed {word}")
            time.sleep(0.02)
        times.append(time.perf_counter() - start)
    tab.close()
    return times


def insert_in_source(chapter: Path, criterion_id: str) -> Callable[[str], None]:
    """An edit that puts a word at the start of a criterion's text in its chapter."""
    block = re.compile(rf"```criterion\n(?:.*\n)*?id: {re.escape(criterion_id)}\n(?:.*\n)*?```\n\n")

    def edit(word: str) -> None:
        text = chapter.read_text(encoding="utf-8")
        found = block.search(text)
        assert found, f"no criterion {criterion_id} in {chapter}"
        text = text[: found.end()] + re.sub(r"^reloadmark\S+ ", "", text[found.end() :])
        chapter.write_text(f"{text[: found.end()]}{word} {text[found.end() :]}", encoding="utf-8")

    return edit


def insert_in_export(page: Path, criterion_id: str) -> Callable[[str], None]:
    """The same edit in the exported page: the word at the start of the criterion's text."""
    start = re.compile(rf'data-criterion="{re.escape(criterion_id)}"[^>]*>\s*(?:.*?)<p>', re.S)

    def edit(word: str) -> None:
        text = page.read_text(encoding="utf-8")
        found = start.search(text)
        assert found, f"no criterion {criterion_id} in {page}"
        rest = re.sub(r"^reloadmark\S+ ", "", text[found.end() :])
        page.write_text(f"{text[: found.end()]}{word} {rest}", encoding="utf-8")

    return edit


def summary(times: list[float]) -> tuple[float, str]:
    return statistics.median(times), f"{min(times):.2f}–{max(times):.2f}"


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
