"""Model objects → plain JSON-ready dictionaries (no I/O)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.guidance import GuidanceEdition, GuidanceEntry
from normkit.model.standard import (
    Criterion,
    CriterionStatus,
    FieldSpec,
    FieldValue,
    Reference,
    Section,
    Standard,
    Version,
)
from normkit.model.text import DEFAULT_STYLE, TermUse, Text, TextStyle

FORMAT_VERSION = "1.0"


def text(value: Text, style: TextStyle | None = None) -> dict[str, str]:
    """`style`: the default one (`Text.html`) or one that renders as it does."""
    html = (DEFAULT_STYLE if style is None else style).render(value.pieces)
    return {"markdown": value.markdown, "html": html, "plain": value.plain}


class VersionStyle(TextStyle):
    """The default style (`Text.html`), making each defined term's link once: a version's
    criteria link the same terms again and again, and each link escapes the term's tooltip
    (its definition's first paragraph) anew. For one version's texts (its memory grows with
    the terms they link)."""

    def __init__(self) -> None:
        self._terms: dict[TermUse, str] = {}

    def term(self, piece: TermUse) -> str:
        found = self._terms.get(piece)
        if found is None:
            found = self._terms[piece] = super().term(piece)
        return found


def date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def field_value(value: FieldValue) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def field_spec(spec: FieldSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "label": spec.label,
        "type": str(spec.type),
        "required": spec.required,
        "default": field_value(spec.default),
        "choices": list(spec.choices),
        "description": spec.description,
        "on": spec.on,
    }


def standard_meta(standard: Standard) -> dict[str, Any]:
    return {
        "slug": standard.slug,
        "code": standard.code,
        "title": standard.title,
        "owner": standard.owner,
        "licence": standard.licence,
        "description": standard.description,
        "applicability": [
            {"code": a.code, "label": a.label, "description": a.description}
            for a in standard.applicability
        ],
        "fields": [field_spec(spec) for spec in standard.fields],
    }


def _version_head(version: Version) -> dict[str, Any]:
    """What the version's own file and the index both say first about a version."""
    return {
        "name": version.name,
        "title": version.title,
        "status": str(version.status),
        "published": date(version.published),
        "effective": date(version.effective),
    }


def version_meta(version: Version) -> dict[str, Any]:
    return {
        **_version_head(version),
        "transition_end": date(version.transition_end),
        "consultation_closes": date(version.consultation_closes),
        "supersedes": version.supersedes,
        "superseded_by": version.superseded_by,
        "summary": version.summary,
        "fields": [field_spec(spec) for spec in version.fields],
    }


def edition_meta(edition: GuidanceEdition) -> dict[str, Any]:
    return {
        "name": edition.name,
        "title": edition.title,
        "status": str(edition.status),
        "published": date(edition.published),
        "supersedes": edition.supersedes,
    }


def section(value: Section, levels: tuple[str, ...]) -> dict[str, Any]:
    kind = levels[value.level - 1] if 0 < value.level <= len(levels) else "section"
    return {
        "key": value.key,
        "number": value.number,
        "title": value.title,
        "kind": kind,
        "fields": {name: field_value(v) for name, v in value.fields.items()},
        "intro": text(value.intro),
        "criteria": [c.id for c in value.criteria],
        "notes": [{"after": note.after, "text": text(note.text)} for note in value.notes],
        "sections": [section(child, levels) for child in value.children],
    }


def guidance(entry: GuidanceEntry | None, edition: GuidanceEdition | None) -> Any:
    if entry is None or edition is None:
        return None
    return {
        "edition": edition.name,
        "intro": text(entry.intro),
        "sections": [
            {"key": s.key, "title": s.title, "text": text(s.text)} for s in entry.sections
        ],
    }


SectionPaths = dict[tuple[str, ...], list[dict[str, str]]]
"""A version's `section_path` entries by the keys of the sections (its criteria share a few)."""


def section_path(version: Version, keys: tuple[str, ...]) -> list[dict[str, str]]:
    path = [found for key in keys if (found := version.section(key)) is not None]
    return [{"key": s.key, "number": s.number, "title": s.title} for s in path]


def criterion(
    value: Criterion,
    version: Version,
    edition: GuidanceEdition | None,
    style: TextStyle | None = None,
    paths: SectionPaths | None = None,
) -> dict[str, Any]:
    """`style`: as `text`'s (a `VersionStyle` when the caller makes a version's entries);
    `paths`: the version's section paths made so far, when the caller keeps them (the
    entries then share each path's list: they are serialised, never changed)."""
    found_path = paths.get(value.section_path) if paths is not None else None
    if found_path is None:
        found_path = section_path(version, value.section_path)
        if paths is not None:
            paths[value.section_path] = found_path
    # The values most criteria leave empty are made without a comprehension (each is a
    # function call of its own): a version's file is written once per criterion.
    withdrawn = value.status is CriterionStatus.WITHDRAWN
    fields = value.fields
    references = value.references
    return {
        "id": value.id,
        "number": value.number,
        "title": value.title,
        "section_path": found_path,
        "text": text(value.body, style),
        "parts": [
            {"label": p.label, "number": p.number, "text": text(p.text, style)} for p in value.parts
        ]
        if value.parts
        else [],
        "applies_to": list(value.applies_to),
        "fields": {name: field_value(v) for name, v in fields.items()} if fields else {},
        "replaces": list(value.replaces),
        "references": [reference(r) for r in references] if references else [],
        "status": str(value.status),
        "withdrawn_to": [reference(r) for r in value.withdrawn_to] if value.withdrawn_to else [],
        "withdrawn_to_sections": (
            _withdrawn_to_sections(value, version) if value.withdrawn_to_sections else []
        ),
        "withdrawn_as": str(value.withdrawn_as) if withdrawn else None,
        "withdrawn_reason": value.withdrawn_reason if withdrawn else None,
        "terms": list(value.terms),
        "guidance": guidance(edition.entry(value.id), edition) if edition is not None else None,
        "content_hash": value.content_hash,
        "source": {"path": value.location.path, "line": value.location.line},
    }


def _withdrawn_to_sections(value: Criterion, version: Version) -> list[dict[str, str]]:
    return [
        {"key": s.key, "number": s.number, "title": s.title}
        for target in value.withdrawn_to_sections
        if (s := version.section(target.key)) is not None
    ]


def reference(value: Reference) -> dict[str, Any]:
    return {
        "standard": value.standard,
        "version": value.version,
        "id": value.criterion_id,
        "part": value.part,
    }


def term(value: Term) -> dict[str, Any]:
    return {
        "id": value.id,
        "term": value.term,
        "aliases": list(value.aliases),
        "definition": text(value.definition),
        "source": value.source,
    }


def translated_versions(corpus: Corpus, version: Version) -> list[Version]:
    """The version in each language it has a catalog in."""
    found = []
    for translation in corpus.translations:
        translated = translation.version(version.standard, version.name)
        if translated is not None and translated.translation is not None:
            found.append(translated)
    return found


def version_translations(translated: list[Version]) -> dict[str, Any]:
    """Per language: its catalog, title and summary, and coverage."""
    found: dict[str, Any] = {}
    for version in translated:
        assert version.translation is not None
        coverage = version.translation.coverage
        found[version.translation.language] = {
            "catalog": version.translation.catalog,
            "title": version.title,
            "summary": version.summary,
            "coverage": {
                "units": coverage.total,
                "translated": coverage.translated,
                "fuzzy": coverage.fuzzy,
                "untranslated": coverage.untranslated,
            },
        }
    return found


def units_by_criterion(version: Version) -> dict[str, dict[str, str]]:
    """The translated `version`'s unit statuses by catalog key, grouped by the criterion
    whose units they are (`<criterion id>.<unit>`; ids have no dots): one pass over the
    catalog for the whole version instead of one per criterion."""
    found: dict[str, dict[str, str]] = {}
    if version.translation is not None:
        for key, status in version.translation.statuses.items():
            criterion_id, dot, _ = key.partition(".")
            if dot:
                found.setdefault(criterion_id, {})[key] = str(status)
    return found


def criterion_translations(
    criterion_id: str,
    translated: list[Version],
    units: list[dict[str, dict[str, str]]] | None = None,
) -> dict[str, Any]:
    """Per language: the criterion's title, text and parts as that language's outputs show
    them (untranslated units in the source language, marked in `html`), and the status of
    each of its units by catalog key. `units`: `units_by_criterion` of each of `translated`,
    when the caller has them already."""
    found: dict[str, Any] = {}
    for index, version in enumerate(translated):
        criterion = version.criterion(criterion_id)
        if criterion is None or version.translation is None:
            continue
        grouped = units[index] if units is not None else units_by_criterion(version)
        found[version.translation.language] = {
            "title": criterion.title,
            "text": text(criterion.body),
            "parts": [{"label": p.label, "text": text(p.text)} for p in criterion.parts],
            "units": grouped.get(criterion_id, {}),
        }
    return found


def criterion_entries(corpus: Corpus, version: Version) -> list[dict[str, Any]]:
    """Every criterion of the version as its files give it, with its translations when the
    version has any."""
    return list(each_criterion_entry(corpus, version))


def each_criterion_entry(corpus: Corpus, version: Version) -> Iterator[dict[str, Any]]:
    """`criterion_entries` one after another (made once, for the version's file and the
    criterion's own), for a writer that need not hold them all."""
    edition = corpus.guidance_for(version)
    style = VersionStyle()
    paths: SectionPaths = {}
    translated = translated_versions(corpus, version)
    units = [units_by_criterion(language) for language in translated]
    for value in version.criteria():
        entry = criterion(value, version, edition, style, paths)
        if translated:  # only then: files of versions without translations stay as they were
            entry["translations"] = criterion_translations(entry["id"], translated, units)
        yield entry


def version_document(
    corpus: Corpus,
    standard: Standard,
    version: Version,
    entries: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The whole criteria file of one version; with translations when it has any.
    `entries`: the version's `criterion_entries`, when the caller has them already."""
    edition = corpus.guidance_for(version)
    criteria = list(version.criteria())
    used = sorted({term_id for c in criteria for term_id in c.terms})
    if edition is not None:
        used = sorted(set(used) | {t for e in edition.entries for t in e.terms})
    terms = [t for t in corpus.terms_for(version.key) if t.id in used]
    document: dict[str, Any] = {
        "$schema": "../schema/criteria.schema.json",
        "format_version": FORMAT_VERSION,
        "standard": standard_meta(standard),
        "version": version_meta(version),
        "guidance_edition": edition_meta(edition) if edition else None,
        "sections": [section(s, standard.section_levels) for s in version.sections],
        "criteria": criterion_entries(corpus, version) if entries is None else entries,
        "terms": [term(t) for t in terms],
    }
    translated = translated_versions(corpus, version)
    if translated:
        document["translations"] = version_translations(translated)
    return document


def index_document(corpus: Corpus) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "standards": [
            {
                "slug": s.slug,
                "code": s.code,
                "title": s.title,
                "latest": s.latest_published.name if s.latest_published else None,
                "versions": [_index_entry(s, v) for v in s.versions],
            }
            for s in corpus.standards
        ],
    }


def _index_entry(standard: Standard, version: Version) -> dict[str, Any]:
    criteria = withdrawn = 0
    for found in version.criteria():  # one walk for both counts
        if found.is_withdrawn:
            withdrawn += 1
        else:
            criteria += 1
    return {
        **_version_head(version),
        "criteria": criteria,
        "withdrawn": withdrawn,
        "file": f"{standard.slug}/{version.name}.json",
    }
