"""The typst skeleton of a standard version's PDF and of a guidance edition's PDF."""

from __future__ import annotations

from collections.abc import Sequence

from normkit.model.consultation import SECTION_PREFIX
from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition, GuidanceEntry
from normkit.model.standard import Criterion, Section, Standard, Version, VersionStatus
from normkit.model.text import Text
from normkit.model.translation import Translation, UnitStatus
from normkit.outputs.pdf import facts
from normkit.outputs.pdf.fonts import PrintLanguage, page_of, print_language
from normkit.outputs.pdf.links import glossary_for
from normkit.outputs.pdf.source import PrintJob, SourceBuilder, content, date, pairs, string
from normkit.revisions.comparison import compare
from normkit.translations.labels import _


def version_name(version: Version) -> str:
    return f"{version.standard}-{version.name}"


def edition_name(edition: GuidanceEdition) -> str:
    return f"{edition.standard}-guidance-{edition.name}"


def _strings(values: tuple[str, ...]) -> str:
    """A typst array of strings."""
    return "(" + "".join(string(value) + ", " for value in values) + ")"


def _frame(
    builder: SourceBuilder,
    *,
    title: str,
    subject: str,
    author: str,
    status: VersionStatus,
    header_left: str,
    keywords: list[str],
    published: object,
    language: PrintLanguage,
) -> None:
    label = facts.status_label(status)
    mark = facts.watermark(status)
    region = string(language.region) if language.region else "none"
    builder.add(
        "#show: nk-document.with("
        f"title: {string(title)}, author: {string(author)}, subject: {string(subject)}, "
        f"keywords: {_strings(tuple(keywords))}, "
        f"header-left: {content(header_left)}, header-right: {content(label)}, "
        f"footer-left: {content(author)}, "
        f"watermark: {string(mark) if mark else 'none'}, "
        f"line-numbers: {'true' if facts.line_numbers(status) else 'false'}, "
        f"date: {published}, lang: {string(language.lang)}, region: {region}, "
        f"fonts: {_strings(language.fonts)}, mono: {_strings(language.mono)}, "
        f"page-of: {_strings(page_of())})"
    )


def form_facts(version: Version) -> list[tuple[str, str]]:
    """Where a consultation draft's comment form is and where to send it, for its cover."""
    if version.status is not VersionStatus.CONSULTATION:
        return []
    form = f"{version.standard}-{version.name}-comments"
    where = _("%(xlsx)s or %(csv)s, published with this draft") % {
        "xlsx": f"{form}.xlsx",
        "csv": f"{form}.csv",
    }
    rows = [(_("Comment form"), where)]
    if version.comments_to:
        rows.append((_("Send comments to"), version.comments_to.removeprefix("mailto:")))
    return rows


def _mark(builder: SourceBuilder, kind: str, key: str) -> None:
    """An invisible marker where something starts or ends: in documents with line numbers,
    normkit reads them back to know each criterion's and section's lines (`lines.py`)."""
    if builder.markers:
        builder.add(f"#metadata({string(key)})<nk-{kind}>")


MARGIN_MARKS = {"new": "New", "changed": "Changed", "withdrawn": "Withdrawn"}
"""What a draft's margin says beside a criterion, against the version the draft revises."""


def revision_marks(corpus: Corpus, version: Version) -> dict[str, str]:
    """Criterion id → `new`, `changed` or `withdrawn` against the version a draft or a
    consultation draft revises (a renumbering alone is no change); empty for other versions."""
    if version.status not in (VersionStatus.DRAFT, VersionStatus.CONSULTATION):
        return {}
    if version.translation is not None:
        # Comparing translated text with the previous version's would mark every criterion
        # whose translation differs; a translated draft is printed without marks.
        return {}
    previous = corpus.version(version.standard, version.supersedes or "")
    if previous is None:
        return {}
    return compare(corpus, previous, version).marks()


def _criterion(
    builder: SourceBuilder,
    standard: Standard,
    version: Version,
    criterion: Criterion,
    level: int,
    mark: str = "",
) -> None:
    heading = f"{criterion.number} {criterion.title}".strip()
    _mark(builder, "start", criterion.id)
    builder.heading(level, heading, criterion.id, muted=criterion.is_withdrawn)
    rows = facts.criterion_facts(standard, version, criterion)
    builder.add(
        f"#nk-criterion-meta(id: {string(criterion.id)}, facts: {pairs(rows)}, "
        f"mark: {string(MARGIN_MARKS.get(mark, ''))})"
    )
    translation = version.translation
    if translation is not None and UnitStatus.FUZZY in translation.statuses_under(criterion.id):
        # As on the site: a reader of the translation is told the English has moved on.
        stale = _(
            "This translation is out of date: the English text has changed since it was translated."
        )
        builder.add(f"#block(emph({string(stale)}))")
    if not criterion.is_withdrawn:
        builder.add(builder.fragment(criterion.body))
        _mark(builder, "end", criterion.id)
        return
    # Greyed, with where the requirement went (linked) before what is left of its text.
    builder.add("#nk-withdrawn[")
    builder.add(builder.fragment(criterion.withdrawal_note))
    if not criterion.body.is_empty:
        builder.add(builder.fragment(criterion.body))
    builder.add("]")
    _mark(builder, "end", criterion.id)


def _note(builder: SourceBuilder, text: Text) -> None:
    """Section text after an end marker: set off from the criterion above it."""
    builder.add("#nk-section-note[")
    builder.add(builder.fragment(text))
    builder.add("]")


def _glossary(builder: SourceBuilder, corpus: Corpus, version_key: str) -> None:
    terms = glossary_for(corpus, version_key, builder.fragments)
    if not terms:
        return
    builder.heading(1, _("Appendix: Glossary"), "glossary")
    intro = _(
        "The terms defined for this document. In the text, a defined term links to its entry here."
    )
    builder.add(f"#par(justify: false){content(intro)}")
    for term in terms:
        source_label = _("Source")
        call = (
            f"#nk-glossary-entry(term: {string(term.term)}, source: {string(term.source)}, "
            f"source-label: {string(source_label)})"
        )
        label = builder.label(f"term-{term.id}")
        builder.add(f"{call}[{builder.fragment(term.definition)}]{label}")


def _language(translation: Translation | None) -> PrintLanguage:
    return print_language(translation.language if translation is not None else "")


def _contents(depth: int) -> str:
    title = _("Contents")
    return f"#nk-contents(depth: {depth}, title: {string(title)})"


def version_job(corpus: Corpus, standard: Standard, version: Version, root: str = "") -> PrintJob:
    """A version's document (in a translation: in its language, named `<language>/…`)."""
    language = _language(version.translation)
    builder = SourceBuilder(
        here=f"{version.standard}/{version.name}",
        corpus=corpus,
        markers=facts.line_numbers(version.status),
    )
    _frame(
        builder,
        title=version.title,
        subject=version.summary or standard.description,
        author=standard.owner,
        status=version.status,
        header_left=facts.running_title(standard, version),
        keywords=[standard.code, version.name, facts.status_label(version.status)],
        published=date(version.published),
        language=language,
    )
    alert = version.status is not VersionStatus.PUBLISHED
    builder.add(
        f"#nk-cover(kicker: {string(standard.owner)}, title: {string(version.title)}, "
        f"subtitle: {string(standard.title)}, "
        f"status: {string(facts.status_label(version.status))}, "
        f"status-note: {string(note) if (note := facts.status_note(corpus, version)) else 'none'}, "
        f"facts: {pairs(facts.version_facts(corpus, standard, version) + form_facts(version))}, "
        f"summary: {content(version.summary) if version.summary else 'none'}, "
        f"alert: {'true' if alert else 'false'})"
    )
    items = list(facts.version_items(version))
    depth = max((item.level for item in items), default=1)
    builder.add(_contents(depth))
    marks = revision_marks(corpus, version)
    for item in items:
        if item.section is not None:
            rows = facts.section_facts(standard, version, item.section)
            _section(builder, item.section, item.level, rows)
        elif item.criterion is not None:
            mark = marks.get(item.criterion.id, "")
            _criterion(builder, standard, version, item.criterion, item.level, mark)
        elif item.note is not None:
            _note(builder, item.note.text)
    _mark(builder, "body-end", "")
    _glossary(builder, corpus, version.key)
    return builder.job(
        _named(version_name(version), version.translation),
        dated=version.published is not None,
        root=root,
        font_paths=language.font_paths,
    )


def _section(
    builder: SourceBuilder, section: Section, level: int, rows: Sequence[tuple[str, str]] = ()
) -> None:
    _mark(builder, "start", f"{SECTION_PREFIX}{section.key}")
    builder.heading(level, f"{section.number} {section.title}".strip(), f"section-{section.key}")
    if rows:  # the criterion's fact line serves a section's fields too (no id column)
        builder.add(f'#nk-criterion-meta(id: "", facts: {pairs(rows)})')
    if not section.intro.is_empty:
        builder.add(builder.fragment(section.intro))


def _entry(
    builder: SourceBuilder, served: Version | None, entry: GuidanceEntry, level: int
) -> None:
    criterion, heading = facts.entry_criterion(served, entry)
    builder.heading(level, heading, entry.criterion_id)
    if criterion is not None:
        label = _("Criterion {number}").format(number=criterion.number).strip()
        builder.add(f"#nk-criterion-box(label-text: {string(label)})[")
        builder.add(builder.fragment(criterion.body))
        builder.add("]")
    if not entry.intro.is_empty:
        builder.add(builder.fragment(entry.intro))
    for section in entry.sections:
        builder.add(f"#nk-guidance-heading({content(section.title)})")
        builder.add(builder.fragment(section.text))


def edition_job(corpus: Corpus, edition: GuidanceEdition, root: str = "") -> PrintJob:
    standard = corpus.standard(edition.standard)
    if standard is None:
        raise ValueError(f"guidance {edition.key} names unknown standard {edition.standard}")
    served = standard.version(edition.serves)
    language = _language(edition.translation)
    builder = SourceBuilder(here=f"{edition.standard}/{edition.serves}", corpus=corpus)
    _frame(
        builder,
        title=edition.title,
        subject=edition.summary
        or _("Guidance for {title}").format(title=served.title if served else edition.serves),
        author=standard.owner,
        status=edition.status,
        header_left=f"{edition.title} · {edition.name}",
        keywords=[standard.code, edition.name, "guidance"],
        published=date(edition.published),
        language=language,
    )
    guidance_for = _("Guidance for {title}").format(
        title=served.title if served else edition.serves
    )
    note = None
    if edition.status is not VersionStatus.PUBLISHED and served is not None:
        note = facts.status_note(corpus, served) if edition.status is served.status else None
    builder.add(
        f"#nk-cover(kicker: {string(standard.owner)}, title: {string(edition.title)}, "
        f"subtitle: {string(guidance_for)}, "
        f"status: {string(facts.status_label(edition.status))}, "
        f"status-note: {string(note) if note else 'none'}, "
        f"facts: {pairs(facts.edition_facts(standard, edition, served))}, "
        f"summary: {content(edition.summary) if edition.summary else 'none'}, "
        f"alert: {'true' if edition.status is not VersionStatus.PUBLISHED else 'false'})"
    )
    items = list(facts.edition_items(edition))
    builder.add(_contents(max((item.level for item in items), default=1)))
    for item in items:
        if item.section is not None:
            _section(builder, item.section, item.level)
        elif item.entry is not None:
            _entry(builder, served, item.entry, item.level)
        elif item.note is not None:
            _note(builder, item.note.text)
    _glossary(builder, corpus, f"{edition.standard}@{edition.serves}")
    return builder.job(
        _named(edition_name(edition), edition.translation),
        dated=edition.published is not None,
        root=root,
        font_paths=language.font_paths,
    )


def _named(name: str, translation: Translation | None) -> str:
    """A translation's document is `<language>/<name>`, beside the source's `<name>`."""
    return f"{translation.language}/{name}" if translation is not None else name
