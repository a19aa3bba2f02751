"""`normkit serve` stopped by a signal removes the folder its preview was built in, whether the
server was serving or still building."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.site.test_serve import PAGE, WAIT_SECONDS, _wait_for, start_serve
from tests.spine.miniprojects import materialise

STOPPING = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]


def _default_signals() -> None:
    """The child gets the default actions even when the tests run as a background job, where
    the shell made it ignore SIGINT (an ignored signal is left ignored by serve)."""
    for number in STOPPING:
        signal.signal(number, signal.SIG_DFL)


def _start(
    root: Path, temporary: Path, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    environment = {**os.environ, "TMPDIR": str(temporary)}
    server, base = start_serve(root, port, env=environment, preexec_fn=_default_signals)
    return server, base + PAGE


def _site_folders(temporary: Path) -> list[Path]:
    return sorted(temporary.glob("normkit-serve-*"))


def _stop(server: subprocess.Popen[bytes], number: int) -> int:
    try:
        server.send_signal(number)
        return server.wait(timeout=WAIT_SECONDS)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def _expected_status(number: int) -> int:
    return 0 if number == signal.SIGINT else -number  # Ctrl-C ends serve normally


@pytest.mark.parametrize("number", STOPPING, ids=lambda number: signal.Signals(number).name)
def test_a_stopped_server_removes_its_site_folder(tmp_path: Path, number: int) -> None:
    root = materialise(None, tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server, url = _start(root, temporary)
    try:
        assert "Legal compliance" in _wait_for(url, "Legal compliance")
        (folder,) = _site_folders(temporary)
        assert (folder / PAGE / "index.html").is_file()
    finally:
        status = _stop(server, number)
    assert _site_folders(temporary) == []
    assert status == _expected_status(number)


def test_a_server_stopped_during_its_first_build_removes_its_site_folder(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server, _ = _start(root, temporary, port=0)  # the page is not fetched
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not _site_folders(temporary):  # made before the first build starts
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        status = _stop(server, signal.SIGTERM)
    assert _site_folders(temporary) == []
    assert status == -signal.SIGTERM
