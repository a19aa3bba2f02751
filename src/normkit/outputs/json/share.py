"""The versions of a JSON build that a forked child writes while this process writes the
others.

Writing a large project's JSON keeps one core busy making bytes and creating files, and by
then the chapters' parse workers have ended: the machine's other core idles (but for a
child saving the read's caches, on a first build).
Where there are two jobs, forking is safe and the project has enough criteria in more than
one version, a child writes whole versions (their file, JSON Lines and criterion files)
from the last on, as many as make the two shares most even by criteria; this process
writes the others, `index.json` and the schemas. Whole versions, because each process then
touches only its own versions' part of the model: every page either writes to after the
fork (reference counts, the allocator's) is a copy-on-write fault, ~2.5 µs each here. (Some
of one version's criterion files in a child saved this process less than they cost: the
last 775 of NIST rev5's 1,189, 111 → 98 ms of its CPU, 67 ms in the child.)

The folder is the same whatever the split: each file's path and bytes depend only on the
model, both processes write through `OutputFiles` with the same previous build (equal files
linked from it, the same modes), and no file is written by both. A child that does not end
well (an error, a signal, a full disk) wrote no record: its versions are written again
here, where the same failure makes the build fail as the one-process writer does. A writer
that fails or is stopped meanwhile kills and reaps its child (`RecordsChild.reap`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from normkit.derived import Derived
from normkit.forking import RecordsChild, record, write_all
from normkit.model.corpus import Corpus
from normkit.model.standard import Standard, Version
from normkit.outputs.files import OutputFiles
from normkit.outputs.json.api import Lineages, criterion_document
from normkit.outputs.json.serialise import each_criterion_entry, version_document
from normkit.outputs.json.text import json_bytes, json_item_bytes

CRITERION_SCHEMA_NAME = "criterion.schema.json"

SHARED_FROM = 400
"""Criteria the child's versions need at least: below, the fork and the copy-on-write
faults it brings both processes cost more than the child saves this one (`write_json`
in-process, medians, load 2-6: a child writing p1k's second version, 500 criteria,
112 → 83 ms; one writing p100's second, 50 criteria, 26 → 51 ms)."""

_WRITTEN = b"written"
"""The key of the child's one record, written once every file of its share is: its files
as `OutputFiles.listed` has them, each path, size and time ended by a NUL (no path holds
one)."""

Share = list[bool]
"""Per version (`versions`), whether the child writes it."""


def versions(corpus: Corpus) -> Iterator[tuple[Standard, Version]]:
    """Every version, in the order the writer writes them."""
    for standard in corpus.standards:
        yield from ((standard, version) for version in standard.versions)


def split(corpus: Corpus, jobs: int) -> Share | None:
    """The child's versions: from the last on, each that makes the shares more even by
    criteria; None where there is no second job or the child's share would not pay."""
    if jobs < 2:
        return None
    counts = [sum(1 for _ in version.criteria()) for _, version in versions(corpus)]
    total = sum(counts)
    share = [False] * len(counts)
    taken = 0
    for index in reversed(range(len(counts))):
        if 2 * taken + counts[index] < total:  # the child's share closer to half
            share[index] = True
            taken += counts[index]
    return share if taken >= SHARED_FROM else None


def fork_writer(
    corpus: Corpus, derived: Derived, out: Path, previous: Path | None, share: Share
) -> RecordsChild | None:
    """A child writing `share`, or None where none could be forked (`RecordsChild.fork`:
    not where another thread runs)."""
    child = RecordsChild()
    child.fork("normkit-json-share", partial(_child, corpus, derived, out, previous, share))
    return child if child.child is not None else None


def _child(
    corpus: Corpus,
    derived: Derived,
    out: Path,
    previous: Path | None,
    share: Share,
    buffer: int,
) -> None:
    files = OutputFiles(out, previous, listed=True)
    write_share(corpus, derived, files, share)
    listed = [f"{path}\0{size}\0{modified}" for path, size, modified in files.listed or ()]
    write_all(buffer, record(_WRITTEN, "\0".join(listed).encode("utf-8", "surrogateescape")))


def write_share(corpus: Corpus, derived: Derived, files: OutputFiles, share: Share) -> None:
    """The versions of `share` (in a child, or here when it failed)."""
    for (standard, version), shared in zip(versions(corpus), share, strict=True):
        if shared:
            write_version(corpus, derived, files, standard, version)


def written(child: RecordsChild) -> list[tuple[str, int, int]] | None:
    """The files `child` (waited for here) wrote, as `OutputFiles.listed` has them, if it
    wrote its whole share; else None."""
    for key, value in child.reap(wanted=True):
        if key == _WRITTEN:
            fields = value.decode("utf-8", "surrogateescape").split("\0") if value else []
            return [
                (fields[index], int(fields[index + 1]), int(fields[index + 2]))
                for index in range(0, len(fields) - 2, 3)
            ]
    return None


def write_version(
    corpus: Corpus, derived: Derived, files: OutputFiles, standard: Standard, version: Version
) -> None:
    """The version's file, its JSON Lines and a file per criterion, criterion after
    criterion: each criterion's entry is made once for the three (`each_criterion_entry`),
    and neither the entries nor the two version files' bytes are held all at once
    (`OutputFiles.stream`; at 500 criteria they were ~6.5 MB, in pages the process touched
    for the first time, or copied while a saving child shares them)."""
    slug, name = standard.slug, version.name
    folder = f"{slug}/{name}/criteria"
    files.folder(folder)  # even with no criteria, as the API documents it
    if next(version.criteria(), None) is None:
        files.write(
            f"{slug}/{name}.json", json_bytes(version_document(corpus, standard, version, []))
        )
        files.write(f"{slug}/{name}.jsonl", [])
        return
    head, tail = _version_frame(corpus, standard, version)
    lineages = Lineages(derived, standard, version)
    with (
        files.stream(f"{slug}/{name}.json") as whole,
        files.stream(f"{slug}/{name}.jsonl") as lines,
    ):
        whole.add(head)
        between = b""
        for entry in each_criterion_entry(corpus, version):
            whole.add(between)
            whole.add(json_item_bytes(entry))
            between = _BETWEEN
            document = criterion_document(lineages, standard, version, entry)
            lines.add(orjson.dumps(document, option=orjson.OPT_APPEND_NEWLINE))
            with_schema = {"$schema": f"../../../schema/{CRITERION_SCHEMA_NAME}", **document}
            files.write(f"{folder}/{entry['id']}.json", json_bytes(with_schema))
        whole.add(tail)


_BETWEEN = b",\n    "

_CRITERIA_START = b'\n  "criteria": [\n    '
"""Where the version file's criteria start: its document's one key `criteria` (a key of
the document itself is the only text indented by two spaces after a newline)."""

_CRITERIA_END = b"\n  ]"

_PLACEHOLDER: dict[str, Any] = {}


def _version_frame(corpus: Corpus, standard: Standard, version: Version) -> tuple[bytes, bytes]:
    """The version file's bytes before its first criterion and after its last (it has some),
    from its document with one placeholder as its criteria."""
    framed = json_bytes(version_document(corpus, standard, version, [_PLACEHOLDER]))
    placeholder = _CRITERIA_START + b"{}" + _CRITERIA_END
    start = framed.index(placeholder)
    end = start + len(placeholder) - len(_CRITERIA_END)
    return framed[: start + len(_CRITERIA_START)], framed[end:]
