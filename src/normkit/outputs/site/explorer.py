"""The criteria explorer: every criterion of a version, filtered and searched in the browser."""

from __future__ import annotations

from normkit.model.standard import FieldType, Standard, Version
from normkit.outputs.site import urls
from normkit.outputs.site.bar import PageKind, version_bar
from normkit.outputs.site.markup import (
    applicability_labels,
    esc,
    field_tokens,
    json_script,
    md_text,
    raw,
)

FILTERABLE = (FieldType.BOOLEAN, FieldType.ENUM, FieldType.ENUM_LIST)


def _field_filters(standard: Standard) -> str:
    controls = []
    for spec in standard.fields:
        if spec.type not in FILTERABLE:
            continue
        choices = ("yes", "no") if spec.type is FieldType.BOOLEAN else spec.choices
        options = '<option value="">Any</option>' + "".join(
            f'<option value="{esc(choice)}">{esc(choice)}</option>' for choice in choices
        )
        controls.append(
            f'<label>{esc(spec.label)} <select data-field="{esc(spec.name.replace("_", "-"))}">'
            f"{options}</select></label>"
        )
    return "".join(controls)


def explorer(standard: Standard, version: Version) -> str:
    page = urls.explorer_page(version)
    vocabulary = {a.code: a.label for a in standard.applicability}
    rows = []
    search: dict[str, str] = {}
    for criterion in version.criteria():
        target = urls.relative(page, urls.criterion_page(version, criterion), criterion.id)
        fields = "".join(
            f' data-field-{spec.name.replace("_", "-")}="'
            f'{esc(" ".join(field_tokens(spec, criterion.fields.get(spec.name))))}"'
            for spec in standard.fields
        )
        labels = applicability_labels(criterion.applies_to, vocabulary)
        title = esc(f"{criterion.number} {criterion.title}".strip())
        rows.append(
            f'<li class="nk-row" data-criterion="{esc(criterion.id)}" '
            f'data-applies-to="{esc(" ".join(criterion.applies_to))}"{fields}>'
            f'<a href="{esc(target)}">{title}</a> <code>{esc(criterion.id)}</code>'
            f'<ul class="nk-labels">{labels}</ul></li>'
        )
        search[criterion.id] = " ".join(
            (criterion.number, criterion.id, criterion.title, criterion.body.plain)
        ).casefold()
    applicability = '<option value="">All activities</option>' + "".join(
        f'<option value="{esc(a.code)}">{esc(a.label)}</option>' for a in standard.applicability
    )
    controls = (
        '<form class="nk-explorer-controls" role="search" onsubmit="return false">'
        '<label>Search criteria <input type="search" class="nk-explorer-text" '
        'placeholder="number, id or words"></label>'
        f'<label>Applies to <select data-field="applies-to">{applicability}</select></label>'
        f"{_field_filters(standard)}</form>"
    )
    count = len(rows)
    body = (
        f'{controls}<p class="nk-explorer-count" aria-live="polite">{count} of {count} criteria</p>'
        f'<ul class="nk-explorer-results">{"".join(rows)}</ul>'
        f"{json_script('nk-explorer-data', search)}"
    )
    bar = version_bar(standard, version, page, PageKind("explorer"), [])
    block = raw(body, "nk-explorer", data_pagefind_ignore="all")
    return f"{bar}\n# Criteria explorer — {md_text(version.title)}\n{block}"
