"""Writing the criteria JSON files, byte-for-byte deterministic."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from normkit.model.corpus import Corpus
from normkit.outputs.consultation.json_files import write_reports_json
from normkit.outputs.context import BuildContext
from normkit.outputs.json.serialise import index_document, version_document
from normkit.outputs.json.text import json_text

SCHEMA_NAME = "criteria.schema.json"
INDEX_SCHEMA_NAME = "index.schema.json"


def dump(document: Any) -> str:
    return json_text(document)


def schema_text(name: str = SCHEMA_NAME) -> str:
    return resources.files("normkit.outputs.json").joinpath(name).read_text(encoding="utf-8")


def write_json(corpus: Corpus, out: Path, context: BuildContext | None = None) -> None:
    """`out/<standard>/<version>.json`, `out/index.json` and `out/schema/*.schema.json`."""
    for standard in corpus.standards:
        for version in standard.versions:
            path = out / standard.slug / f"{version.name}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(version_document(corpus, standard, version)), encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.json").write_text(dump(index_document(corpus)), encoding="utf-8")
    (out / "schema").mkdir(exist_ok=True)
    for name in (SCHEMA_NAME, INDEX_SCHEMA_NAME):
        (out / "schema" / name).write_text(schema_text(name), encoding="utf-8")
    write_reports_json(corpus, out, dump)
