"""`out/<standard>-<version>-comments.xlsx` and `.csv`: the comment form of every version out
for consultation."""

from __future__ import annotations

from pathlib import Path

from normkit.model.corpus import Corpus
from normkit.model.standard import Version, VersionStatus
from normkit.outputs.consultation.form import form_name, form_rows, write_form_csv, write_form_xlsx
from normkit.outputs.context import BuildContext
from normkit.outputs.pdf.lines import version_line_map


def consulted_versions(corpus: Corpus) -> list[Version]:
    """Versions with a comment form: those out for consultation."""
    return [v for v in corpus.versions() if v.status is VersionStatus.CONSULTATION]


def write_forms(
    corpus: Corpus, version: Version, out: Path, project: Path, cache: Path | None
) -> list[Path]:
    """The XLSX and CSV forms of one draft, written each in one step (a reader of `out` never
    sees half a file, and a hard-linked copy of the previous file is left alone)."""
    standard = corpus.standard(version.standard)
    assert standard is not None
    rows = form_rows(version, version_line_map(corpus, version, project, cache))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix in (".xlsx", ".csv"):
        path = out / f"{form_name(version)}{suffix}"
        partial = path.with_name(f".{path.name}.partial")
        if suffix == ".xlsx":
            write_form_xlsx(partial, standard, version, rows, corpus.stakeholder_groups)
        else:
            write_form_csv(partial, rows)
        partial.replace(path)
        written.append(path)
    return written


def write_consultation(corpus: Corpus, out: Path, context: BuildContext) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for version in consulted_versions(corpus):
        write_forms(corpus, version, out, context.project, context.cache)
