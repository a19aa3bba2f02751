"""Writing assurance checklists: `out/<standard>-<version>.xlsx` and `.csv` per version.

The workbook has an About sheet (what the checklist is for and how to fill it; the reader
takes the standard and version from it) and a sheet per top-level section: a frozen header,
filters, one row per criterion and lettered part, the standard's columns locked and the
auditor's columns open, with a drop-down of findings. The CSV holds the same rows.
"""

from __future__ import annotations

import csv
import io
import json
from functools import partial
from importlib import metadata, resources
from pathlib import Path

from normkit.checklists.layout import AUDITOR_COLUMNS, Checklist, checklist_for, row_values
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.render_cache import RenderCache, code_fingerprint, digest_of
from normkit.outputs.workbooks import csv_text

SUMMARY_SCHEMA = "checklist-summary.schema.json"
WORKBOOK = "normkit.outputs.checklists.workbook"
"""The workbook's layout, imported only when a workbook is laid out (not from the cache)."""


def summary_schema_text() -> str:
    return resources.files("normkit.checklists").joinpath(SUMMARY_SCHEMA).read_text("utf-8")


def csv_document(checklist: Checklist) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(checklist.headers)
    blanks = [""] * len(AUDITOR_COLUMNS)
    for section in checklist.sheets:
        for row in section.rows:
            writer.writerow([csv_text(value) for value in row_values(row)] + blanks)
    return out.getvalue()


def _workbook_bytes(checklist: Checklist) -> bytes:
    from normkit.outputs.checklists.workbook import checklist_workbook_bytes

    return checklist_workbook_bytes(checklist)


def _csv(checklist: Checklist) -> bytes:
    # With a byte-order mark, spreadsheets open the UTF-8 file as UTF-8.
    return csv_document(checklist).encode("utf-8-sig")


def checklist_key(checklist: Checklist) -> str:
    """A digest of exactly what `workbook.workbook`, `workbook_bytes` and `csv_document` read: the
    facts of the About sheet and the document properties, every sheet's title and rows, the
    dates, and the code and openpyxl version that lay them out."""
    version, standard, edition = checklist.version, checklist.standard, checklist.edition
    facts = [
        *(version.key, version.name, version.title, str(version.status)),
        *(standard.slug, standard.owner),
        edition.title if edition else None,
        version.published.isoformat() if version.published else None,
        checklist.headers,
        [
            [sheet.title, [[row.is_part, row_values(row)] for row in sheet.rows]]
            for sheet in checklist.sheets
        ],
    ]
    return digest_of(
        [
            code_fingerprint(
                __name__, WORKBOOK, "normkit.outputs.workbooks", "normkit.checklists.layout"
            ),
            metadata.version("openpyxl"),
            json.dumps(facts, ensure_ascii=False),  # one string, each value kept apart
        ]
    )


def write_checklists(corpus: Corpus, out: Path, context: BuildContext | None = None) -> None:
    """Every version's checklist. A workbook whose inputs (`checklist_key`) are those of a
    previous build comes from the build's cache (checked by its sha256, like rendered
    documents) instead of being laid out again: most of the output's time."""
    out.mkdir(parents=True, exist_ok=True)
    cache = RenderCache(context.cache / "checklists" if context else None)
    for standard in corpus.standards:
        for version in standard.versions:
            checklist = checklist_for(corpus, standard, version)
            stem = f"{standard.slug}-{version.name}"
            key = checklist_key(checklist)
            xlsx = cache.bytes_for(key, ".xlsx", partial(_workbook_bytes, checklist))
            (out / f"{stem}.xlsx").write_bytes(xlsx)
            (out / f"{stem}.csv").write_bytes(
                cache.bytes_for(key, ".csv", partial(_csv, checklist))
            )
    cache.prune()
    (out / "schema").mkdir(exist_ok=True)
    schema = json.loads(summary_schema_text())
    (out / "schema" / SUMMARY_SCHEMA).write_text(
        json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
