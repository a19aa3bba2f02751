"""Guidance edition folders → drafts, then rendered `GuidanceEdition`s."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from normkit.assemble.criteria import walk
from normkit.assemble.outline import DraftNode, build_outline, shelve_outline, split_number
from normkit.assemble.renderers import Item, Renderer, renders_ahead
from normkit.assemble.resolution import VersionResolver, withdrawn_references
from normkit.assemble.slugs import slugify
from normkit.assemble.standard_files import read_yaml_file
from normkit.assemble.texts import render_node, render_tokens
from normkit.assemble.versions import stray_end_marker
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.metadata.declarations import EDITION_YML, GUIDANCE_BLOCK
from normkit.metadata.validate import validate
from normkit.model.guidance import GuidanceEdition, GuidanceEntry, GuidanceSection
from normkit.model.location import Location
from normkit.model.numbering import DEFAULT_NUMBERING, Numbering
from normkit.model.standard import Section, SectionNote, VersionStatus
from normkit.model.text import Text
from normkit.sources.documents import MetaBlock, parse_folder, shelve_tokens
from normkit.sources.files import digest_of_reads
from normkit.sources.render import Rendered, Resolver
from normkit.sources.yaml_values import parse_yaml_mapping

if TYPE_CHECKING:  # imported where a helper is forked (`renderers.renders_ahead`)
    from normkit.assemble.render_ahead import RendersAhead


@dataclass(slots=True)
class EditionDraft:
    """A guidance edition as read from its files, before its entries are built."""

    standard: str
    name: str
    title: str
    serves: str
    status: VersionStatus
    published: datetime.date | None
    supersedes: str | None
    summary: str
    location: Location
    key_locations: dict[str, Location]
    outline: list[DraftNode] = field(default_factory=list)
    numbering: Numbering = DEFAULT_NUMBERING
    """The standard's numbering, for the numbers in headings."""
    sources: str = ""
    """Digest of the files this draft was read from (see `assemble/reuse.py`)."""
    languages: tuple[str, ...] | None = None
    """`languages` of edition.yml (None: those of the version it serves)."""


def read_edition(
    root: Path, folder: Path, standard: str, numbering: Numbering = DEFAULT_NUMBERING
) -> tuple[EditionDraft | None, list[Diagnostic]]:
    """An edition folder; a missing or broken edition.yml is reported once and the edition
    still takes part (named after its folder), so that nothing cascades from it."""
    with digest_of_reads() as read:
        draft, diagnostics = _read_edition_files(root, folder, standard, numbering)
    if draft is not None:
        draft.sources = read.value
    return draft, diagnostics


def _read_edition_files(
    root: Path, folder: Path, standard: str, numbering: Numbering
) -> tuple[EditionDraft | None, list[Diagnostic]]:
    meta = read_yaml_file(root, folder / "edition.yml", "guidance edition")
    checked, problems = meta.checked(EDITION_YML)
    diagnostics = [*meta.diagnostics, *problems]
    if meta.mapping is None and not meta.recovered.values:
        return None, diagnostics
    mapping = meta.mapping or meta.recovered
    name = checked.text("edition") or folder.name
    if name != folder.name and meta.mapping is not None:
        diagnostics.append(
            diagnostic(
                Code.PROJECT_NAME_MISMATCH,
                checked.at("edition"),
                f"edition '{name}' is in folder '{folder.name}'",
                "the folder name is the edition name; make them equal",
            )
        )
    draft = EditionDraft(
        standard=standard,
        name=folder.name,
        title=checked.text("title") or f"Guidance {folder.name}",
        serves=checked.text("serves"),
        status=VersionStatus(checked.text("status") or VersionStatus.DRAFT.value),
        published=checked.date("published"),
        supersedes=checked.optional_text("supersedes"),
        summary=checked.text("summary"),
        location=mapping.origin,
        key_locations={key: mapping.at(key) for key in mapping.values},
        numbering=numbering,
        languages=checked.texts("languages") if checked.has("languages") else None,
    )
    shelve = shelve_tokens()  # until the edition is assembled (`load_corpus`)
    documents, problems = parse_folder(root, folder, shelve)
    diagnostics.extend(problems)
    draft.outline = build_outline(documents)
    if shelve:  # (a chunk that `build_outline` extended is new)
        shelve_outline(draft.outline)
    return draft, diagnostics


def build_edition(
    draft: EditionDraft, resolver: VersionResolver
) -> tuple[GuidanceEdition, set[str], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    used_terms: set[str] = set()

    def absorb(rendered: Rendered) -> None:
        diagnostics.extend(rendered.diagnostics)
        diagnostics.extend(withdrawn_references(rendered, resolver))
        used_terms.update(rendered.terms)

    entries: list[GuidanceEntry] = []
    entry_ids: dict[int, str] = {}
    """Criterion id of each entry, by `id()` of its node, to place the notes after it."""
    ahead = renders_ahead(partial(entries_in_order, draft), resolver, ENTRIES)
    try:
        for node in walk(draft.outline):
            if node.section_meta is not None:
                diagnostics.append(_misplaced_section(node.section_meta, "guidance"))
            if not node.is_leaf:
                continue
            entry = _entry(node, draft.numbering, resolver, absorb, diagnostics, ahead)
            if entry is not None:
                entries.append(entry)
                entry_ids[id(node)] = entry.criterion_id
    finally:
        if ahead is not None:
            ahead.stop()
    sections = tuple(
        _section(node, _Context(draft.numbering, resolver, absorb, diagnostics, entry_ids))
        for node in draft.outline
        if node.is_section
    )
    diagnostics.extend(
        stray_end_marker(node) for node in draft.outline if node.is_note and node.closes is None
    )
    edition = GuidanceEdition(
        standard=draft.standard,
        name=draft.name,
        title=draft.title,
        serves=draft.serves,
        status=draft.status,
        published=draft.published,
        supersedes=draft.supersedes,
        summary=draft.summary,
        sections=sections,
        entries=tuple(entries),
        location=draft.location,
        key_locations=dict(draft.key_locations),
        languages=draft.languages or (),
    )
    return edition, used_terms, diagnostics


def entries_in_order(draft: EditionDraft) -> list[Item]:
    """The guidance entries `build_edition` renders, in the order it renders them."""
    return [
        (node, "", "") for node in walk(draft.outline) if node.is_leaf and node.kind == "guidance"
    ]


def _misplaced_section(meta: MetaBlock, where: str) -> Diagnostic:
    return diagnostic(
        Code.CRITERION_BLOCK_MISPLACED,
        meta.location,
        f"a `section` block does not belong in {where}",
        "section fields are given in the standard's chapters",
    )


@dataclass(slots=True)
class _Context:
    """What building one guidance edition's sections shares."""

    numbering: Numbering
    resolver: Resolver
    absorb: Callable[[Rendered], None]
    diagnostics: list[Diagnostic]
    entry_ids: dict[int, str]


def _section(node: DraftNode, context: _Context) -> Section:
    number, title = split_number(node.chunk.heading, context.numbering)
    intro, rendered = render_node(node, context.resolver)
    context.absorb(rendered)
    return Section(
        key=slugify(f"{number} {title}"),
        number=number,
        title=title,
        level=node.level,
        intro=intro,
        criteria=(),
        children=tuple(_section(c, context) for c in node.children if c.is_section),
        location=node.chunk.location,
        notes=tuple(_notes(node, context)),
    )


def _notes(node: DraftNode, context: _Context) -> list[SectionNote]:
    """Text after end markers, each placed after the guidance entry before it (named by
    the id of the criterion that entry is for)."""
    notes: list[SectionNote] = []
    after: str | None = None
    for child in node.children:
        if child.is_leaf:
            after = context.entry_ids.get(id(child), after)
        elif child.is_note:
            if child.closes is None:
                context.diagnostics.append(stray_end_marker(child))
            text, rendered = render_node(child, context.resolver)
            context.absorb(rendered)
            if not text.is_empty:
                notes.append(SectionNote(after=after, text=text, location=child.chunk.location))
    return notes


EntryTexts = list[tuple[Text, Rendered]]
"""A guidance entry's texts, rendered: its introduction, then each of its sections'."""


def _render_entry(item: Item, resolver: Resolver) -> EntryTexts:
    node = item[0]
    document = node.document
    return [
        render_tokens(chunk.tokens, document.markdown(*chunk.lines), document, resolver)
        for chunk in (node.chunk, *node.extra)
    ]


def _is_entry_texts(found: object) -> bool:
    return (
        type(found) is list
        and len(found) > 0
        and all(
            type(text) is tuple
            and len(text) == 2
            and type(text[0]) is Text
            and type(text[1]) is Rendered
            for text in found
        )
    )


ENTRIES: Renderer[EntryTexts] = Renderer(
    render=_render_entry,
    rendereds=lambda texts: [rendered for _, rendered in texts],
    is_made=_is_entry_texts,
)
"""An edition's guidance entries, rendered ahead as a version's criteria are."""


def _entry(
    node: DraftNode,
    numbering: Numbering,
    resolver: VersionResolver,
    absorb: Callable[[Rendered], None],
    diagnostics: list[Diagnostic],
    ahead: RendersAhead | None = None,
) -> GuidanceEntry | None:
    meta = node.chunk.meta
    assert meta is not None
    if node.kind != "guidance":
        diagnostics.append(
            diagnostic(
                Code.CRITERION_BLOCK_MISPLACED,
                meta.location,
                f"a `{node.kind}` block does not belong in guidance",
                "guidance uses `guidance` blocks with `for: <criterion id>`",
            )
        )
        return None
    mapping, problems = parse_yaml_mapping(meta.content, meta.location.path, meta.first_line)
    diagnostics.extend(problems)
    if mapping is None:
        return None
    checked, problems = validate(mapping, GUIDANCE_BLOCK)
    diagnostics.extend(problems)
    criterion_id = checked.text("for")
    if not criterion_id:
        return None
    make = partial(_render_entry, (node, "", ""), resolver)
    texts = make() if ahead is None else ahead.render(node, make)
    entry_terms: set[str] = set()
    for _, rendered in texts:
        absorb(rendered)
        entry_terms.update(rendered.terms)
    intro = texts[0][0]
    sections = [
        GuidanceSection(key=slugify(sub.heading), title=sub.heading, text=text)
        for sub, (text, _) in zip(node.extra, texts[1:], strict=True)
    ]
    return GuidanceEntry(
        criterion_id=criterion_id,
        title=split_number(node.chunk.heading, numbering)[1],
        intro=intro,
        sections=tuple(sections),
        terms=tuple(sorted(entry_terms)),
        location=checked.at("for"),
    )
