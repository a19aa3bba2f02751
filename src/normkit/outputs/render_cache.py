"""A content-hash cache of rendered documents (PDF, DOCX, XLSX), kept between builds.

An entry is named by a digest of exactly what decides its bytes: the document's own input
and what renders it (tool versions, templates, fonts, and the source of normkit's code that
finishes it: `code_fingerprint`). A warm build copies the entry instead of rendering again;
any change to an input gives another name, so a stale entry is never served. Each entry has
a sidecar holding the digest of its bytes: an entry that was cut short or changed on disk
does not match it and is rendered again, never served.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import normkit

CHECKSUM = ".sha256"
"""Suffix of an entry's sidecar: the SHA-256 of the entry's bytes, in hex."""


@cache
def code_fingerprint(*modules: str) -> str:
    """A digest of normkit's version and the source of `modules` (imported names): a change
    to the code that shapes a document invalidates its cached copies, without anyone having
    to remember to bump a revision number."""
    digest = hashlib.sha256(normkit.__version__.encode())
    for name in modules:
        # The module's file, without importing it: a cache hit need not load the code (and
        # the libraries) that would have rendered the document.
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None) if module else _source_file(name)
        digest.update(b"\0" + name.encode() + b"\0")
        if path:
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def _source_file(name: str) -> str | None:
    spec = importlib.util.find_spec(name)
    return spec.origin if spec is not None and spec.has_location else None


def digest_of(parts: Iterable[str | bytes]) -> str:
    """One key from several inputs, each kept apart from the next (no two different lists
    of parts give the same stream)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class RenderCache:
    """Entries in `folder` (None: no cache, everything is rendered)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def _entry(self, key: str, suffix: str) -> Path | None:
        if self.folder is None:
            return None
        self.used.add(f"{key}{suffix}")
        return self.folder / f"{key}{suffix}"

    def get(self, key: str, suffix: str) -> bytes | None:
        """The cached bytes for `key`, if there is an intact entry."""
        entry = self._entry(key, suffix)
        if entry is None:
            return None
        try:
            data = entry.read_bytes()
            expected = entry.with_name(entry.name + CHECKSUM).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return None
        if hashlib.sha256(data).hexdigest() != expected.strip():
            return None  # damaged or cut short: render again
        return data

    def put(self, key: str, suffix: str, data: bytes) -> None:
        """Store an entry whole (written beside its name, then renamed: a build killed here
        leaves no half entry); a cache that cannot be written only makes builds slower."""
        entry = self._entry(key, suffix)
        if entry is None:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            checksum = hashlib.sha256(data).hexdigest()
            for path, content in ((entry, data), (entry.with_name(entry.name + CHECKSUM), None)):
                partial = path.with_name(f".{path.name}.{os.getpid()}")
                if content is None:
                    partial.write_text(checksum, encoding="ascii")
                else:
                    partial.write_bytes(content)
                partial.replace(path)
        except OSError:
            pass

    def bytes_for(self, key: str, suffix: str, render: Callable[[], bytes]) -> bytes:
        """The cached entry for `key`, or `render()`, stored for the next build."""
        found = self.get(key, suffix)
        if found is None:
            found = render()
            self.put(key, suffix, found)
        return found

    def prune(self) -> None:
        """Remove the entries this build did not ask for, so that the cache does not grow
        with every edit (call once every document of the folder was asked for)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            name = path.name.removesuffix(CHECKSUM)
            if path.is_file() and name not in self.used and not name.startswith("."):
                path.unlink(missing_ok=True)
