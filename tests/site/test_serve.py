"""`normkit serve` on a mini-project: serves on 127.0.0.1, rebuilds when a standard changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.spine.miniprojects import materialise

WAIT_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        body = _fetch(url)
        if text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never contained {text!r}")


def test_serve_rebuilds_on_source_change(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "project")
    port = _free_port()
    command = [sys.executable, "-c", "from normkit.cli import main; main()", "serve"]
    command.extend(["--project", str(root), "--dev-addr", f"127.0.0.1:{port}"])
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/demo/v2/1-integrity/"
        first = _wait_for(url, "Legal compliance")
        assert "livereload" in first
        chapter = root / "standards/demo/v2/01-governance.md"
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text.replace("Legal compliance", "Legal and ethical compliance"))
        _wait_for(url, "Legal and ethical compliance")
    finally:
        server.terminate()
        server.wait(timeout=20)
