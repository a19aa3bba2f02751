"""Translatable units: every piece of source text a reader sees, keyed by a stable id and part.

A unit's key is its `msgctxt` in the catalog. Keys are built from ids that survive
renumbering (criterion ids, section keys, term ids), so a catalog follows the text through
revisions:

- standard and version: `standard.title`, `standard.description`, `version.title`,
  `version.summary`; vocabulary and fields: `applicability.<code>`,
  `applicability.<code>.description`, `field.<name>`, `field.<name>.description`;
- section: `section.<key>.title`, `section.<key>.intro`, `section.<key>.note.<n>`;
- criterion: `<id>.title`, `<id>.body` (the text before its lettered parts, or all of it),
  `<id>.<letter>` (each part), `<id>.end` (the text after the parts),
  `<id>.withdrawn-reason`;
- guidance edition: `edition.title`, `edition.summary`, sections as above, and per entry
  `<id>.title`, `<id>.intro`, `<id>.<sub-section>.heading`, `<id>.<sub-section>.text`;
- glossary: `term.<id>`, `term.<id>.aliases` (one per line), `term.<id>.definition`; an
  entry limited to some versions names them: `term.<id>[performance@v2]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from markdown_it.rules_core import StateCore, block, normalize
from markdown_it.token import Token

from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.guidance import GuidanceEdition
from normkit.model.location import Location
from normkit.model.standard import Criterion, Section, Standard, Version
from normkit.sources.markdown import parser


class UnitKind(StrEnum):
    """How a unit's text is read."""

    MARKDOWN = "markdown"
    """Markdown, rendered through the same pipeline as the source (references, terms …)."""
    PLAIN = "plain"
    """Plain text: a title, a label, a summary."""
    LINES = "lines"
    """Several short texts, one per line (a term's aliases)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """One translatable piece of source text."""

    key: str
    """Stable key, the entry's `msgctxt`."""
    text: str
    """The source text (the entry's `msgid`)."""
    kind: UnitKind
    location: Location
    """Where the text is in the sources (the entry's `#:` reference)."""
    note: str = ""
    """What the unit is, for translators (the entry's `#.` comment)."""


def _unit(
    key: str, text: str, location: Location, note: str, kind: UnitKind = UnitKind.PLAIN
) -> Iterator[Unit]:
    if text.strip():
        yield Unit(key=key, text=text, kind=kind, location=location, note=note)


@lru_cache(maxsize=1 << 14)
def split_body(markdown: str) -> tuple[str, str]:
    """A criterion body's text before and after its lettered parts (the first top-level
    ordered list); the whole body and nothing when it has none. Kept by text: a body is
    split for its catalog's units and for its translation, in every language, and by
    `normkit serve` on every rebuild."""
    return split_at_parts(markdown, _block_tokens(markdown))


def split_at_parts(markdown: str, tokens: list[Token]) -> tuple[str, str]:
    """`split_body` from `markdown`'s tokens: its block tokens are enough (tested against
    the whole parse's)."""
    opening = next(
        (i for i, t in enumerate(tokens) if t.type == "ordered_list_open" and t.level == 0),
        None,
    )
    if opening is None or tokens[opening].map is None:
        return markdown, ""
    closing = next(
        (
            i
            for i in range(opening, len(tokens))
            if tokens[i].type == "ordered_list_close" and tokens[i].level == 0
        ),
        len(tokens) - 1,
    )
    start = tokens[opening].map[0]  # type: ignore[index]
    end = max((t.map[1] for t in tokens[opening : closing + 1] if t.map), default=start)
    lines = markdown.split("\n")
    return "\n".join(lines[:start]).strip("\n"), "\n".join(lines[end:]).strip("\n")


def _block_tokens(markdown: str) -> list[Token]:
    """The block tokens of a parse of `markdown`, without its inline parse and the core rules
    after it (footnote definitions moved to the end, control references dropped, text
    joined), which change no block token's type, level or lines, all that `split_body`
    reads. Half the cost of the whole parse: the demo's 60 bodies with parts took 14 ms."""
    md = parser()
    state = StateCore(markdown, md, {})
    normalize(state)
    block(state)
    return state.tokens


def section_units(section: Section, level_name: str = "section") -> Iterator[Unit]:
    prefix = f"section.{section.key}"
    what = f"{level_name.capitalize()} {section.label}".strip()
    yield from _unit(f"{prefix}.title", section.title, section.location, f"{what}: title")
    yield from _unit(
        f"{prefix}.intro",
        section.intro.markdown,
        section.location,
        f"{what}: introduction",
        UnitKind.MARKDOWN,
    )
    for index, note in enumerate(section.notes, start=1):
        yield from _unit(
            f"{prefix}.note.{index}",
            note.text.markdown,
            note.location,
            f"{what}: text after a criterion",
            UnitKind.MARKDOWN,
        )


def criterion_units(criterion: Criterion) -> Iterator[Unit]:
    key, what = criterion.id, f"Criterion {criterion.label}"
    yield from _unit(f"{key}.title", criterion.title, criterion.location, f"{what}: title")
    lead, end = (
        split_body(criterion.body.markdown) if criterion.parts else (criterion.body.markdown, "")
    )
    yield from _unit(f"{key}.body", lead, criterion.location, f"{what}: text", UnitKind.MARKDOWN)
    for part in criterion.parts:
        yield from _unit(
            f"{key}.{part.label}",
            part.text.markdown,
            part.location,
            f"{what}: part {part.number}",
            UnitKind.MARKDOWN,
        )
    yield from _unit(
        f"{key}.end", end, criterion.location, f"{what}: text after the parts", UnitKind.MARKDOWN
    )
    yield from _unit(
        f"{key}.withdrawn-reason",
        criterion.withdrawn_reason,
        criterion.location,
        f"{what}: why it was withdrawn",
    )


def _walk(standard: Standard, section: Section) -> Iterator[Unit]:
    yield from section_units(section, standard.level_name(section.level) or "section")
    for criterion in section.criteria:
        yield from criterion_units(criterion)
    for child in section.children:
        yield from _walk(standard, child)


def version_units(standard: Standard, version: Version) -> list[Unit]:
    """Every unit of a version, in reading order: what its site pages, PDF and DOCX show."""
    units = heading_units(standard, version)
    for section in version.sections:
        units.extend(_walk(standard, section))
    return _unique(units)


def heading_units(standard: Standard, version: Version) -> list[Unit]:
    """The units of a version before its sections: the standard's and the version's titles,
    the applicability codes and the custom fields (the first of `version_units`)."""
    here = standard.location
    units = [
        *_unit("standard.title", standard.title, here, "Title of the standard"),
        *_unit("standard.description", standard.description, here, "What the standard covers"),
        *_unit("version.title", version.title, version.location, "Title of this version"),
        *_unit("version.summary", version.summary, version.location, "Summary of this version"),
    ]
    for code in standard.applicability:
        note = f"Applicability code `{code.code}`"
        units.extend(_unit(f"applicability.{code.code}", code.label, here, f"{note}: label"))
        units.extend(_unit(f"applicability.{code.code}.description", code.description, here, note))
    for spec in version.fields:
        note = f"Custom field `{spec.name}`"
        units.extend(_unit(f"field.{spec.name}", spec.label, spec.location, f"{note}: label"))
        units.extend(_unit(f"field.{spec.name}.description", spec.description, spec.location, note))
    return units


def edition_units(edition: GuidanceEdition) -> list[Unit]:
    """Every unit of a guidance edition, in reading order."""
    here = edition.location
    units = [
        *_unit("edition.title", edition.title, here, "Title of this guidance edition"),
        *_unit("edition.summary", edition.summary, here, "Summary of this guidance edition"),
    ]
    located: list[tuple[tuple[str, int], list[Unit]]] = [
        ((s.location.path, s.location.line), list(section_units(s))) for s in edition.all_sections()
    ]
    for entry in edition.entries:
        key, what = entry.criterion_id, f"Guidance for criterion {entry.criterion_id}"
        found = [
            *_unit(f"{key}.title", entry.title, entry.location, f"{what}: heading"),
            *_unit(f"{key}.intro", entry.intro.markdown, entry.location, what, UnitKind.MARKDOWN),
        ]
        for part in entry.sections:
            found.extend(
                _unit(f"{key}.{part.key}.heading", part.title, entry.location, f"{what}: heading")
            )
            found.extend(
                _unit(
                    f"{key}.{part.key}.text",
                    part.text.markdown,
                    entry.location,
                    f"{what}: {part.title}",
                    UnitKind.MARKDOWN,
                )
            )
        located.append(((entry.location.path, entry.location.line), found))
    for _, found in sorted(located, key=lambda pair: pair[0]):
        units.extend(found)
    return _unique(units)


def term_key(term: Term) -> str:
    """`term.<id>`, with the versions it is limited to when it has any."""
    return f"term.{term.id}" + (f"[{' '.join(term.versions)}]" if term.versions else "")


def term_units(term: Term) -> Iterator[Unit]:
    key, what = term_key(term), f"Glossary term '{term.term}'"
    yield from _unit(key, term.term, term.location, f"{what}: the term as written in the text")
    yield from _unit(
        f"{key}.aliases",
        "\n".join(term.aliases),
        term.location,
        f"{what}: other written forms (plurals, abbreviations), one per line",
        UnitKind.LINES,
    )
    yield from _unit(
        f"{key}.definition", term.definition.markdown, term.location, what, UnitKind.MARKDOWN
    )


def glossary_units(corpus: Corpus) -> list[Unit]:
    """Every unit of the glossary, in glossary order."""
    return _unique([unit for term in corpus.terms for unit in term_units(term)])


def _unique(units: list[Unit]) -> list[Unit]:
    """The first unit of each key (a duplicated id is reported by `check` already)."""
    seen: dict[str, Unit] = {}
    for unit in units:
        seen.setdefault(unit.key, unit)
    return list(seen.values())
