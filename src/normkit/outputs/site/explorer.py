"""The criteria explorer: every criterion of a version, filtered and searched in the browser,
with the filters in the page's address and the selection exported as CSV or XLSX."""

from __future__ import annotations

import re
from typing import Any

from normkit.model.standard import Criterion, FieldSpec, FieldType, Standard, Version
from normkit.outputs.site import urls
from normkit.outputs.site.bar import PageKind, version_bar
from normkit.outputs.site.identity import version_page_identity
from normkit.outputs.site.markup import (
    applicability_items,
    field_attribute,
    field_text,
    field_tokens,
    html,
    md_text,
    raw,
)
from normkit.translations.labels import N_, _

FILTERABLE = (FieldType.BOOLEAN, FieldType.ENUM, FieldType.ENUM_LIST)
LEADING_COLUMNS = (N_("Number"), N_("Title"), N_("Id"), N_("Status"), N_("Applies to"))
"""The export's first columns; the version's custom fields follow, then Text (and, added by
the page's script, the Address of each criterion)."""
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
"""Characters a spreadsheet does not allow in a sheet name."""


def _field_filters(version: Version) -> list[dict[str, Any]]:
    return [
        {
            "label": spec.label,
            "name": field_attribute(spec.name).removeprefix("data-field-"),
            "choices": ("yes", "no") if spec.type is FieldType.BOOLEAN else spec.choices,
        }
        for spec in version.criterion_fields
        if spec.type in FILTERABLE
    ]


def _export_row(
    criterion: Criterion, fields: tuple[FieldSpec, ...], vocabulary: dict[str, str]
) -> list[str]:
    """One criterion as the export's cells (plain text; the script adds its address);
    `fields`: the version's criterion fields."""
    labels = applicability_items(criterion.applies_to, vocabulary)
    text = criterion.body.plain.strip()
    if criterion.is_withdrawn:
        text = f"{criterion.withdrawal_note.plain.strip()} {text}".strip()
    return [
        criterion.number,
        criterion.title,
        criterion.id,
        str(criterion.status),
        _("All activities") if labels is None else ", ".join(label for _, label in labels),
        *(
            "" if value is None else field_text(spec, value)
            for spec in fields
            for value in (criterion.fields.get(spec.name),)
        ),
        " ".join(text.split()),
    ]


def export_table(standard: Standard, version: Version) -> dict[str, Any]:
    """What the explorer's script exports: column names, a row per criterion id, the
    columns its search box looks in (number, title, id and text), the sheet's name and the
    file name (without extension)."""
    vocabulary = {a.code: a.label for a in standard.applicability}
    fields = version.criterion_fields  # a property computed at each use
    columns = [
        *(_(name) for name in LEADING_COLUMNS),
        *(spec.label for spec in fields),
        _("Text"),
    ]
    return {
        "columns": columns,
        "address": _("Address"),
        "searched": [0, 1, 2, len(columns) - 1],
        "rows": {c.id: _export_row(c, fields, vocabulary) for c in version.criteria()},
        "sheet": _SHEET_NAME_FORBIDDEN.sub(" ", version.title)[:31].strip() or "Criteria",
        "file": f"{standard.slug}-{version.name}-criteria",
    }


def explorer(standard: Standard, version: Version) -> str:
    page = urls.explorer_page(version)
    vocabulary = {a.code: a.label for a in standard.applicability}
    fields = version.criterion_fields
    rows = [
        {
            "id": criterion.id,
            "applies_to": " ".join(criterion.applies_to),
            "fields": [
                (
                    field_attribute(spec.name),
                    " ".join(field_tokens(spec, criterion.fields.get(spec.name))),
                )
                for spec in fields
            ],
            "url": urls.relative(page, urls.criterion_page(version, criterion), criterion.id),
            "withdrawn": criterion.is_withdrawn,
            "title": criterion.label,
            "labels": applicability_items(criterion.applies_to, vocabulary),
        }
        for criterion in version.criteria()
    ]
    body = html(
        "explorer.html.j2",
        applicability=standard.applicability,
        filters=_field_filters(version),
        rows=rows,
        active=sum(1 for row in rows if not row["withdrawn"]),
        data=export_table(standard, version),
    )
    bar = version_bar(standard, version, page, PageKind("explorer"), [])
    block = raw(body, "nk-explorer", data_pagefind_ignore="all")
    head = version_page_identity(
        standard,
        version,
        PageKind("explorer"),
        _("Criteria explorer"),
        _(
            "All %(count)s criteria of %(title)s in one list: filter them by activity and "
            "field, search their text and export the selection as CSV or XLSX."
        )
        % {"count": len(rows), "title": version.title},
    )
    heading = _("Criteria explorer")
    return f"{head.front_matter()}{bar}\n# {heading} — {md_text(version.title)}\n{block}"
