"""Glossary sources → term drafts, then rendered `Term`s."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from normkit.assemble.criteria import walk
from normkit.assemble.meta_reader import MetaReader
from normkit.assemble.outline import DraftNode, build_outline, slugify
from normkit.assemble.texts import render_node
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.glossary import Term
from normkit.model.location import Location
from normkit.sources.documents import parse_folder
from normkit.sources.render import Resolver
from normkit.sources.yaml_values import parse_yaml_mapping

TERM_KEYS = ("aliases", "source", "versions", "id")


@dataclass(slots=True)
class TermDraft:
    id: str
    term: str
    aliases: tuple[str, ...]
    source: str
    versions: tuple[str, ...]
    versions_location: Location
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
    reader = MetaReader(mapping, "term block")
    reader.check_keys(TERM_KEYS)
    term = node.chunk.heading.strip()
    draft = TermDraft(
        id=reader.string("id") or slugify(term),
        term=term,
        aliases=reader.string_list("aliases"),
        source=reader.string("source"),
        versions=reader.string_list("versions"),
        versions_location=reader.at("versions"),
        node=node,
    )
    return draft, reader.diagnostics


def build_terms(drafts: list[TermDraft], resolver: Resolver) -> tuple[list[Term], list[Diagnostic]]:
    """Render every definition (terms inside definitions link to each other)."""
    terms: list[Term] = []
    diagnostics: list[Diagnostic] = []
    for draft in drafts:
        definition, rendered = render_node(draft.node, resolver)
        diagnostics.extend(rendered.diagnostics)
        terms.append(
            Term(
                id=draft.id,
                term=draft.term,
                aliases=draft.aliases,
                definition=definition,
                source=draft.source,
                versions=draft.versions,
                location=draft.location,
            )
        )
    return terms, diagnostics
