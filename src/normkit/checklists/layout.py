"""An assurance checklist's layout, shared by the writer and the reader: its columns, the
auditors' vocabulary of findings, and its rows (one per criterion and lettered part)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.model.standard import Criterion, FieldSpec, FieldValue, Section, Standard, Version

FINDINGS = ("conforms", "minor", "major", "not applicable")
"""What an auditor may record against a row: conformity, a minor or major non-conformity,
or that the requirement does not apply to the site audited."""
SEVERITY = ("major", "minor")
"""Findings that make a criterion's overall finding, whatever its other rows say."""

SECTION = "Section"
NUMBER = "Number"
ID = "ID"
TITLE = "Title"
REQUIREMENT = "Requirement"
EXPECTED_EVIDENCE = "Expected evidence"
FINDING = "Finding"
EVIDENCE = "Evidence"
NOTES = "Notes"
AUDITOR_COLUMNS = (FINDING, EVIDENCE, NOTES)
"""Columns the auditor fills in; everything to their left comes from the standard."""
ABOUT_SHEET = "About"


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One row: a criterion, or one of its lettered parts."""

    section: str
    """The labels of the enclosing sections, outermost first, joined with ` › `."""
    number: str
    id: str
    """The criterion id, or `id.part` for a lettered part."""
    title: str
    text: str
    """The requirement as plain text (the whole body for a criterion row)."""
    applies: tuple[bool, ...]
    """One per applicability code of the standard, in vocabulary order."""
    fields: tuple[str, ...]
    """One per custom criterion field of the version, as text."""
    evidence: str
    """The guidance's evidence items, one per line."""
    is_part: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Sheet:
    """The rows of one top-level section."""

    title: str
    """The sheet's name: the section's label, cut to Excel's 31 characters."""
    section: Section
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Checklist:
    """The layout of a version's assurance checklist."""

    standard: Standard
    version: Version
    edition: GuidanceEdition | None
    """The guidance edition its evidence comes from."""
    sheets: tuple[Sheet, ...]

    @property
    def headers(self) -> list[str]:
        return headers(self.standard, self.version)


def applicability_header(label: str) -> str:
    return f"Applies: {label}"


def headers(standard: Standard, version: Version) -> list[str]:
    """The columns, left to right."""
    return [
        NUMBER,
        ID,
        TITLE,
        REQUIREMENT,
        *(applicability_header(code.label) for code in standard.applicability),
        *(spec.label for spec in version.criterion_fields),
        EXPECTED_EVIDENCE,
        SECTION,
        *AUDITOR_COLUMNS,
    ]


def row_values(row: Row) -> list[str]:
    """A row's cells left of the auditor columns, in `headers` order."""
    return [
        row.number,
        row.id,
        row.title,
        row.text,
        *("yes" if applies else "no" for applies in row.applies),
        *row.fields,
        row.evidence,
        row.section,
    ]


def field_text(value: FieldValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(field_text(item) for item in value)
    return str(value)


def evidence_items(criterion: Criterion, edition: GuidanceEdition | None) -> str:
    """The guidance's evidence section (a sub-section titled or keyed `evidence…`), its
    list items one per line."""
    entry = edition.entry(criterion.id) if edition else None
    if entry is None:
        return ""
    lines: list[str] = []
    for section in entry.sections:
        if not (section.key.startswith("evidence") or "evidence" in section.title.lower()):
            continue
        for line in section.text.plain.splitlines():
            item = line.strip().removeprefix("- ").removeprefix("* ").strip()
            if item:
                lines.append(item)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Columns:
    """What every row of one checklist is given besides its criterion."""

    fields: tuple[FieldSpec, ...]
    codes: tuple[str, ...]
    edition: GuidanceEdition | None


def _rows(criterion: Criterion, path: str, columns: _Columns) -> list[Row]:
    applies = tuple(code in criterion.applies_to for code in columns.codes)
    fields = tuple(field_text(criterion.fields.get(spec.name)) for spec in columns.fields)
    rows = [
        Row(
            section=path,
            number=criterion.number,
            id=criterion.id,
            title=criterion.title,
            text=criterion.body.plain.strip(),
            applies=applies,
            fields=fields,
            evidence=evidence_items(criterion, columns.edition),
            is_part=False,
        )
    ]
    rows.extend(
        Row(
            section=path,
            number=part.number,
            id=f"{criterion.id}.{part.label}",
            title=criterion.title,
            text=part.text.plain.strip(),
            applies=applies,
            fields=fields,
            evidence="",
            is_part=True,
        )
        for part in criterion.parts
    )
    return rows


def _walk(section: Section, labels: tuple[str, ...], columns: _Columns, out: list[Row]) -> None:
    here = (*labels, section.label or section.key)
    for criterion in section.criteria:
        if not criterion.is_withdrawn:
            out.extend(_rows(criterion, " › ".join(here), columns))
    for child in section.children:
        _walk(child, here, columns, out)


def sheet_title(label: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no `[]:*?/\\`, at most 31 characters, unique."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in label).strip() or "Section"
    title = cleaned[:31].rstrip()
    counter = 2
    while title.lower() in taken or title == ABOUT_SHEET:
        suffix = f" ({counter})"
        title = cleaned[: 31 - len(suffix)].rstrip() + suffix
        counter += 1
    taken.add(title.lower())
    return title


def checklist_for(corpus: Corpus, standard: Standard, version: Version) -> Checklist:
    """The checklist of one version: a sheet per top-level section that has criteria."""
    edition = corpus.guidance_for(version)
    columns = _Columns(
        fields=version.criterion_fields,
        codes=tuple(code.code for code in standard.applicability),
        edition=edition,
    )
    sheets: list[Sheet] = []
    taken: set[str] = {ABOUT_SHEET.lower()}
    for section in version.sections:
        rows: list[Row] = []
        _walk(section, (), columns, rows)
        if rows:
            title = sheet_title(section.label or section.key, taken)
            sheets.append(Sheet(title=title, section=section, rows=tuple(rows)))
    return Checklist(standard=standard, version=version, edition=edition, sheets=tuple(sheets))
