"""Writing the OSCAL output: a catalog per version, a mapping collection per version pair.

`out/<standard>/<version>/catalog.json` and `out/<standard>/mappings/<old>..<new>.json`.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from normkit.derived import derived_for
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.oscal.catalog import catalog_document
from normkit.outputs.oscal.mappings import version_mapping

SCHEMAS = {"catalog": "oscal_catalog_schema.json", "mapping": "oscal_mapping_schema.json"}
"""NIST's JSON schemas of the models written, kept in `schemas/` (see its NOTICE.md)."""


def dump(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def schema(model: str) -> dict[str, Any]:
    """NIST's JSON schema of an OSCAL model (`catalog` or `mapping`)."""
    text = resources.files("normkit.outputs.oscal").joinpath("schemas", SCHEMAS[model])
    loaded: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return loaded


def write_oscal(corpus: Corpus, out: Path, context: BuildContext | None = None) -> None:
    for standard in corpus.standards:
        for version in standard.versions:
            path = out / standard.slug / version.name / "catalog.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(catalog_document(corpus, standard, version)), encoding="utf-8")
    derived = derived_for(corpus, context.derived if context else None)
    for old, new in derived.version_pairs():
        owner = corpus.standard(new.standard)
        assert owner is not None
        document = version_mapping(owner, old, new, derived.changeset(old, new))
        if not document["mapping-collection"]["mappings"][0]["maps"]:
            continue  # nothing carried over: OSCAL has no empty mapping
        path = out / owner.slug / "mappings" / f"{old.name}..{new.name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(document), encoding="utf-8")
