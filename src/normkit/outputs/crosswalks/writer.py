"""Writing each crosswalk as `out/<crosswalk>.csv` (its entries) and `.xlsx` (About, Entries
and Coverage sheets), deterministic and with text that never becomes a formula, and every
crosswalk with its entries as `out/index.json` (for tools; empty without crosswalks)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from normkit.crosswalks.table import (
    ENTRY_HEADERS,
    CrosswalkTable,
    crosswalk_table,
)
from normkit.derived import Derived, derived_for
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.workbooks import csv_text, save_workbook

INDEX = "index.json"


def csv_document(table: CrosswalkTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ENTRY_HEADERS)
    for entry, criterion in table.rows:
        writer.writerow([csv_text(value) for value in table.entry_cells(entry, criterion)])
    return out.getvalue()


def planned_files(corpus: Corpus, derived: Derived | None = None) -> list[str]:
    """The files `write_crosswalks` writes (for the site's downloads)."""
    found = derived_for(corpus, derived)
    files = [
        f"{crosswalk.slug}.{suffix}"
        for crosswalk in corpus.crosswalks
        if crosswalk_table(found, crosswalk) is not None
        for suffix in ("xlsx", "csv")
    ]
    return [INDEX, *files]


def index_document(tables: list[CrosswalkTable]) -> dict[str, Any]:
    """Every crosswalk with its entries, for tools (`index.json`)."""
    return {
        "format_version": "1.0",
        "crosswalks": [
            {
                "slug": table.crosswalk.slug,
                "scheme": {
                    "title": table.crosswalk.scheme.title,
                    "owner": table.crosswalk.scheme.owner,
                    "version": table.crosswalk.scheme.version,
                    "url": table.crosswalk.scheme.url,
                    "licence": table.crosswalk.scheme.licence,
                },
                "standard": table.standard.slug,
                "reviewed_against": table.version.name,
                "reviewed": table.crosswalk.reviewed.isoformat()
                if table.crosswalk.reviewed
                else None,
                "files": [f"{table.crosswalk.slug}.xlsx", f"{table.crosswalk.slug}.csv"],
                "entries": [
                    {
                        "criterion": entry.criterion_id,
                        "part": entry.part,
                        "number": table.entry_cells(entry, criterion)[0],
                        "clause": entry.clause or None,
                        "clause_title": entry.clause_title,
                        "relationship": entry.relationship.value,
                        "note": entry.note,
                        "changed_since_review": (
                            {
                                "version": change.version.name,
                                "kinds": [str(kind) for kind in change.kinds],
                            }
                            if (change := table.changes.get(entry.criterion_id))
                            else None
                        ),
                    }
                    for entry, criterion in table.rows
                ],
            }
            for table in tables
        ],
    }


def write_crosswalks(corpus: Corpus, out: Path, context: BuildContext | None = None) -> None:
    derived = derived_for(corpus, context.derived if context else None)
    out.mkdir(parents=True, exist_ok=True)
    tables = []
    for crosswalk in corpus.crosswalks:
        table = crosswalk_table(derived, crosswalk)
        if table is None:
            continue
        tables.append(table)
        when = crosswalk.reviewed or table.version.published
        from normkit.outputs.crosswalks.workbook import workbook  # openpyxl: only when needed

        save_workbook(workbook(table), out / f"{crosswalk.slug}.xlsx", when)
        (out / f"{crosswalk.slug}.csv").write_text(csv_document(table), encoding="utf-8-sig")
    document = json.dumps(index_document(tables), indent=2, ensure_ascii=False)
    (out / INDEX).write_text(document + "\n", encoding="utf-8")
