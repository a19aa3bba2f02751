"""Writing the OSCAL output: a catalog per version, a mapping collection per version pair
and per crosswalk.

`out/<standard>/<version>/catalog.json`, `out/<standard>/mappings/<old>..<new>.json` and
`out/crosswalks/<crosswalk>.json`. A mapping collection is left out when nothing maps (OSCAL
has no empty mapping): a version pair that shares no criterion, a crosswalk without a clause.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from normkit.crosswalks.table import crosswalk_table
from normkit.derived import Derived, derived_for
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.json.text import json_text
from normkit.outputs.oscal.catalog import catalog_document
from normkit.outputs.oscal.mappings import crosswalk_mapping, version_mapping
from normkit.outputs.oscal.prose import converted_once

SCHEMAS = {"catalog": "oscal_catalog_schema.json", "mapping": "oscal_mapping_schema.json"}
"""NIST's JSON schemas of the models written, kept in `schemas/` (see its NOTICE.md)."""

Document = Callable[[], dict[str, Any]]


def dump(document: Any) -> str:
    return json_text(document)  # in C: the standard library indents in Python


def schema(model: str) -> dict[str, Any]:
    """NIST's JSON schema of an OSCAL model (`catalog` or `mapping`)."""
    text = resources.files("normkit.outputs.oscal").joinpath("schemas", SCHEMAS[model])
    loaded: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return loaded


def _given(document: dict[str, Any]) -> dict[str, Any]:
    return document


def documents(derived: Derived) -> Iterator[tuple[str, Document]]:
    """(path in the output, its document made when called) of every file written."""
    corpus = derived.corpus
    for standard in corpus.standards:
        for version in standard.versions:
            yield (
                f"{standard.slug}/{version.name}/catalog.json",
                partial(catalog_document, corpus, standard, version),
            )
    for old, new in derived.version_pairs():
        owner = corpus.standard(new.standard)
        assert owner is not None
        mapping = version_mapping(owner, old, new, derived.changeset(old, new))
        if mapping["mapping-collection"]["mappings"][0]["maps"]:
            yield f"{owner.slug}/mappings/{old.name}..{new.name}.json", partial(_given, mapping)
    for crosswalk in corpus.crosswalks:
        table = crosswalk_table(derived, crosswalk)
        found = crosswalk_mapping(table) if table else None
        if found is not None:
            yield f"crosswalks/{crosswalk.slug}.json", partial(_given, found)


def planned_files(corpus: Corpus, derived: Derived | None = None) -> list[str]:
    """The files `write_oscal` writes, by path in the output (for the site's downloads)."""
    return [path for path, _ in documents(derived_for(corpus, derived))]


def write_oscal(corpus: Corpus, out: Path, context: BuildContext | None = None) -> None:
    derived = derived_for(corpus, context.derived if context else None)
    with converted_once():  # a text the versions share is converted once
        for path, document in documents(derived):
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dump(document()), encoding="utf-8")
