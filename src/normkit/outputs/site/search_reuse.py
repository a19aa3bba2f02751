"""The previous build's search index, reused when everything Pagefind would read is the same.

Pagefind costs more than any other step of a site build that nothing changed in: at 10,000
criteria it spends about 8 s of CPU indexing the records and pages and writing 10,600 files,
and its peak memory is the build's. Its output depends only on what it is sent (the
configuration, and each page's and record's address and HTML, in order) and on the binary, so
the index of a build whose inputs are the same as the previous build's is that build's index.

`SearchCache` keeps, in the build folder's cache, the digest of the inputs of the visible
build's index and the sha256 of each of its files. A build whose inputs have the same digest
hard-links those files into its own site, after checking each file's bytes against its
recorded hash: a file changed, removed or replaced since is never published; the index is
then made afresh. A digest is of the inputs as sent, never of names or times.

A reused index is also the same bytes as before: Pagefind 1.5 names some of its filter files
differently from one run to the next on the same inputs, so without reuse an unchanged site
still changed under `rsync` and web caches.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "search-index.json"
"""In the build folder's cache: the visible index's input digests and file hashes."""
FORMAT = 1


def input_digest(binary: Path | None, config: dict[str, Any]) -> Any:
    """The start of an index's input digest: the binary (its path, size and modification
    time: another Pagefind writes another index) and the index's configuration. Each
    `feed` adds a page or record."""
    digest = hashlib.sha256()
    found = binary.stat() if binary is not None else None
    identity = [str(binary), found.st_size, found.st_mtime_ns] if found else [None]
    digest.update(json.dumps([FORMAT, identity, config], sort_keys=True).encode())
    return digest


def feed(digest: Any, url: str, html: str) -> None:
    """One page or record into `digest` (lengths first: no two sequences give one stream)."""
    data = html.encode("utf-8", "surrogatepass")
    name = url.encode("utf-8", "surrogatepass")
    digest.update(b"%d:%d:" % (len(name), len(data)))
    digest.update(name)
    digest.update(data)


@dataclass(frozen=True, slots=True)
class SearchCache:
    """Where a build's index may come from: `cache` holds the manifest, `previous` is the
    visible build's index folder (None on a first build)."""

    cache: Path
    previous: Path | None

    def _manifest(self) -> dict[str, Any] | None:
        try:
            found = json.loads((self.cache / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return found if isinstance(found, dict) and found.get("format") == FORMAT else None

    def may_reuse_any(self) -> bool:
        """Whether there is a visible index that a build may reuse."""
        return self.previous is not None and self.previous.is_dir() and bool(self._manifest())

    def may_reuse(self, records: str) -> bool:
        """Whether the visible index was made from these records (its pages may be too)."""
        manifest = self._manifest()
        return (
            manifest is not None
            and self.previous is not None
            and manifest.get("records") == records
            and self.previous.is_dir()
        )

    def reuse(self, key: str, target: Path) -> bool:
        """The visible index linked into `target` when it was made from inputs of digest
        `key` and its files are the bytes it was written with; False (and nothing in
        `target`) otherwise."""
        manifest = self._manifest()
        if manifest is None or self.previous is None or manifest.get("key") != key:
            return False
        files: dict[str, str] = manifest.get("files") or {}
        try:
            for relative, expected in files.items():
                source = self.previous / relative
                if _sha256(source) != expected:
                    return False
            made: set[Path] = set()
            for relative in files:
                final = target / relative
                if final.parent not in made:
                    final.parent.mkdir(parents=True, exist_ok=True)
                    made.add(final.parent)
                os.link(self.previous / relative, final)
        except (OSError, ValueError):
            shutil.rmtree(target, ignore_errors=True)
            return False
        return True

    def remember(self, records: str, key: str, index: Path) -> None:
        """Record the index just written to `index` (a later build may reuse it). A failure
        to record only costs that reuse."""
        files = {
            path.relative_to(index).as_posix(): _sha256(path)
            for path in sorted(index.rglob("*"))
            if path.is_file()
        }
        manifest = {"format": FORMAT, "records": records, "key": key, "files": files}
        with contextlib.suppress(OSError):
            self.cache.mkdir(parents=True, exist_ok=True)
            part = self.cache / f".{MANIFEST}.part"
            part.write_text(json.dumps(manifest), encoding="utf-8")
            os.replace(part, self.cache / MANIFEST)

    def forget(self) -> None:
        """No index to reuse (the site is being indexed another way)."""
        with contextlib.suppress(OSError):
            (self.cache / MANIFEST).unlink()


def _sha256(path: Path) -> str:
    # The files are small (a few kB): `hashlib.file_digest` zeroes a 256 kB buffer for each.
    return hashlib.sha256(path.read_bytes()).hexdigest()
