"""One catalog's translations as model text: each unit's status, its translated Markdown
rendered through the same pipeline as the sources (references resolved, terms linked, author
HTML sanitised), checked against its source, and the source text, marked, where there is none."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from markdown_it.token import Token

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location
from normkit.model.text import EMPTY_TEXT, Image, LinkStart, Piece, Reference, TermUse, Text
from normkit.model.translation import SOURCE_LANGUAGE, Translation, UnitStatus
from normkit.sources.documents import FOOTNOTES_KEY
from normkit.sources.markdown import parser
from normkit.sources.packed_tokens import pack, unpack
from normkit.sources.render import Rendered, Resolver, render
from normkit.translations.labels import _
from normkit.translations.po_files import Catalog, Entry
from normkit.translations.stored_catalogs import current_catalogs
from normkit.translations.units import Unit, UnitKind

UNTRANSLATED_CLASS = "nk-untranslated"
"""Class of the element around source text shown in place of a missing translation."""
MARK_CLASS = "nk-untranslated-mark"
"""Class of the visible mark at its start."""


def _parse(text: str) -> tuple[list[Token], dict[str, Any]]:
    """Block tokens of a translation, footnote definitions kept aside as in a source file;
    those the catalogs' child parsed ahead, on a cold read (`parsed_translations`)."""
    stored = current_catalogs()
    packed = stored.parsed.get(text) if stored is not None else None
    if packed is not None:
        return unpack(packed)[1], {FOOTNOTES_KEY: {}}
    env: dict[str, Any] = {}
    tokens: list[Token] = []
    footnotes: dict[int, list[Token]] = {}
    current: list[Token] = []
    inside = False
    for token in parser().parse(text, env):
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif inside:
            if token.type == "footnote_open":
                current = footnotes.setdefault(int(token.meta["id"]), [])
            current.append(token)
        else:
            tokens.append(token)
    env[FOOTNOTES_KEY] = footnotes
    return tokens, env


PLAIN_SUFFIXES = (".title", ".heading", ".aliases", ".withdrawn-reason", ".summary")
"""How the keys of plain-text units end (`units.py`): no output renders them."""


def parsed_translations(catalog: Catalog) -> dict[str, bytes]:
    """The tokens of each translation in `catalog` that may be rendered as Markdown, packed
    (`packed_tokens.py`), by the text `_parse` is given for it: parsed by the child reading
    the catalogs ahead of a cold read (`catalogs_ahead.py`), where the other core is free,
    and unpacked by the read (a tenth of parsing them, in the demo's ~1,900 rendered texts
    ~15% of translating it). Only a text that needs nothing but its tokens (no footnotes or
    link reference definitions, whose parse leaves `env` empty, and no footnotes of its
    neighbours appended: `_with_notes`), and whose tokens can be packed."""
    found: dict[str, bytes] = {}
    if catalog.path.endswith("/ui.po"):  # interface labels: plain text
        return found
    for key, entry in catalog.entries.items():
        markdown = entry.translation.strip("\n")
        if not markdown.strip() or key.endswith(PLAIN_SUFFIXES) or markdown in found:
            continue
        env: dict[str, Any] = {}
        tokens = parser().parse(markdown, env)
        packed = pack([], tokens) if not env else None
        if packed is not None:
            found[markdown] = packed
    return found


FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]\s]+\]:.*(?:\n(?:[ \t]+.*|[ \t]*(?=\n[ \t])))*", re.M)
"""A footnote definition and its indented continuation lines."""


def footnote_definitions(*markdowns: str) -> str:
    """The footnote definitions written in these texts, for rendering their neighbours."""
    return "\n\n".join(
        match.group(0) for markdown in markdowns for match in FOOTNOTE_DEFINITION.finditer(markdown)
    )


def _with_notes(markdown: str, notes: str) -> str:
    """A text with the definitions of footnotes written elsewhere appended (its own kept)."""
    own = {match.group(0) for match in FOOTNOTE_DEFINITION.finditer(markdown)}
    extra = [n for n in notes.split("\n\n") if n and n not in own] if notes else []
    return "\n\n".join([markdown, *extra]) if extra else markdown


class _Marks(NamedTuple):
    """What of a text's markup a translation keeps (`markup_lost`)."""

    references: Counter[str]
    terms: set[str]
    links: set[str]
    images: set[str]
    markup: dict[str, int]
    """Emphasis, strong emphasis and code spans, by name; none when the text has no HTML."""


def _marks(pieces: tuple[Piece, ...]) -> _Marks:
    marks = _Marks(Counter(), set(), set(), set(), {})
    written: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            written.append(piece)
        elif isinstance(piece, Reference):
            marks.references[piece.key] += 1
        elif isinstance(piece, TermUse):
            marks.terms.add(piece.term_id)
        elif isinstance(piece, LinkStart):
            marks.links.add(piece.target.value)
        elif isinstance(piece, Image):
            marks.images.add(piece.target.value)
    if written:
        # counted in all the HTML at once rather than piece by piece into counters (7% of
        # the instructions of translating the demo); joined with a character no tag has, so
        # that no tag is found across two pieces
        joined = "\0".join(written)
        marks.markup["emphasis"] = joined.count("<em>")
        marks.markup["strong emphasis"] = joined.count("<strong>")
        marks.markup["code span"] = joined.count("<code>") - joined.count("<pre><code")
    return marks


def markup_lost(source: Text, translation: Text, term_names: dict[str, str]) -> list[str]:
    """What the translation lost or added of its source's markup, in words."""
    before, after = _marks(source.pieces), _marks(translation.pieces)
    problems: list[str] = []
    for key in sorted(set(before.references) | set(after.references)):
        had, has = before.references[key], after.references[key]
        if had != has:
            target = key.rsplit("/", 1)[-1]
            problems.append(f"cross-reference [[{target}]] {had}× in the source, {has}× here")
    for term_id in sorted(before.terms - after.terms):
        problems.append(f"defined term '{term_names.get(term_id, term_id)}' not used")
    for kind, had_targets, has_targets in (
        ("link", before.links, after.links),
        ("image", before.images, after.images),
    ):
        for target in sorted(had_targets ^ has_targets):
            side = "only in the source" if target in had_targets else "not in the source"
            problems.append(f"{kind} to {target} {side}")
    for name in sorted(before.markup):
        had, has = before.markup[name], after.markup.get(name, 0)
        if had != has:
            problems.append(f"{name} {had}× in the source, {has}× here")
    return problems


@dataclass(slots=True)
class CatalogTexts:
    """The units of one catalog in one language, as the outputs show them."""

    language: str
    catalog: Catalog | None
    resolver: Resolver
    """Resolves references and terms of the translations (terms as the language writes them)."""
    source_resolver: Resolver
    """Resolves them in source text (pieces of a criterion's body rendered on their own)."""
    term_names: dict[str, str] = field(default_factory=dict)
    """Term id → the term as the source writes it, for messages."""
    statuses: dict[str, UnitStatus] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    footnotes: str = ""
    """Footnote definitions (Markdown) that the units being rendered may reference: the
    pieces of a criterion's body are rendered one by one, its footnotes defined in any."""
    source_footnotes: str = ""
    """The same, in the source text."""
    source_texts: dict[tuple[str, str, str], Text] | None = None
    """Source text rendered on its own (`source_text`) by every language's texts of the same
    version, which render it alike: by path, footnotes and Markdown."""

    def entry(self, key: str) -> Entry | None:
        return self.catalog.entries.get(key) if self.catalog else None

    def status(self, unit: Unit) -> UnitStatus:
        entry = self.entry(unit.key)
        if entry is None or not entry.translation.strip():
            return UnitStatus.UNTRANSLATED
        if entry.fuzzy or not entry.made_for(unit.text):
            return UnitStatus.FUZZY
        return UnitStatus.TRANSLATED

    def _record(self, unit: Unit) -> tuple[UnitStatus, Entry | None]:
        status = self.status(unit)
        self.statuses[unit.key] = status
        return status, self.entry(unit.key)

    def plain(self, unit: Unit | None, source: str) -> str:
        """A plain-text unit in this language (the source text when untranslated)."""
        if unit is None:
            return source
        status, entry = self._record(unit)
        if entry is None or not status.shown_translated:
            return source
        if unit.kind is UnitKind.LINES:
            return "\n".join(line.strip() for line in entry.translation.split("\n") if line.strip())
        return " ".join(entry.translation.split())

    def text(self, unit: Unit | None, source: Text, *, block: bool = True) -> Text:
        """A Markdown unit as model text; the source, marked, when untranslated."""
        if unit is None:
            return source
        status, entry = self._record(unit)
        if entry is None or not status.shown_translated:
            return self.untranslated(source) if block else source
        return self.render(unit, entry, source)

    def render(self, unit: Unit, entry: Entry, source: Text) -> Text:
        markdown = entry.translation.strip("\n")
        tokens, env = _parse(_with_notes(markdown, self.footnotes))
        rendered = render(
            tokens,
            self.resolver,
            path=unit.location.path,
            lines=markdown.split("\n"),
            env=env,
        )
        self._relocate(rendered, entry, "\n" in entry.translation)
        text = Text(markdown=markdown, pieces=rendered.pieces, plain=rendered.plain)
        lost = markup_lost(source, text, self.term_names)
        if lost:
            self.diagnostics.append(
                diagnostic(
                    Code.TRANSLATION_MARKUP,
                    entry.location,
                    f"{self.language} translation of {unit.key} differs from its source: "
                    + "; ".join(lost),
                    "keep [[references]], terms, emphasis and links of the source; a term "
                    "can be written [=term=] or [=term|words=]",
                )
            )
        return text

    def _relocate(self, rendered: Rendered, entry: Entry, multiline: bool) -> None:
        """Problems of translated text located in the catalog, not in the source file."""
        for found in rendered.diagnostics:
            line = entry.text_line + (found.location.line if multiline else 0)
            column = found.location.column + (1 if found.location.column else 0)
            self.diagnostics.append(
                Diagnostic(
                    location=Location(path=entry.location.path, line=line, column=column),
                    code=found.code,
                    message=f"{self.language} translation: {found.message}",
                    severity=found.severity,
                    hint=found.hint,
                )
            )

    def source_text(self, markdown: str, location: Location) -> Text:
        """Source Markdown rendered on its own (the text before or after a criterion's
        parts), as the sources render it; once for every language (`source_texts`). What
        it asks about files, the source version asked too (the text is part of a body it
        rendered), and a kept translation is made again when those answers change."""
        if not markdown.strip():
            return EMPTY_TEXT
        key = (location.path, self.source_footnotes, markdown)
        known = self.source_texts.get(key) if self.source_texts is not None else None
        if known is not None:
            return known
        tokens, env = _parse(_with_notes(markdown, self.source_footnotes))
        rendered = render(
            tokens, self.source_resolver, path=location.path, lines=markdown.split("\n"), env=env
        )
        text = Text(markdown=markdown, pieces=rendered.pieces, plain=rendered.plain)
        if self.source_texts is not None:
            self.source_texts[key] = text
        return text

    def untranslated(self, source: Text) -> Text:
        """Source text in place of a translation: in an element that says its language, with
        a visible mark in this language at its start."""
        if source.is_empty:
            return source
        label = _("Not translated")
        mark = f'<span class="{MARK_CLASS}" lang="{self.language}">{html.escape(label)}</span> '

        pieces: list[Piece] = [f'<div class="{UNTRANSLATED_CLASS}" lang="{SOURCE_LANGUAGE}">\n']
        first = source.pieces[0] if source.pieces else ""
        if isinstance(first, str) and first.startswith("<p>"):
            pieces.extend(["<p>" + mark + first[3:], *source.pieces[1:]])
        else:
            pieces.extend([f"<p>{mark}</p>\n", *source.pieces])
        pieces.append("\n</div>\n")
        return Text(markdown=source.markdown, pieces=tuple(pieces), plain=source.plain)

    def record(self) -> Translation | None:
        """What the model keeps of this catalog: statuses and entry locations."""
        if self.catalog is None:
            return None
        return Translation(
            language=self.language,
            catalog=self.catalog.path,
            statuses=dict(self.statuses),
            entries={key: entry.location for key, entry in self.catalog.entries.items()},
        )
