"""What the search finds: one search record per criterion and per glossary entry.

Pagefind ranks pages, and a page of the site holds several criteria (a glossary page, every
term): a word found anywhere on the page made the whole page match, and excerpts ran from one
criterion or definition into the next and through the links around them. So the criteria and
glossary entries are left out of the rendered pages' index (`search.EXCLUDED`) and indexed
instead as records of their own, built from the model: the record's text is the criterion's
own text (with its guidance, weighted low) or the definition, its title and id are searchable
metadata, and filters carry what the search box needs to order and group results (version,
standard, status rank, kind, number, id, term and its written forms). Each record's address is
the criterion's or entry's anchor on its page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.standard import Criterion, Section, Standard, Version, VersionStatus
from normkit.model.text import Text
from normkit.outputs.site import urls
from normkit.outputs.site.markup import html
from normkit.translations.labels import _, labels_in

SEARCH_RANK = {
    VersionStatus.PUBLISHED: "current",
    VersionStatus.DRAFT: "upcoming",
    VersionStatus.CONSULTATION: "upcoming",
    VersionStatus.SUPERSEDED: "older",
    VersionStatus.WITHDRAWN: "older",
}
"""Pagefind filter value per status; search lists current, then upcoming, then older pages."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One search result as Pagefind indexes it: an HTML document and its address."""

    url: str
    """From the site's root, with a leading `/` and the anchor (`/perf/v3/5-climate/#ghg`)."""
    html: str
    words: int = 0
    """How many words Pagefind indexes from it (its text, title and metadata): what its
    index holds in memory is in proportion (`search.WORDS_PER_INDEX`)."""
    language: str = "en"
    """Its `lang`: the language whose index it is in, on a site in several languages."""


def paragraphs(text: Text) -> list[str]:
    """A text's plain paragraphs (Pagefind keeps words of different paragraphs apart)."""
    return [" ".join(block.split()) for block in text.plain.split("\n\n") if block.strip()]


LEAD_WORDS = 40
"""How much of a definition the search box shows: from its start, as a glossary reads."""


def lead(paragraphs: list[str]) -> str:
    """The start of a definition, whole words, with `…` when cut."""
    words = " ".join(paragraphs).split()
    return " ".join(words[:LEAD_WORDS]) + (" …" if len(words) > LEAD_WORDS else "")


def version_filters(standard: Standard, version: Version) -> list[tuple[str, str]]:
    return [
        ("version", version.title),
        ("standard", standard.title),
        ("rank", SEARCH_RANK[version.status]),
    ]


def _section_title(version: Version, criterion: Criterion) -> str:
    section: Section | None = (
        version.section(criterion.section_path[-1]) if criterion.section_path else None
    )
    return f"{section.number} {section.title}".strip() if section else ""


def _language(corpus: Corpus) -> str:
    return corpus.language or "en"


def _words(title: str, meta: list[tuple[str, str]], *texts: list[str]) -> int:
    """The words Pagefind indexes from a record: its title, metadata and text (not its
    filters)."""
    pieces = [title, *(value for _, value in meta)] + [piece for text in texts for piece in text]
    return sum(len(piece.split()) for piece in pieces)


def _criterion(
    corpus: Corpus, standard: Standard, version: Version, criterion: Criterion
) -> tuple[str, int]:
    text = paragraphs(criterion.withdrawal_note) + paragraphs(criterion.body)
    guidance: list[str] = []
    edition = corpus.guidance_for(version)
    entry = edition.entry(criterion.id) if edition else None
    if entry is not None:
        guidance = paragraphs(entry.intro)
        for section in entry.sections:
            guidance += [section.title, *paragraphs(section.text)]
    filters = [
        ("kind", "criterion"),
        *version_filters(standard, version),
        ("section", _section_title(version, criterion)),
        ("number", criterion.number),
        ("id", criterion.id),
        ("status", str(criterion.status)),
    ]
    meta = [("id", criterion.id)]
    record = html(
        "search_record.html.j2",
        lang=_language(corpus),
        title=criterion.label,
        meta=meta,
        text=text,
        guidance=guidance,
        filters=[(key, value) for key, value in filters if value],
    )
    return str(record), _words(criterion.label, meta, text, guidance)


def _term(corpus: Corpus, standard: Standard, version: Version, term: Term) -> tuple[str, int]:
    definition = paragraphs(term.definition)
    filters = [
        ("kind", "term"),
        *version_filters(standard, version),
        ("section", _("Glossary")),
        ("term", term.id),
        *(("name", form) for form in term.written_forms),
    ]
    meta = [
        ("lead", lead(definition)),
        *((("aliases", ", ".join(term.aliases)),) if term.aliases else ()),
    ]
    record = html(
        "search_record.html.j2",
        lang=_language(corpus),
        title=term.term,
        meta=meta,
        text=definition,
        guidance=[],
        filters=filters,
    )
    return str(record), _words(term.term, meta, definition)


def search_records(corpus: Corpus, *, translations: bool = False) -> Iterator[SearchRecord]:
    """A record for every criterion of every version, and for every glossary entry as each
    version's glossary shows it (the search box shows one entry per term); with
    `translations`, the same for every translated version, in its language and under its
    `<language>/` address (Pagefind keeps an index per language)."""
    yield from _records(corpus)
    if translations:
        for translation in corpus.translations:
            with labels_in(translation.language, translation.labels):
                records = list(_records(translation))  # labels set only while they are made
            yield from records


def _records(corpus: Corpus) -> Iterator[SearchRecord]:
    for standard in corpus.standards:
        for version in standard.versions:
            if corpus.language and version.translation is None:
                continue  # a translation's untranslated versions are the source's pages
            for criterion in version.criteria():
                page = urls.criterion_page(version, criterion)
                yield SearchRecord(
                    f"/{page}#{criterion.id}",
                    *_criterion(corpus, standard, version, criterion),
                    _language(corpus),
                )
            seen: set[str] = set()
            for term in corpus.terms_for(version.key):
                if term.id in seen:
                    continue
                seen.add(term.id)
                page = urls.glossary_page(version)
                yield SearchRecord(
                    f"/{page}#term-{term.id}",
                    *_term(corpus, standard, version, term),
                    _language(corpus),
                )
