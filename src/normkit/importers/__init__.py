"""`normkit import`: bring an existing standard in, as normkit sources.

Importers turn a source (an OSCAL catalog, a CSV or XLSX requirements table) into
`standards/<standard>/<version>/` Markdown and YAML (and `standard.yml` for a new standard,
and a guidance edition when the source has guidance) that `normkit check` accepts as it
is. They write sources; they never build the model. Usable as a library:

    result = import_source(Path("catalog.json"), project, "nist", "rev5")
"""

from __future__ import annotations

from pathlib import Path

from normkit.diagnostics import Diagnostic
from normkit.importers.document import ImportedVersion
from normkit.importers.oscal import criterion_id, read_oscal
from normkit.importers.project import (
    FORMATS,
    ImportRefused,
    ImportResult,
    check_names,
    detect_format,
    has_errors,
    write_import,
)
from normkit.importers.table import read_table

__all__ = [
    "FORMATS",
    "ImportRefused",
    "ImportResult",
    "criterion_id",
    "import_source",
    "read_source",
]


def read_source(
    source: Path, source_format: str, columns: str | None = None, shown_as: str | None = None
) -> tuple[ImportedVersion | None, list[Diagnostic]]:
    """The source as an imported version (None with diagnostics when it cannot be)."""
    shown = shown_as or str(source)
    if not source.is_file():
        raise ImportRefused(f"{shown} is not a file", "give the path of the file to import")
    if source_format == "oscal":
        if columns:
            raise ImportRefused("--columns applies to csv and xlsx tables only")
        return read_oscal(source, shown)
    return read_table(source, source_format, columns, shown)


def import_source(
    source: Path,
    project: Path,
    standard: str,
    version: str,
    *,
    source_format: str | None = None,
    columns: str | None = None,
    force: bool = False,
) -> ImportResult:
    """Import `source` into `project` as `standard@version`.

    Problems in the source come back as diagnostics (and nothing is written); a request
    that cannot be carried out (an existing version without `force`, an unknown format)
    raises `ImportRefused`.
    """
    check_names(standard, version)
    imported, diagnostics = read_source(source, detect_format(source, source_format), columns)
    result = ImportResult(diagnostics=list(diagnostics))
    if imported is None or has_errors(diagnostics):
        return result
    result.written, result.supersedes = write_import(
        project, standard, version, imported, force=force
    )
    return result
