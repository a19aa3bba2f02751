"""Writing the criteria JSON files, byte-for-byte deterministic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from normkit.collector import collection_paused
from normkit.derived import Derived, derived_for
from normkit.model.corpus import Corpus
from normkit.outputs.consultation.json_files import write_reports_json
from normkit.outputs.context import BuildContext
from normkit.outputs.files import OutputFiles
from normkit.outputs.json.serialise import index_document
from normkit.outputs.json.share import (
    CRITERION_SCHEMA_NAME,
    Share,
    fork_writer,
    split,
    versions,
    write_share,
    write_version,
    written,
)
from normkit.outputs.json.text import json_bytes, json_text
from normkit.outputs.package_data import package_text
from normkit.outputs.unchanged import listing_of

SCHEMA_NAME = "criteria.schema.json"
INDEX_SCHEMA_NAME = "index.schema.json"


def dump(document: Any) -> str:
    return json_text(document)


def schema_text(name: str = SCHEMA_NAME) -> str:
    return package_text("normkit.outputs.json", name)


def write_json(corpus: Corpus, out: Path, context: BuildContext | None = None) -> None:
    """`out/<standard>/<version>.json`, a file per criterion and a JSON Lines file per
    version (`api.py`), `out/index.json` and `out/schema/*.schema.json`. Files whose bytes
    equal the previous build's are linked from it (`OutputFiles`)."""
    with collection_paused():
        _write_json(corpus, out, context)


def _write_json(corpus: Corpus, out: Path, context: BuildContext | None) -> None:
    derived = derived_for(corpus, context.derived if context else None)
    previous = context.previous_of(out) if context else None
    share = split(corpus, context.jobs if context else 1)
    child = None
    if share:
        derived.complete()  # the changesets both processes read: computed once, here
        child = fork_writer(corpus, derived, out, previous, share)
    if context is not None and context.save_caches is not None:
        context.save_caches()  # right after the fork, if any: one step of copies for both
    # The files written are listed as they are (`OutputFiles.listed`), for the build's
    # record of its outputs (`unchanged.listing_of`).
    files = OutputFiles(out, previous, listed=context is not None)
    try:
        _write_files(corpus, derived, files, share if child else None)
    except BaseException:
        if child is not None:
            child.reap(wanted=False)  # a failed or stopped build leaves no child behind
        raise
    # (Stopped while waiting for it, `reap` kills it too.)
    if child is not None and share is not None:
        theirs = written(child)
        if theirs is None:
            write_share(corpus, derived, files, share)  # or fails as it would
        elif files.listed is not None:
            files.listed.extend(theirs)
    if context is not None and files.listed is not None and out == context.out / "json":
        context.listings["json"] = listing_of(files.listed)


def _write_files(corpus: Corpus, derived: Derived, files: OutputFiles, share: Share | None) -> None:
    """Every file but those of `share`'s versions, if given (a child's)."""
    for index, (standard, version) in enumerate(versions(corpus)):
        if share is None or not share[index]:
            write_version(corpus, derived, files, standard, version)
    files.folder("")
    files.write("index.json", json_bytes(index_document(corpus)))
    for name in (SCHEMA_NAME, INDEX_SCHEMA_NAME, CRITERION_SCHEMA_NAME):
        files.write_text(f"schema/{name}", schema_text(name))
    write_reports_json(corpus, files, dump)
