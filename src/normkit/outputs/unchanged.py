"""Outputs whose inputs did not change since the visible build: kept, not written again.

A repeated `normkit build` of an unchanged project used to make every output again: OSCAL
converted every text to prose, the diff built its redlines and summary only to hash them
against its cache, the PDF and DOCX writers laid out every job only to find its cached file.
Each output is now named by a key of everything a build of it reads:

- the project: every file under its root (path, size, modification time and inode, as make
  and git tell a changed file, without reading it; through links that stay inside the
  project), but hidden folders (`.git`, `.venv`, tools' caches) and the build folder.
  Sources may link any file of the project (`assemble/links.py`), so the whole tree is the
  input, not only the source folders. Not the change time: a build hard-links some of the
  project's files (images) into its outputs, which changes it on every build;
- the program: normkit's code and every installed distribution (pandoc, typst, MkDocs and
  Pagefind come from distributions), as the build's caches name their entries
  (`program_fingerprint`);
- the build's date (a consultation round closes on a day) and the variables that choose a
  date or a tool (`ENVIRONMENT`);
- which outputs the build writes (the site lists the others' files).

After a build is made visible, each output's key is recorded in the cache with a listing of
its files (path, size, modification time). A later build whose key for an output is the same,
and whose visible output still has exactly those files, hard-links them into the new build
(`BuildFolder.carry_forward`): the same bytes, for the cost of a link per file. Anything else
(another key, a file changed or removed in the build folder, a tree too large to list or
changed a moment ago: `RACY_NS`, a read across midnight) builds the output as before, so an
output is never older than its inputs.

The site is always built: it is linked with every other output's files once they are all
written (`Output.finish`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path

RECORD = "unchanged-outputs.json"
"""In the build folder's cache: the visible generation and, per output, its key and files."""
SCHEME = "1"
"""Bumped when what a key covers changes, so that older records are never matched."""
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "PYPANDOC_PANDOC", "PAGEFIND_BINARY_PATH", "TZ")
"""Variables that change what a build writes without a file changing."""
RACY_NS = 2_000_000_000
"""A file changed less than this long before the tree is listed may change again within the
same tick of the file system's clock (a few milliseconds), with the same size, and look
unchanged: such a tree is not keyed, as git treats a "racily clean" file."""
MOST_ENTRIES = 50_000
"""Beyond this many entries under the project root, the tree is not listed (no output is
kept): listing it would cost more than what keeping outputs saves."""


class _Unlisted(Exception):
    """The tree is too large, or changed too recently, to be keyed by its listing."""


def project_inputs(root: Path, out: Path) -> str | None:
    """A digest of the project's tree as it is now (see the module's docstring), or None when
    it cannot be keyed (too large, changed a moment ago, or unreadable)."""
    digest = hashlib.sha256()
    recent = time.time_ns() - RACY_NS
    top = os.path.realpath(root)
    skipped = {os.path.realpath(out)}
    walked: set[str] = set()
    count = 0

    def add(kind: str, name: str, target: str, info: os.stat_result) -> None:
        if info.st_mtime_ns > recent:
            raise _Unlisted
        digest.update(
            f"{kind}\0{name}\0{target}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n".encode(
                "utf-8", "surrogateescape"
            )
        )

    def walk(folder: str, relative: str, real: str) -> None:
        # `real` is the folder's resolved path: a folder entry that is not a link resolves
        # to it joined with its name, so only links are resolved (each `realpath` is an
        # `lstat` per component of the path)
        nonlocal count
        if real in walked or real in skipped:
            return
        walked.add(real)
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            count += 1
            if count > MOST_ENTRIES:
                raise _Unlisted
            name = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_symlink():
                add("l", name, os.readlink(entry.path), entry.stat(follow_symlinks=False))
                if not os.path.exists(entry.path):
                    continue  # dangling: reading through it fails whatever it says
                if entry.is_dir():  # read through it as the sources are, if it stays inside
                    target = os.path.realpath(entry.path)
                    if target.startswith(top + os.sep):
                        walk(entry.path, name, target)
                else:
                    add("f", name, "", entry.stat())  # what is read through it
            elif entry.is_dir():
                hidden = entry.name.startswith(".")  # tools' folders: .git, .venv, caches
                inside = os.path.join(real, entry.name)
                if not hidden and inside not in skipped:
                    add("d", name, "", entry.stat(follow_symlinks=False))
                    walk(entry.path, name, inside)
            else:
                add("f", name, "", entry.stat(follow_symlinks=False))

    try:
        walk(top, "", top)
    except (_Unlisted, OSError):
        return None
    return digest.hexdigest()


def output_key(inputs: str, name: str, building: Iterable[str], today: str) -> str:
    """The key of output `name` built from a project whose tree is `inputs`."""
    from normkit.assemble.stored_assemblies import program_fingerprint

    parts = [SCHEME, inputs, program_fingerprint().hex(), name, ",".join(sorted(building)), today]
    parts += [f"{variable}={os.environ.get(variable, '')}" for variable in ENVIRONMENT]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def listing(folder: Path) -> str:
    """A digest of the files under `folder`: path, size and modification time (hard links
    into a new generation keep them), in the order `os.walk` gives them with its folders
    sorted (files by name, then each folder's, links to folders not followed). A folder's
    lines are hashed at once, from `scandir` entries (no path joined in Python): a build
    lists every file it wrote, and at 1,000 criteria the JSON output has 1,000 (`os.walk`
    file by file cost 40% more)."""
    digest = hashlib.sha256()
    _list_folder(os.fspath(folder), ".", digest.update)
    return digest.hexdigest()


def listing_of(files: Iterable[tuple[str, int, int]]) -> str:
    """The `listing` of a folder holding exactly `files` (each its path relative to the
    folder, names joined by `/`, its size and its modification time in ns), in the same
    order: from what the writer that made them read of each while it was open
    (`OutputFiles.listed`), not by listing the folder after a build (at 10,000 criteria the
    JSON output's 10,000 files, 50-100 ms of the build's end). A writer that got a file's
    path or time wrong only gives a listing the next build does not find again: that build
    writes the output, as `unchanged` lists what is there."""
    by_folder: dict[str, list[tuple[str, int, int]]] = {}
    for path, size, modified in files:
        folder, _, name = path.rpartition("/")
        found = by_folder.get(folder)
        if found is None:
            found = by_folder[folder] = []
        found.append((name, size, modified))
    digest = hashlib.sha256()
    # `_list_folder`'s walk: a folder's files, then each of its folders in turn, by name;
    # which is the order of their paths compared name by name (a folder's path is a prefix
    # of those inside it). A folder without files adds no line.
    for folder in sorted(by_folder, key=_names):
        relative = folder or "."
        lines = [
            f"f\0{relative}/{name}\0{size}\0{modified}\n"
            for name, size, modified in sorted(by_folder[folder])
        ]
        digest.update("".join(lines).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _names(folder: str) -> list[str]:
    return folder.split("/") if folder else []


def _list_folder(path: str, relative: str, add: Callable[[bytes], object]) -> None:
    try:
        with os.scandir(path) as found:
            entries = sorted(found, key=_name)
    except OSError:
        return  # as `os.walk` skips a folder it cannot list
    lines = []
    folders = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()  # through a link, as `os.walk` sorts them
        except OSError:
            is_folder = False
        if is_folder:
            folders.append(entry)
            continue
        info = entry.stat(follow_symlinks=False)
        kind = "l" if stat.S_ISLNK(info.st_mode) else "f"
        lines.append(f"{kind}\0{relative}/{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\n")
    add("".join(lines).encode("utf-8", "surrogateescape"))
    for entry in folders:
        if not entry.is_symlink():
            inside = entry.name if relative == "." else f"{relative}/{entry.name}"
            _list_folder(entry.path, inside, add)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


class UnchangedOutputs:
    """What the cache records of the visible build's outputs (`cache/RECORD`)."""

    def __init__(self, cache: Path) -> None:
        self.path = cache / RECORD
        self.generation = ""
        self.outputs: dict[str, dict[str, str]] = {}
        try:
            recorded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(recorded, dict) and recorded.get("scheme") == SCHEME:
                self.generation = str(recorded.get("generation", ""))
                outputs = recorded.get("outputs", {})
                if isinstance(outputs, dict):
                    self.outputs = {
                        name: entry
                        for name, entry in outputs.items()
                        if isinstance(entry, dict)
                        and isinstance(entry.get("key"), str)
                        and isinstance(entry.get("files"), str)
                    }
        except (OSError, ValueError):
            pass

    def unchanged(self, name: str, key: str, visible: Path | None) -> bool:
        """Whether the visible build's `name` was made from `key` and is as it was written."""
        entry = self.outputs.get(name)
        if visible is None or entry is None or visible.name != self.generation:
            return False
        folder = visible / name
        return entry["key"] == key and folder.is_dir() and listing(folder) == entry["files"]

    def record(
        self,
        generation: Path,
        keys: dict[str, str],
        kept: Iterable[str],
        carried: Iterable[str],
        listed: dict[str, str] | None = None,
    ) -> None:
        """After `generation` was made visible: the outputs written with their `keys`, those
        `kept` unchanged (under the same key), and those `carried` from the previous build as
        they were (`--only`, under their earlier key). The files of kept and carried outputs
        are the previous build's, linked: their listing is the one recorded (a file changed
        in the previous build before it was linked does not match it next time, as
        `unchanged` lists the folder again). `listed`: the listings of outputs whose writer
        told them (`listing_of`); the others' folders are listed here. A record that cannot
        be written only makes the next build slower."""
        outputs: dict[str, dict[str, str]] = {}
        for name in (*carried, *kept):
            if name in self.outputs and (generation / name).is_dir():
                outputs[name] = self.outputs[name]
        for name, key in keys.items():
            folder = generation / name
            if name not in outputs and folder.is_dir():
                told = (listed or {}).get(name)
                outputs[name] = {"key": key, "files": told or listing(folder)}
        record = {"scheme": SCHEME, "generation": generation.name, "outputs": outputs}
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
            partial.replace(self.path)
        except OSError:
            partial.unlink(missing_ok=True)
