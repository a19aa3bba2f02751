"""Writing the criteria JSON files, byte-for-byte deterministic."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from normkit.collector import collection_paused
from normkit.derived import derived_for
from normkit.model.corpus import Corpus
from normkit.outputs.consultation.json_files import write_reports_json
from normkit.outputs.context import BuildContext
from normkit.outputs.json.api import criterion_document
from normkit.outputs.json.serialise import index_document, translated_versions, version_document
from normkit.outputs.json.text import json_text

SCHEMA_NAME = "criteria.schema.json"
INDEX_SCHEMA_NAME = "index.schema.json"
CRITERION_SCHEMA_NAME = "criterion.schema.json"


def dump(document: Any) -> str:
    return json_text(document)


def schema_text(name: str = SCHEMA_NAME) -> str:
    return resources.files("normkit.outputs.json").joinpath(name).read_text(encoding="utf-8")


def write_json(corpus: Corpus, out: Path, context: BuildContext | None = None) -> None:
    """`out/<standard>/<version>.json`, a file per criterion and a JSON Lines file per
    version (`api.py`), `out/index.json` and `out/schema/*.schema.json`."""
    with collection_paused():
        _write_json(corpus, out, context)


def _write_json(corpus: Corpus, out: Path, context: BuildContext | None) -> None:
    derived = derived_for(corpus, context.derived if context else None)
    for standard in corpus.standards:
        for version in standard.versions:
            path = out / standard.slug / f"{version.name}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(version_document(corpus, standard, version)), encoding="utf-8")
            edition = corpus.guidance_for(version)
            folder = out / standard.slug / version.name / "criteria"
            folder.mkdir(parents=True, exist_ok=True)
            lines = []
            translated = translated_versions(corpus, version)
            for value in version.criteria():
                document = criterion_document(
                    derived, standard, version, edition, value, translated
                )
                lines.append(orjson.dumps(document).decode("utf-8"))
                with_schema = {"$schema": f"../../../schema/{CRITERION_SCHEMA_NAME}", **document}
                (folder / f"{value.id}.json").write_text(dump(with_schema), encoding="utf-8")
            (out / standard.slug / f"{version.name}.jsonl").write_text(
                "".join(line + "\n" for line in lines), encoding="utf-8"
            )
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.json").write_text(dump(index_document(corpus)), encoding="utf-8")
    (out / "schema").mkdir(exist_ok=True)
    for name in (SCHEMA_NAME, INDEX_SCHEMA_NAME, CRITERION_SCHEMA_NAME):
        (out / "schema" / name).write_text(schema_text(name), encoding="utf-8")
    write_reports_json(corpus, out, dump)
