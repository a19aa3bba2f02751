"""One HTML document per standard version or guidance edition, marked up for pandoc's DOCX writer.

Word styles come from `custom-style` attributes (`data-custom-style` in HTML), which the
reference document defines: Criterion Title, Criterion Meta, Criterion Text, Criterion Part,
Withdrawn Title, Withdrawn Note, Withdrawn Text, Section Note, Guidance Heading, Guidance Text,
Status, Term, Definition.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.model.standard import Criterion, Section, Standard, Version
from normkit.model.text import Image, TargetKind, Text
from normkit.model.translation import Translation
from normkit.outputs.docx.package import Finish
from normkit.outputs.pdf import facts
from normkit.outputs.pdf.fonts import cjk_family
from normkit.outputs.pdf.links import (
    PrintDocument,
    PrintStyle,
    claim_parts,
    glossary_for,
    is_safe_anchor,
)
from normkit.translations.labels import _
from normkit.translations.languages import uses_cjk

_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
"""Where a fragment's HTML goes in the document being built (`fragment`)."""


@dataclass(frozen=True, slots=True)
class WordJob:
    """Everything needed to write one DOCX; hashable input for the cache."""

    name: str
    html: str
    metadata: tuple[tuple[str, str], ...]
    line_numbers: bool
    images: tuple[str, ...] = ()
    """Project-relative paths of the images the document embeds."""
    finish: Finish = field(default_factory=Finish)
    """Watermark, dates and keywords added to pandoc's parts."""
    east_asian_font: str = ""
    """The font Word uses for CJK text (`Noto Serif CJK SC`), for a CJK document."""


@dataclass(slots=True)
class HtmlBuilder:
    """The HTML of a document, as it is written part by part."""

    here: str
    corpus: Corpus | None = None
    parts: list[str] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    fragments: list[Text] = field(default_factory=list)
    owned: list[set[str]] = field(default_factory=list)

    def styled(self, style: str, inner: str) -> None:
        self.parts.append(f'<div data-custom-style="{style}">{inner}</div>')

    def paragraph(self, style: str, text: str, anchor: str = "") -> None:
        self.styled(style, f"<p>{self.anchor(anchor)}{escape(text)}</p>")

    def anchor(self, anchor: str) -> str:
        if not anchor or anchor in self.anchors or not is_safe_anchor(anchor):
            return ""
        self.anchors.add(anchor)
        return f'<span id="{anchor}"></span>'

    def heading(self, level: int, text: str, anchor: str = "") -> None:
        level = max(1, min(level, 6))
        self.parts.append(f"<h{level}>{self.anchor(anchor)}{escape(text)}</h{level}>")

    def fragment(self, style: str, text: Text) -> None:
        """Model text; links are rendered in `document` once every anchor is known."""
        self.owned.append(claim_parts(text, self.anchors))
        self.fragments.append(text)
        self.parts.append(
            f'<div data-custom-style="{style}">\x00{len(self.fragments) - 1}\x00</div>'
        )

    def images(self) -> tuple[str, ...]:
        return tuple(
            sorted(
                {
                    piece.target.value
                    for text in self.fragments
                    for piece in text.links()
                    if isinstance(piece, Image) and piece.target.kind is TargetKind.PROJECT
                }
            )
        )

    def document(self) -> str:
        body = "\n".join(self.parts)
        shared = PrintDocument(self.corpus, self.here, self.anchors)
        rendered = [
            text.render(PrintStyle(shared, owned, f"f{index}-"))
            for index, (text, owned) in enumerate(zip(self.fragments, self.owned, strict=True))
        ]
        # One pass over the document (a `replace` per fragment is quadratic in its length).
        body = _PLACEHOLDER.sub(lambda found: rendered[int(found.group(1))], body)
        return f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n"


def _cover(
    builder: HtmlBuilder, status: str, note: str | None, rows: list[tuple[str, str]], summary: str
) -> None:
    builder.paragraph("Status", status + (f" — {note}" if note else ""))
    table = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in rows)
    builder.parts.append(f"<table><tbody>{table}</tbody></table>")
    if summary:
        builder.paragraph("Abstract", summary)
    builder.parts.append('<div id="nk-toc"></div>')


def _criterion(
    builder: HtmlBuilder, standard: Standard, version: Version, criterion: Criterion
) -> None:
    title = f"{criterion.number} {criterion.title}".strip()
    withdrawn = criterion.is_withdrawn
    builder.paragraph("Withdrawn Title" if withdrawn else "Criterion Title", title, criterion.id)
    rows = facts.criterion_facts(standard, version, criterion)
    meta = " · ".join(f"{label}: {value}" for label, value in rows)
    builder.paragraph("Criterion Meta", f"{meta} · ID: {criterion.id}" if meta else criterion.id)
    if withdrawn:
        builder.fragment("Withdrawn Note", criterion.withdrawal_note)
    if not (withdrawn and criterion.body.is_empty):
        builder.fragment("Withdrawn Text" if withdrawn else "Criterion Text", criterion.body)


def _glossary(builder: HtmlBuilder, corpus: Corpus, version_key: str) -> None:
    terms = glossary_for(corpus, version_key, builder.fragments)
    if not terms:
        return
    builder.heading(1, _("Appendix: Glossary"), "glossary")
    for term in terms:
        builder.paragraph("Term", term.term, f"term-{term.id}")
        builder.fragment("Definition", term.definition)
        if term.source:
            builder.paragraph("Term Source", f"{_('Source')}: {term.source}")


def _metadata(
    title: str, author: str, subject: str, keywords: list[str], status: str, language: str = ""
) -> tuple[tuple[str, str], ...]:
    """Core properties; `status` becomes a custom property the running header shows; `lang`
    is the document's language (pandoc sets it on Word's default style)."""
    return (
        ("title", title),
        ("author", author),
        ("subject", subject),
        ("keywords", ", ".join(keywords)),
        ("lang", language or "en-GB"),
        ("status", status),
    )


def _language(translation: Translation | None) -> str:
    return translation.language if translation is not None else ""


def _east_asian_font(language: str) -> str:
    return cjk_family(language) if language and uses_cjk(language) else ""


def _named(name: str, language: str) -> str:
    return f"{language}/{name}" if language else name


def _section(
    builder: HtmlBuilder, section: Section, level: int, rows: Sequence[tuple[str, str]] = ()
) -> None:
    builder.heading(level, f"{section.number} {section.title}".strip(), f"section-{section.key}")
    if rows:
        builder.paragraph("Criterion Meta", " · ".join(f"{k}: {v}" for k, v in rows))
    if not section.intro.is_empty:
        builder.fragment("Body Text", section.intro)


def version_word_job(corpus: Corpus, standard: Standard, version: Version) -> WordJob:
    builder = HtmlBuilder(here=f"{version.standard}/{version.name}", corpus=corpus)
    _cover(
        builder,
        facts.status_label(version.status),
        facts.status_note(corpus, version),
        facts.version_facts(corpus, standard, version),
        version.summary,
    )
    for item in facts.version_items(version):
        if item.section is not None:
            rows = facts.section_facts(standard, version, item.section)
            _section(builder, item.section, item.level, rows)
        elif item.criterion is not None:
            _criterion(builder, standard, version, item.criterion)
        elif item.note is not None:
            builder.fragment("Section Note", item.note.text)
    _glossary(builder, corpus, version.key)
    keywords = [standard.code, version.name, facts.status_label(version.status)]
    language = _language(version.translation)
    return WordJob(
        name=_named(f"{version.standard}-{version.name}", language),
        html=builder.document(),
        metadata=_metadata(
            version.title,
            standard.owner,
            version.summary,
            keywords,
            facts.status_label(version.status),
            language,
        ),
        line_numbers=facts.line_numbers(version.status),
        images=builder.images(),
        finish=Finish(
            watermark=facts.watermark(version.status),
            date=version.published.isoformat() if version.published else "",
            keywords=", ".join(keywords),
        ),
        east_asian_font=_east_asian_font(language),
    )


def edition_word_job(corpus: Corpus, edition: GuidanceEdition) -> WordJob:
    standard = corpus.standard(edition.standard)
    if standard is None:
        raise ValueError(f"guidance {edition.key} names unknown standard {edition.standard}")
    served = standard.version(edition.serves)
    builder = HtmlBuilder(here=f"{edition.standard}/{edition.serves}", corpus=corpus)
    _cover(
        builder,
        facts.status_label(edition.status),
        None,
        facts.edition_facts(standard, edition, served),
        edition.summary,
    )
    for item in facts.edition_items(edition):
        if item.section is not None:
            _section(builder, item.section, item.level)
        elif item.note is not None:
            builder.fragment("Section Note", item.note.text)
        elif item.entry is not None:
            entry = item.entry
            criterion, heading = facts.entry_criterion(served, entry)
            builder.paragraph("Criterion Title", heading, entry.criterion_id)
            if criterion is not None:
                builder.fragment("Criterion Text", criterion.body)
            if not entry.intro.is_empty:
                builder.fragment("Guidance Text", entry.intro)
            for part in entry.sections:
                builder.paragraph("Guidance Heading", part.title)
                builder.fragment("Guidance Text", part.text)
    _glossary(builder, corpus, f"{edition.standard}@{edition.serves}")
    language = _language(edition.translation)
    return WordJob(
        name=_named(f"{edition.standard}-guidance-{edition.name}", language),
        html=builder.document(),
        metadata=_metadata(
            edition.title,
            standard.owner,
            edition.summary,
            [standard.code, edition.name, "guidance"],
            facts.status_label(edition.status),
            language,
        ),
        line_numbers=facts.line_numbers(edition.status),
        images=builder.images(),
        finish=Finish(
            watermark=facts.watermark(edition.status),
            date=edition.published.isoformat() if edition.published else "",
            keywords=", ".join([standard.code, edition.name, "guidance"]),
        ),
        east_asian_font=_east_asian_font(language),
    )
