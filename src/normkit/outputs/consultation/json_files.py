"""The JSON output's share of the consultation: `<standard>/<version>/consultation.json` per
round and `schema/consultation.schema.json`."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from normkit.model.corpus import Corpus
from normkit.outputs.consultation.report import build_report, reports
from normkit.outputs.consultation.serialise import SCHEMA_NAME, report_document


def schema_text() -> str:
    package = resources.files("normkit.outputs.consultation")
    return package.joinpath(SCHEMA_NAME).read_text(encoding="utf-8")


def report_path(standard: str, version: str) -> str:
    """Where a round's JSON is, relative to the JSON output's folder."""
    return f"{standard}/{version}/consultation.json"


def write_reports_json(corpus: Corpus, out: Path, dump: Callable[[Any], str]) -> None:
    for standard, version, found in reports(corpus):
        path = out / report_path(standard.slug, version.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(report_document(build_report(standard, version, found))), "utf-8")
    (out / "schema").mkdir(parents=True, exist_ok=True)
    (out / "schema" / SCHEMA_NAME).write_text(schema_text(), encoding="utf-8")
