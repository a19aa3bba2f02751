"""Pagefind's indexing service (`pagefind --service`, the binary of the `pagefind` package),
spoken to directly.

The `pagefind` package's own client waits a tenth of a second before it reads each response
(`asyncio.sleep(0.1)` in its polling loop, pagefind 1.5.2), so a site of N pages and search
records took at least N / 10 seconds to index however fast the service was: 110 s of a
1,000-criterion build that used 5 s of CPU. This client reads the responses as they come.

The protocol is the package's: each request is `{"message_id", "payload"}` as JSON, base64,
followed by a comma; each response the same, carrying the request's `message_id`.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import json
import os
import shutil
import subprocess
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from normkit.environment import REINSTALL, EnvironmentFailure

Payload = dict[str, Any]
SEPARATOR = b","
"""Ends every message, both ways (base64 has no commas)."""
READ_SIZE = 1 << 16


def pagefind_binary() -> Path | None:
    """The binary `pagefind.service.get_executable` finds, found the same way (the variable
    `PAGEFIND_BINARY_PATH`, the `pagefind_bin_extended` or `pagefind_bin` package, the
    `PATH`) without importing that module: it imports asyncio, which every site build paid
    for (40-100 ms) and this client does not use."""
    named = os.getenv("PAGEFIND_BINARY_PATH")
    if named is not None:
        return Path(named)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return Path(module.get_executable())
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


class ServiceError(Exception):
    """The service answered a request with an error, or stopped before answering it."""


class PagefindService:
    """One `pagefind --service` process; `send` returns a future of the response's payload.

    Requests are written as they are made; a thread reads the responses, so the service never
    blocks on a full pipe while requests are still being written."""

    def __init__(self) -> None:
        binary = pagefind_binary()
        if binary is None:
            raise EnvironmentFailure("Pagefind's binary is not installed", REINSTALL)
        self.process = subprocess.Popen(
            [str(binary), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.lock = threading.Lock()
        self.last_id = 0
        self.waiting: dict[int, Future[Payload]] = {}
        self.stderr: list[bytes] = []
        self.reader = self._thread(self._read, "pagefind-responses")
        self.errors = self._thread(self._drain, "pagefind-stderr")

    def _thread(self, target: Any, name: str) -> threading.Thread:
        thread = threading.Thread(target=target, daemon=True, name=name)
        thread.start()
        return thread

    def send(self, payload: Payload) -> Future[Payload]:
        future: Future[Payload] = Future()
        with self.lock:
            self.last_id += 1
            self.waiting[self.last_id] = future
            message = json.dumps({"message_id": self.last_id, "payload": payload})
            stdin = self.process.stdin
            assert stdin is not None
            try:
                stdin.write(base64.b64encode(message.encode("utf-8")) + SEPARATOR)
                stdin.flush()
            except OSError as error:  # the service has stopped
                del self.waiting[self.last_id]
                future.set_exception(ServiceError(f"Pagefind stopped: {error}{self._said()}"))
        return future

    def request(self, payload: Payload) -> Payload:
        """Send and wait for the response."""
        return self.send(payload).result()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        partial: list[bytes] = []
        while chunk := _read_some(stdout):
            *complete, rest = chunk.split(SEPARATOR)
            del chunk
            complete.reverse()
            while complete:  # each answer held by one list only, which `_answer` empties
                partial.append(complete.pop())
                held = [b"".join(partial)]
                partial = []
                self._answer(held)
            partial.append(rest)
        self.process.wait()
        with self.lock:
            waiting, self.waiting = self.waiting, {}
        self.errors.join(timeout=5)
        for future in waiting.values():
            future.set_exception(ServiceError(f"Pagefind stopped before answering{self._said()}"))

    def _answer(self, held: list[bytes]) -> None:
        """The response in `held` (its only holder, emptied here): at 10,000 criteria the
        index's files come in one answer of ~17 MB, and its encoded forms are freed before
        the next one is made, not all kept to the end (the build's peak was there)."""
        message = held.pop()
        if not message.strip():
            return
        decoded = base64.b64decode(message)
        del message
        response = json.loads(decoded)
        del decoded
        payload = response.get("payload") or {}
        message_id = response.get("message_id")
        if message_id is None:  # a request the service could not parse names it in the error
            original = payload.get("original_message")
            message_id = json.loads(original).get("message_id") if original else None
        with self.lock:
            future = self.waiting.pop(message_id, None)
        if future is None:
            return
        if payload.get("type") == "Error":
            future.set_exception(ServiceError(payload.get("message", "unknown error")))
        else:
            future.set_result(payload)

    def _drain(self) -> None:
        stderr = self.process.stderr
        assert stderr is not None
        while chunk := _read_some(stderr):
            self.stderr.append(chunk)

    def _said(self) -> str:
        said = b"".join(self.stderr).decode("utf-8", errors="replace").strip()
        return f": {said}" if said else ""

    def close(self) -> None:
        """Stop the service (the responses still waiting fail)."""
        if self.process.poll() is None:
            self.process.terminate()
        assert self.process.stdin is not None
        with contextlib.suppress(OSError):  # a request not yet read by a stopped service
            self.process.stdin.close()
        self.process.wait()
        self.reader.join(timeout=30)


def _read_some(stream: IO[bytes]) -> bytes:
    """What the pipe holds now (up to `READ_SIZE`), waiting only while it is empty."""
    read1 = getattr(stream, "read1", None)
    return bytes(read1(READ_SIZE) if read1 is not None else stream.read(READ_SIZE))
