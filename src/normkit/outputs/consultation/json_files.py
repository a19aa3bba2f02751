"""The JSON output's share of the consultation: `<standard>/<version>/consultation.json` per
round and `schema/consultation.schema.json`.

The report's modules (its facts about versions, dates written in every language by Babel)
are imported only for a project with a round: about 30 M instructions that every JSON
build of a project without one paid at import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from normkit.model.corpus import Corpus
from normkit.outputs.consultation.serialise import SCHEMA_NAME, report_document
from normkit.outputs.files import OutputFiles
from normkit.outputs.package_data import package_text


def schema_text() -> str:
    return package_text("normkit.outputs.consultation", SCHEMA_NAME)


def report_path(standard: str, version: str) -> str:
    """Where a round's JSON is, relative to the JSON output's folder."""
    return f"{standard}/{version}/consultation.json"


def write_reports_json(corpus: Corpus, files: OutputFiles, dump: Callable[[Any], str]) -> None:
    """Into the JSON output's `files` (which link the previous build's where unchanged)."""
    if corpus.consultations:
        from normkit.outputs.consultation.report import build_report, reports

        for standard, version, found in reports(corpus):
            document = report_document(build_report(standard, version, found))
            files.write_text(report_path(standard.slug, version.name), dump(document))
    files.write_text(f"schema/{SCHEMA_NAME}", schema_text())
