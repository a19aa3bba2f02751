"""One criterion as generated Markdown: a heading for the TOC and search, then raw HTML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.model.standard import Criterion, Section, SectionNote, Standard, Version
from normkit.model.translation import SOURCE_LANGUAGE, UnitStatus
from normkit.outputs.site import urls
from normkit.outputs.site.crosswalks import SchemeView, related_block
from normkit.outputs.site.lineage import criterion_notes
from normkit.outputs.site.links import LinkContext, rewrite
from normkit.outputs.site.markup import (
    applicability_items,
    field_attribute,
    field_rows,
    field_tokens,
    html,
    md_text,
    raw,
)
from normkit.revisions.criterion_lineage import CriterionLineage
from normkit.translations.labels import N_, _

MARK_LABELS = {
    "new": N_("New in this version"),
    "changed": N_("Changed in this version"),
    "withdrawn": N_("Withdrawn in this version"),
}


@dataclass(frozen=True, slots=True)
class CriterionContext:
    """What every criterion on one page needs besides itself."""

    corpus: Corpus
    standard: Standard
    version: Version
    page: str
    guidance: GuidanceEdition | None
    marks: dict[str, str]
    section: Section | None = None
    """The section whose page this is, for the notes that follow its criteria."""
    lineage: CriterionLineage | None = None
    """The standard's criteria across versions (for "Current: …" and "Formerly …")."""
    comments: dict[str, int] | None = None
    """Comments received on each criterion, when the version has a consultation round."""
    crosswalks: tuple[SchemeView, ...] = ()
    """Crosswalks to other schemes that speak for this version's criteria."""

    def section_notes(self, criterion_id: str | None) -> tuple[SectionNote, ...]:
        return self.section.notes_after(criterion_id) if self.section else ()

    @property
    def links(self) -> LinkContext:
        return LinkContext(self.corpus, self.version, self.page)


def heading(criterion: Criterion, level: int = 2, source_language: str = "") -> str:
    """`source_language`: the title is shown untranslated, in that language."""
    title = f"{criterion.number} {criterion.title}".strip()
    classes = (
        ".nk-criterion-heading .nk-withdrawn" if criterion.is_withdrawn else ".nk-criterion-heading"
    )
    lang = f" lang={source_language}" if source_language else ""
    return f"{'#' * level} {md_text(title)} {{ #{criterion.id} {classes}{lang} }}"


def _translation(criterion: Criterion, context: CriterionContext) -> dict[str, Any] | None:
    """What a translated criterion says about its translation: out of date (with the English
    text linked), or partly shown in English."""
    translation = context.version.translation
    if translation is None:
        return None
    statuses = translation.statuses_under(criterion.id)
    english = urls.in_language(context.page, "", translation.language)
    return {
        "stale": UnitStatus.FUZZY in statuses,
        "untranslated": UnitStatus.UNTRANSLATED in statuses,
        "source_url": urls.relative(context.page, english, criterion.id),
    }


def _guidance(criterion: Criterion, context: CriterionContext) -> dict[str, Any] | None:
    edition = context.guidance
    entry = edition.entry(criterion.id) if edition else None
    if edition is None or entry is None:
        return None
    scope = f"guidance-{criterion.id}"
    return {
        "title": edition.title or edition.name,
        "edition": edition.name,
        "intro": Markup(rewrite(entry.intro, context.links, scope)),
        "sections": [
            {
                "title": section.title,
                "html": Markup(rewrite(section.text, context.links, f"{scope}-{section.key}")),
            }
            for section in entry.sections
        ],
    }


def _mark(criterion: Criterion, context: CriterionContext) -> dict[str, str] | None:
    mark = context.marks.get(criterion.id)
    if mark not in MARK_LABELS:
        return None
    changes = urls.changes_page(context.version)
    translation = context.version.translation
    if translation is not None:  # a translation has no "What changed" page: the English's
        changes = urls.in_language(changes, "", translation.language)
    url = urls.relative(context.page, changes, f"change-{criterion.id}")
    return {"kind": mark, "url": url, "label": _(MARK_LABELS[mark])}


def _comments(criterion: Criterion, context: CriterionContext) -> dict[str, str] | None:
    """ "3 comments", linked to them in the consultation report."""
    if context.comments is None:
        return None
    count = context.comments.get(criterion.id, 0)
    url = urls.relative(
        context.page, urls.consultation_page(context.version), f"comments-{criterion.id}"
    )
    if not count:
        url = urls.relative(context.page, urls.consultation_page(context.version))
    return {"url": url, "label": f"{count or 'No'} comment{'' if count == 1 else 's'}"}


def render(criterion: Criterion, context: CriterionContext, level: int = 2) -> str:
    """The criterion's heading (Markdown) followed by its content (a raw HTML block)."""
    vocabulary = {a.code: a.label for a in context.standard.applicability}
    fields = context.version.criterion_fields  # a property computed at each use
    content = html(
        "criterion.html.j2",
        criterion=criterion,
        mark=_mark(criterion, context),
        short_url=urls.relative(context.page, urls.short_page(context.standard.slug, criterion.id)),
        notes=criterion_notes(
            context.lineage, context.standard, context.page, context.version, criterion
        ),
        comments=_comments(criterion, context),
        withdrawal=Markup(rewrite(criterion.withdrawal_note, context.links)),
        body=Markup(rewrite(criterion.body, context.links, criterion.id)),
        applicability=applicability_items(criterion.applies_to, vocabulary),
        fields=field_rows(fields, criterion.fields),
        guidance=_guidance(criterion, context),
        related=Markup(related_block(context.crosswalks, criterion, context.page)),
        translation=_translation(criterion, context),
    )
    attributes = {
        field_attribute(spec.name): " ".join(field_tokens(spec, criterion.fields.get(spec.name)))
        for spec in fields
    }
    block = raw(
        content,
        "nk-criterion nk-withdrawn" if criterion.is_withdrawn else "nk-criterion",
        data_criterion=criterion.id,
        data_applies_to=" ".join(criterion.applies_to),
        **attributes,
    )
    notes = "".join(
        "\n" + note_block(note, context.links) for note in context.section_notes(criterion.id)
    )
    translation = context.version.translation
    untranslated = translation is not None and (
        translation.status(f"{criterion.id}.title") is UnitStatus.UNTRANSLATED
        and bool(criterion.title)
    )
    title = heading(criterion, level, SOURCE_LANGUAGE if untranslated else "")
    return f"{title}\n{block}{notes}"


def note_block(note: SectionNote, links: LinkContext) -> str:
    """Section text after an end marker, as a raw HTML block of its own."""
    scope = f"note-{note.location.line}"
    return raw(rewrite(note.text, links, scope), "nk-section-note")
