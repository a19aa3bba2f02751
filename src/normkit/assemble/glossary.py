"""Glossary sources → term drafts, then rendered `Term`s."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from normkit.assemble.criteria import walk
from normkit.assemble.outline import DraftNode, build_outline
from normkit.assemble.resolution import VersionResolver, withdrawn_references
from normkit.assemble.slugs import slugify
from normkit.assemble.texts import render_node
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.metadata.declarations import TERM_BLOCK
from normkit.metadata.validate import validate
from normkit.model.glossary import Term
from normkit.model.location import Location
from normkit.sources.documents import parse_folder
from normkit.sources.yaml_values import parse_yaml_mapping


@dataclass(slots=True)
class TermDraft:
    """A term as read from the glossary, before it is checked and resolved."""

    id: str
    term: str
    aliases: tuple[str, ...]
    source: str
    versions: tuple[str, ...]
    versions_locations: tuple[Location, ...]
    id_location: Location
    node: DraftNode

    @property
    def location(self) -> Location:
        return self.node.chunk.location


def read_glossary(root: Path) -> tuple[list[TermDraft], list[Diagnostic]]:
    """Every `term` entry under `glossary/`, in file and source order."""
    diagnostics: list[Diagnostic] = []
    documents, problems = parse_folder(root, root / "glossary")
    diagnostics.extend(problems)
    drafts: list[TermDraft] = []
    for node in walk(build_outline(documents)):
        if node.section_meta is not None:
            diagnostics.append(
                diagnostic(
                    Code.CRITERION_BLOCK_MISPLACED,
                    node.section_meta.location,
                    "a `section` block does not belong in the glossary",
                )
            )
        if not node.is_leaf:
            continue
        if node.kind != "term":
            assert node.chunk.meta is not None
            diagnostics.append(
                diagnostic(
                    Code.CRITERION_BLOCK_MISPLACED,
                    node.chunk.meta.location,
                    f"a `{node.kind}` block does not belong in the glossary",
                )
            )
            continue
        draft, problems = _read_term(node)
        diagnostics.extend(problems)
        if draft is not None:
            drafts.append(draft)
    return drafts, diagnostics


def _read_term(node: DraftNode) -> tuple[TermDraft | None, list[Diagnostic]]:
    meta = node.chunk.meta
    assert meta is not None
    mapping, problems = parse_yaml_mapping(meta.content, meta.location.path, meta.first_line)
    if mapping is None:
        return None, problems
    checked, problems = validate(mapping, TERM_BLOCK)
    term = node.chunk.heading.strip()
    term_id = checked.text("id") or slugify(term, fallback="")
    if not term_id:
        # Only when the id is derived: an explicit id that is not a slug is reported by the
        # schema (`../../etc`).
        if "id" not in checked.given:
            problems.append(
                diagnostic(
                    Code.TERM_ID_INVALID,
                    node.chunk.location,
                    f"term '{term}' gives no id: its heading has no letter or digit",
                    "add `id: <slug>` to the term block, or write the term in the heading",
                )
            )
        return None, problems
    listed = isinstance(checked.raw("versions"), list)
    versions = checked.texts("versions")
    draft = TermDraft(
        id=term_id,
        term=term,
        aliases=checked.texts("aliases"),
        source=checked.text("source"),
        versions=versions,
        versions_locations=tuple(
            checked.at("versions", index) if listed else checked.at("versions")
            for index in range(len(versions))
        ),
        id_location=checked.at("id") if checked.has("id") else node.chunk.location,
        node=node,
    )
    return draft, problems


def build_terms(
    drafts: list[TermDraft], resolver: VersionResolver
) -> tuple[list[Term], list[Diagnostic]]:
    """Render every definition (terms inside definitions link to each other)."""
    terms: list[Term] = []
    diagnostics: list[Diagnostic] = []
    for draft in drafts:
        definition, rendered = render_node(draft.node, resolver)
        diagnostics.extend(rendered.diagnostics)
        diagnostics.extend(withdrawn_references(rendered, resolver))
        terms.append(
            Term(
                id=draft.id,
                term=draft.term,
                aliases=draft.aliases,
                definition=definition,
                source=draft.source,
                versions=draft.versions,
                location=draft.location,
                versions_locations=draft.versions_locations,
                id_location=draft.id_location,
            )
        )
    return terms, diagnostics
