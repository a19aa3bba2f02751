"""Guidance edition folders → drafts, then rendered `GuidanceEdition`s."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from normkit.assemble.criteria import walk
from normkit.assemble.meta_reader import MetaReader
from normkit.assemble.outline import DraftNode, build_outline, slugify, split_number
from normkit.assemble.standard_files import read_status, read_yaml_file
from normkit.assemble.texts import render_node, render_tokens
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.guidance import GuidanceEdition, GuidanceEntry, GuidanceSection
from normkit.model.location import Location
from normkit.model.standard import Section, VersionStatus
from normkit.sources.documents import parse_folder
from normkit.sources.render import Rendered, Resolver
from normkit.sources.yaml_values import parse_yaml_mapping

EDITION_KEYS = ("edition", "title", "serves", "status", "published", "supersedes", "summary")


@dataclass(slots=True)
class EditionDraft:
    standard: str
    name: str
    title: str
    serves: str
    status: VersionStatus
    published: object
    supersedes: str | None
    summary: str
    location: Location
    serves_location: Location
    outline: list[DraftNode] = field(default_factory=list)


def read_edition(
    root: Path, folder: Path, standard: str
) -> tuple[EditionDraft | None, list[Diagnostic]]:
    mapping, diagnostics = read_yaml_file(root, folder / "edition.yml", "guidance edition")
    if mapping is None:
        return None, diagnostics
    reader = MetaReader(mapping, "edition.yml")
    reader.check_keys(EDITION_KEYS)
    name = reader.string("edition", required=True, default=folder.name)
    if name != folder.name:
        reader.report(
            Code.PROJECT_NAME_MISMATCH,
            reader.at("edition"),
            f"edition '{name}' is in folder '{folder.name}'",
            "the folder name is the edition name; make them equal",
        )
    draft = EditionDraft(
        standard=standard,
        name=folder.name,
        title=reader.string("title", default=f"Guidance {folder.name}"),
        serves=reader.string("serves", required=True),
        status=read_status(reader),
        published=reader.date("published"),
        supersedes=reader.optional_string("supersedes"),
        summary=reader.string("summary"),
        location=mapping.origin,
        serves_location=reader.at("serves"),
    )
    diagnostics.extend(reader.diagnostics)
    documents, problems = parse_folder(root, folder)
    diagnostics.extend(problems)
    draft.outline = build_outline(documents)
    return draft, diagnostics


def build_edition(
    draft: EditionDraft, resolver: Resolver
) -> tuple[GuidanceEdition, set[str], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    used_terms: set[str] = set()

    def absorb(rendered: Rendered) -> None:
        diagnostics.extend(rendered.diagnostics)
        used_terms.update(rendered.terms)

    entries: list[GuidanceEntry] = []
    for node in walk(draft.outline):
        if not node.is_leaf:
            continue
        entry = _entry(node, resolver, absorb, diagnostics)
        if entry is not None:
            entries.append(entry)
    sections = tuple(_section(node, resolver, absorb) for node in draft.outline if not node.is_leaf)
    edition = GuidanceEdition(
        standard=draft.standard,
        name=draft.name,
        title=draft.title,
        serves=draft.serves,
        status=draft.status,
        published=draft.published,  # type: ignore[arg-type]
        supersedes=draft.supersedes,
        summary=draft.summary,
        sections=sections,
        entries=tuple(entries),
        location=draft.location,
    )
    return edition, used_terms, diagnostics


def _section(node: DraftNode, resolver: Resolver, absorb: Callable[[Rendered], None]) -> Section:
    number, title = split_number(node.chunk.heading)
    intro, rendered = render_node(node, resolver)
    absorb(rendered)
    return Section(
        key=slugify(f"{number} {title}"),
        number=number,
        title=title,
        level=node.level,
        intro=intro,
        criteria=(),
        children=tuple(_section(c, resolver, absorb) for c in node.children if not c.is_leaf),
        location=node.chunk.location,
    )


def _entry(
    node: DraftNode,
    resolver: Resolver,
    absorb: Callable[[Rendered], None],
    diagnostics: list[Diagnostic],
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
    reader = MetaReader(mapping, "guidance block")
    reader.check_keys(("for",))
    criterion_id = reader.string("for", required=True)
    diagnostics.extend(reader.diagnostics)
    if not criterion_id:
        return None
    document = node.document
    lines = node.chunk.lines
    intro, rendered = render_tokens(
        node.chunk.tokens, document.markdown(*lines), document, resolver
    )
    absorb(rendered)
    entry_terms = set(rendered.terms)
    sections: list[GuidanceSection] = []
    for sub in node.extra:
        text, rendered = render_tokens(
            sub.tokens, document.markdown(*sub.lines), document, resolver
        )
        absorb(rendered)
        entry_terms.update(rendered.terms)
        sections.append(GuidanceSection(key=slugify(sub.heading), title=sub.heading, text=text))
    return GuidanceEntry(
        criterion_id=criterion_id,
        title=split_number(node.chunk.heading)[1],
        intro=intro,
        sections=tuple(sections),
        terms=tuple(sorted(entry_terms)),
        location=reader.at("for"),
    )
