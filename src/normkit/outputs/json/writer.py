"""Writing the criteria JSON files, byte-for-byte deterministic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from normkit.collector import collection_paused
from normkit.derived import Derived, derived_for
from normkit.model.corpus import Corpus
from normkit.outputs.consultation.json_files import write_reports_json
from normkit.outputs.context import BuildContext
from normkit.outputs.files import OutputFiles
from normkit.outputs.json.api import Lineages, criterion_document
from normkit.outputs.json.serialise import criterion_entries, index_document, version_document
from normkit.outputs.json.text import json_bytes, json_text
from normkit.outputs.package_data import package_text

SCHEMA_NAME = "criteria.schema.json"
INDEX_SCHEMA_NAME = "index.schema.json"
CRITERION_SCHEMA_NAME = "criterion.schema.json"


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
    files = OutputFiles(out, context.previous_of(out) if context else None)
    with files.in_background():  # creating the files overlaps making their bytes
        _write_files(corpus, derived, files)


def _write_files(corpus: Corpus, derived: Derived, files: OutputFiles) -> None:
    for standard in corpus.standards:
        for version in standard.versions:
            entries = criterion_entries(corpus, version)  # once for all three files
            whole = version_document(corpus, standard, version, entries)
            files.write(f"{standard.slug}/{version.name}.json", json_bytes(whole))
            folder = f"{standard.slug}/{version.name}/criteria"
            files.folder(folder)  # even with no criteria, as the API documents it
            # The JSON Lines are written line after line: joined, they were held twice (22 MB
            # each at 5,000 criteria), and while a saving child lives every page the writer
            # touches is a copy-on-write fault.
            lines = []
            lineages = Lineages(derived, standard, version)
            for entry in entries:
                document = criterion_document(lineages, standard, version, entry)
                lines.append(orjson.dumps(document, option=orjson.OPT_APPEND_NEWLINE))
                with_schema = {"$schema": f"../../../schema/{CRITERION_SCHEMA_NAME}", **document}
                files.write(f"{folder}/{entry['id']}.json", json_bytes(with_schema))
            files.write(f"{standard.slug}/{version.name}.jsonl", lines)
    files.folder("")
    files.write("index.json", json_bytes(index_document(corpus)))
    for name in (SCHEMA_NAME, INDEX_SCHEMA_NAME, CRITERION_SCHEMA_NAME):
        files.write_text(f"schema/{name}", schema_text(name))
    write_reports_json(corpus, files, dump)
