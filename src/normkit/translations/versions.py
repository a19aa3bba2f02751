"""A standard version, a guidance edition and the glossary in one language: the source model
with each unit's text replaced by its translation (or kept, marked, where it has none)."""

from __future__ import annotations

from dataclasses import replace

from normkit.assemble.withdrawal import (
    SectionLookup,
    no_sections,
    note_targets,
    withdrawal_text,
)
from normkit.model.glossary import Term
from normkit.model.guidance import GuidanceEdition, GuidanceEntry, GuidanceSection
from normkit.model.standard import (
    ApplicabilityCode,
    Criterion,
    FieldSpec,
    Part,
    Section,
    SectionNote,
    Standard,
    Version,
)
from normkit.model.text import PartAnchor, Piece, Text
from normkit.translations.texts import CatalogTexts, footnote_definitions
from normkit.translations.units import (
    Unit,
    edition_units,
    heading_units,
    split_body,
    term_key,
    term_units,
    version_units,
)

PARTS_LIST = '<ol type="a" class="nk-parts">\n'
"""How the source's rendering opens the list of lettered parts (`sources/render.py`)."""


class Units:
    """A catalog's units by key, and the texts that translate them."""

    def __init__(self, units: list[Unit], texts: CatalogTexts) -> None:
        self.by_key = {unit.key: unit for unit in units}
        self.texts = texts
        self.sections: SectionLookup = no_sections
        """The version's sections by key, titled in this language, for notes that link
        one."""

    def plain(self, key: str, source: str) -> str:
        return self.texts.plain(self.by_key.get(key), source)

    def text(self, key: str, source: Text) -> Text:
        return self.texts.text(self.by_key.get(key), source)

    def translation(self, key: str) -> str:
        """The catalog's translation of a unit, whatever its status ('' when none)."""
        entry = self.texts.entry(key)
        return entry.translation if entry is not None else ""

    def finish(self) -> None:
        """Every unit's status recorded, including those no output shows."""
        for unit in self.by_key.values():
            if unit.key not in self.texts.statuses:
                self.texts.statuses[unit.key] = self.texts.status(unit)


def translate_standard(standard: Standard, version: Version, texts: CatalogTexts) -> Standard:
    """The standard's own texts (title, vocabulary, fields) from one version's catalog: plain
    text, which `texts` does not render."""
    units = Units(heading_units(standard, version), texts)
    return replace(
        standard,
        title=units.plain("standard.title", standard.title),
        description=units.plain("standard.description", standard.description),
        applicability=tuple(_code(code, units) for code in standard.applicability),
        fields=tuple(_spec(spec, units) for spec in standard.fields),
    )


def _code(code: ApplicabilityCode, units: Units) -> ApplicabilityCode:
    key = f"applicability.{code.code}"
    return replace(
        code,
        label=units.plain(key, code.label),
        description=units.plain(f"{key}.description", code.description),
    )


def _spec(spec: FieldSpec, units: Units) -> FieldSpec:
    key = f"field.{spec.name}"
    return replace(
        spec,
        label=units.plain(key, spec.label),
        description=units.plain(f"{key}.description", spec.description),
    )


def translate_version(standard: Standard, version: Version, texts: CatalogTexts) -> Version:
    units = Units(version_units(standard, version), texts)
    units.sections = lambda key: _titled(version.section(key), units)
    translated = replace(
        version,
        title=units.plain("version.title", version.title),
        summary=units.plain("version.summary", version.summary),
        sections=tuple(_section(section, units) for section in version.sections),
        fields=tuple(_spec(spec, units) for spec in version.fields),
    )
    units.finish()
    return replace(translated, translation=texts.record())


def _titled(section: Section | None, units: Units) -> Section | None:
    """A section as a withdrawal note names it: with its title in this language (the note
    may name a section before or after the criterion's own, so it is translated here)."""
    if section is None:
        return None
    return replace(section, title=units.plain(f"section.{section.key}.title", section.title))


def _section(section: Section, units: Units) -> Section:
    prefix = f"section.{section.key}"
    return replace(
        section,
        title=units.plain(f"{prefix}.title", section.title),
        intro=units.text(f"{prefix}.intro", section.intro),
        criteria=tuple(_criterion(criterion, units) for criterion in section.criteria),
        children=tuple(_section(child, units) for child in section.children),
        notes=tuple(_note(note, index, prefix, units) for index, note in enumerate(section.notes)),
    )


def _note(note: SectionNote, index: int, prefix: str, units: Units) -> SectionNote:
    return replace(note, text=units.text(f"{prefix}.note.{index + 1}", note.text))


def _criterion(criterion: Criterion, units: Units) -> Criterion:
    key = criterion.id
    title = units.plain(f"{key}.title", criterion.title)
    reason = units.plain(f"{key}.withdrawn-reason", criterion.withdrawn_reason)
    if criterion.parts:
        texts = units.texts
        texts.footnotes = footnote_definitions(
            *(units.translation(f"{key}.{suffix}") for suffix in ("body", "end")),
            *(units.translation(f"{key}.{part.label}") for part in criterion.parts),
        )
        texts.source_footnotes = footnote_definitions(criterion.body.markdown)
        parts = tuple(
            replace(part, text=units.text(f"{key}.{part.label}", part.text))
            for part in criterion.parts
        )
        lead_markdown, end_markdown = split_body(criterion.body.markdown)
        lead = units.text(f"{key}.body", texts.source_text(lead_markdown, criterion.location))
        end = units.text(f"{key}.end", texts.source_text(end_markdown, criterion.location))
        texts.footnotes = texts.source_footnotes = ""
        body = compose_body(key, lead, parts, end)
    else:
        parts = ()
        body = units.text(f"{key}.body", criterion.body)
    note = criterion.withdrawal_note
    if criterion.is_withdrawn:
        resolver = units.texts.resolver
        written = [target.key for target in criterion.withdrawn_to]
        written += [section.written for section in criterion.withdrawn_to_sections]
        targets = note_targets(written, resolver, units.sections)
        note = withdrawal_text(targets, criterion.withdrawn_as, reason, criterion.location)
    return replace(
        criterion,
        title=title,
        body=body,
        parts=parts,
        withdrawn_reason=reason,
        withdrawal_note=note,
    )


def _item(anchor: str, text: Text) -> list[Piece]:
    """A part as a list item: the item's anchor, and the paragraph anchor inside its first
    paragraph (where outputs that cannot anchor a list item look for it)."""
    pieces: list[Piece] = [PartAnchor(anchor=anchor, item=True)]
    inner = list(text.pieces)
    for index, piece in enumerate(inner[:2]):
        if isinstance(piece, str) and "<p>" in piece:
            before, _, after = piece.partition("<p>")
            inner[index : index + 1] = [
                before + "<p>",
                PartAnchor(anchor=anchor, item=False),
                after,
            ]
            break
    else:
        pieces.append(PartAnchor(anchor=anchor, item=False))
    return [*pieces, *inner, "</li>\n"]


def compose_body(criterion_id: str, lead: Text, parts: tuple[Part, ...], end: Text) -> Text:
    """A criterion's body from its translated pieces: the text before the parts, the parts as
    the lettered list, the text after them."""
    pieces: list[Piece] = [*lead.pieces, "\n", PARTS_LIST]
    for part in parts:
        pieces.extend(_item(f"{criterion_id}.{part.label}", part.text))
    pieces.append("</ol>\n")
    pieces.extend(end.pieces)
    items = [_list_item(f"{index}. ", part.text.markdown) for index, part in enumerate(parts, 1)]
    markdown = "\n\n".join(filter(None, [lead.markdown, "\n".join(items), end.markdown]))
    plain_items = "\n".join(f"{part.label}. {part.text.plain}" for part in parts)
    plain = "\n\n".join(filter(None, [lead.plain, plain_items, end.plain]))
    return Text(markdown=markdown, pieces=tuple(pieces), plain=plain)


def _list_item(marker: str, markdown: str) -> str:
    """An item's Markdown under its list marker (`1. `, `10. `): continuation lines
    indented to the marker's width, so nested lists and tables stay inside the item."""
    indent = " " * len(marker)
    return marker + "\n".join(
        line if index == 0 or not line else indent + line
        for index, line in enumerate(markdown.split("\n"))
    )


def translate_edition(edition: GuidanceEdition, texts: CatalogTexts) -> GuidanceEdition:
    units = Units(edition_units(edition), texts)
    translated = replace(
        edition,
        title=units.plain("edition.title", edition.title),
        summary=units.plain("edition.summary", edition.summary),
        sections=tuple(_section(section, units) for section in edition.sections),
        entries=tuple(_entry(entry, units) for entry in edition.entries),
    )
    units.finish()
    return replace(translated, translation=texts.record())


def _entry(entry: GuidanceEntry, units: Units) -> GuidanceEntry:
    key = entry.criterion_id
    return replace(
        entry,
        title=units.plain(f"{key}.title", entry.title),
        intro=units.text(f"{key}.intro", entry.intro),
        sections=tuple(_guidance_section(key, part, units) for part in entry.sections),
    )


def _guidance_section(key: str, part: GuidanceSection, units: Units) -> GuidanceSection:
    return replace(
        part,
        title=units.plain(f"{key}.{part.key}.heading", part.title),
        text=units.text(f"{key}.{part.key}.text", part.text),
    )


def translate_term_names(term: Term, texts: CatalogTexts) -> Term:
    """A glossary entry's term and aliases in the language (its definition follows once every
    term's written forms are known: definitions use terms)."""
    units = Units(list(term_units(term)), texts)
    key = term_key(term)
    aliases = units.plain(f"{key}.aliases", "\n".join(term.aliases))
    return replace(
        term,
        term=units.plain(key, term.term),
        aliases=tuple(line for line in aliases.split("\n") if line.strip()),
    )


def translate_definition(source: Term, term: Term, texts: CatalogTexts) -> Term:
    units = Units(list(term_units(source)), texts)
    definition = units.text(f"{term_key(source)}.definition", source.definition)
    units.finish()
    return replace(term, definition=definition)
