"""The criteria explorer: every criterion of a version, filtered and searched in the browser."""

from __future__ import annotations

from typing import Any

from normkit.model.standard import FieldType, Standard, Version
from normkit.outputs.site import urls
from normkit.outputs.site.bar import PageKind, version_bar
from normkit.outputs.site.identity import version_page_identity
from normkit.outputs.site.markup import (
    applicability_items,
    field_attribute,
    field_tokens,
    html,
    md_text,
    raw,
)

FILTERABLE = (FieldType.BOOLEAN, FieldType.ENUM, FieldType.ENUM_LIST)


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


def explorer(standard: Standard, version: Version) -> str:
    page = urls.explorer_page(version)
    vocabulary = {a.code: a.label for a in standard.applicability}
    rows = []
    search: dict[str, str] = {}
    for criterion in version.criteria():
        rows.append(
            {
                "id": criterion.id,
                "applies_to": " ".join(criterion.applies_to),
                "fields": [
                    (
                        field_attribute(spec.name),
                        " ".join(field_tokens(spec, criterion.fields.get(spec.name))),
                    )
                    for spec in version.criterion_fields
                ],
                "url": urls.relative(page, urls.criterion_page(version, criterion), criterion.id),
                "withdrawn": criterion.is_withdrawn,
                "title": f"{criterion.number} {criterion.title}".strip(),
                "labels": applicability_items(criterion.applies_to, vocabulary),
            }
        )
        search[criterion.id] = " ".join(
            (
                criterion.number,
                criterion.id,
                criterion.title,
                *((criterion.withdrawal_note.plain,) if criterion.is_withdrawn else ()),
                criterion.body.plain,
            )
        ).casefold()
    body = html(
        "explorer.html.j2",
        applicability=standard.applicability,
        filters=_field_filters(version),
        rows=rows,
        active=sum(1 for row in rows if not row["withdrawn"]),
        search=search,
    )
    bar = version_bar(standard, version, page, PageKind("explorer"), [])
    block = raw(body, "nk-explorer", data_pagefind_ignore="all")
    head = version_page_identity(
        standard,
        version,
        PageKind("explorer"),
        "Criteria explorer",
        f"All {len(rows)} criteria of {version.title} in one list: filter them by activity "
        "and field, search their text and export the selection as CSV or XLSX.",
    )
    return f"{head.front_matter()}{bar}\n# Criteria explorer — {md_text(version.title)}\n{block}"
