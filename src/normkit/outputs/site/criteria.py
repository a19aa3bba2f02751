"""One criterion as generated Markdown: a heading for the TOC and search, then raw HTML."""

from __future__ import annotations

from dataclasses import dataclass

from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.model.standard import Criterion, Standard, Version
from normkit.outputs.site import urls
from normkit.outputs.site.links import LinkContext, rewrite
from normkit.outputs.site.markup import (
    applicability_labels,
    esc,
    field_text,
    field_tokens,
    md_text,
    raw,
)

MARK_LABELS = {"new": "New in this version", "changed": "Changed in this version"}


@dataclass(frozen=True, slots=True)
class CriterionContext:
    """What every criterion on one page needs besides itself."""

    corpus: Corpus
    standard: Standard
    version: Version
    page: str
    guidance: GuidanceEdition | None
    marks: dict[str, str]

    @property
    def links(self) -> LinkContext:
        return LinkContext(self.corpus, self.version, self.page)


def heading(criterion: Criterion, level: int = 2) -> str:
    title = f"{criterion.number} {criterion.title}".strip()
    return f"{'#' * level} {md_text(title)} {{ #{criterion.id} .nk-criterion-heading }}"


def _labels(criterion: Criterion, standard: Standard) -> str:
    if not criterion.applies_to:
        return ""
    vocabulary = {a.code: a.label for a in standard.applicability}
    items = applicability_labels(criterion.applies_to, vocabulary)
    return (
        f'<div class="nk-applies"><span>Applies to:</span> <ul class="nk-labels">{items}</ul></div>'
    )


def _fields(criterion: Criterion, standard: Standard) -> str:
    rows = "".join(
        f"<dt>{esc(spec.label)}</dt><dd>{esc(field_text(spec, criterion.fields.get(spec.name)))}"
        "</dd>"
        for spec in standard.fields
        if criterion.fields.get(spec.name) is not None
    )
    return f'<dl class="nk-fields">{rows}</dl>' if rows else ""


def _guidance(criterion: Criterion, context: CriterionContext) -> str:
    edition = context.guidance
    entry = edition.entry(criterion.id) if edition else None
    if edition is None or entry is None:
        return ""
    scope = f"guidance-{criterion.id}"
    parts = [rewrite(entry.intro.html, context.links, scope)]
    for section in entry.sections:
        parts.append(f'<p class="nk-guidance-heading"><strong>{esc(section.title)}</strong></p>')
        parts.append(rewrite(section.text.html, context.links, f"{scope}-{section.key}"))
    return (
        '<details class="note nk-guidance">'
        f"<summary>Guidance ({esc(edition.title or edition.name)}, edition {esc(edition.name)})"
        f"</summary>{''.join(parts)}</details>"
    )


def _meta(criterion: Criterion, context: CriterionContext) -> str:
    short = urls.relative(context.page, urls.short_page(context.standard.slug, criterion.id))
    items = [
        f'<span class="nk-id">id <code>{esc(criterion.id)}</code></span>',
        f'<a class="nk-permalink" href="#{esc(criterion.id)}">Permalink</a>',
        f'<a class="nk-shortlink" href="{esc(short)}">Short link</a>',
    ]
    mark = context.marks.get(criterion.id)
    if mark in MARK_LABELS:
        changes = urls.relative(
            context.page, urls.changes_page(context.version), f"change-{criterion.id}"
        )
        items.insert(
            0, f'<a class="nk-mark nk-mark-{mark}" href="{esc(changes)}">{MARK_LABELS[mark]}</a>'
        )
    successor = _successor_link(criterion, context)
    if successor:
        items.append(successor)
    return f'<p class="nk-meta">{" · ".join(items)}</p>'


def _successor_link(criterion: Criterion, context: CriterionContext) -> str:
    if context.version.status.is_in_force or context.version.status.is_prerelease:
        return ""
    name = context.version.superseded_by
    successor = context.standard.version(name) if name else None
    target = urls.find_criterion(successor, criterion.id) if successor else None
    if successor is None or target is None:
        return ""
    url = urls.relative(context.page, urls.criterion_page(successor, target), target.id)
    label = f"{target.number} in {successor.title}".strip()
    return f'<a class="nk-successor" href="{esc(url)}">Current: {esc(label)}</a>'


def render(criterion: Criterion, context: CriterionContext, level: int = 2) -> str:
    """The criterion's heading (Markdown) followed by its content (a raw HTML block)."""
    tokens = {
        spec.name: " ".join(field_tokens(spec, criterion.fields.get(spec.name)))
        for spec in context.standard.fields
    }
    attributes = {f"data_field_{name.replace('_', '-')}": v for name, v in tokens.items()}
    body = rewrite(criterion.body.html, context.links, criterion.id)
    content = "".join(
        (
            _meta(criterion, context),
            f'<div class="nk-body">{body}</div>',
            _labels(criterion, context.standard),
            _fields(criterion, context.standard),
            _guidance(criterion, context),
        )
    )
    block = raw(
        content,
        "nk-criterion",
        data_criterion=criterion.id,
        data_applies_to=" ".join(criterion.applies_to),
        **attributes,
    )
    return f"{heading(criterion, level)}\n{block}"
