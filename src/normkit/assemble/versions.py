"""A version draft and its resolver → the frozen `Version` with rendered sections and criteria."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING

from normkit.assemble.drafts import CriterionDraft, StandardDraft, VersionDraft
from normkit.assemble.outline import DraftNode, split_number
from normkit.assemble.renderers import CRITERIA, Item, renders_ahead
from normkit.assemble.resolution import VersionResolver, withdrawn_references
from normkit.assemble.slugs import slugify
from normkit.assemble.texts import render_criterion_again, render_node
from normkit.assemble.withdrawal import withdrawal_note
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.numbering import DEFAULT_NUMBERING, Numbering
from normkit.model.standard import (
    SECTION_TARGET_PREFIX,
    Criterion,
    CriterionStatus,
    Reference,
    Section,
    SectionNote,
    SectionReference,
    Version,
)
from normkit.model.text import EMPTY_TEXT
from normkit.sources.documents import shelve_tokens
from normkit.sources.render import Rendered

if TYPE_CHECKING:  # imported where a helper is forked (`renderers.renders_ahead`)
    from normkit.assemble.render_ahead import RendersAhead


@dataclass(slots=True)
class _Build:
    """What building one version collects as it goes."""

    draft: VersionDraft
    resolver: VersionResolver
    numbering: Numbering = DEFAULT_NUMBERING
    diagnostics: list[Diagnostic] = field(default_factory=list)
    used_keys: set[str] = field(default_factory=set)
    used_terms: set[str] = field(default_factory=set)
    section_notes: dict[str, CriterionDraft] = field(default_factory=dict)
    """Withdrawn criteria that went (also) to sections: their notes are made once every
    section of the version is known."""
    shelving: bool = False
    """Whether each heading's tokens are shelved once it is built (`Chunk.shelve`), so
    that those of one criterion at a time are alive, not the whole version's."""
    ahead: RendersAhead | None = None
    """The helper rendering the version's last criteria, if any (`render_ahead.py`)."""

    def unique_key(self, base: str) -> str:
        key, suffix = base, 2
        while key in self.used_keys:
            key, suffix = f"{base}-{suffix}", suffix + 1
        self.used_keys.add(key)
        return key

    def absorb(self, rendered: Rendered) -> None:
        self.diagnostics.extend(rendered.diagnostics)
        self.diagnostics.extend(withdrawn_references(rendered, self.resolver))
        self.used_terms.update(rendered.terms)


def build_version(
    draft: VersionDraft,
    resolver: VersionResolver,
    superseded_by: str | None,
    numbering: Numbering = DEFAULT_NUMBERING,
) -> tuple[Version, set[str], list[Diagnostic]]:
    """The version model, the ids of terms it uses, and rendering diagnostics."""
    build = _Build(draft=draft, resolver=resolver, numbering=numbering, shelving=shelve_tokens())
    build.ahead = renders_ahead(partial(criteria_in_order, draft), resolver, CRITERIA)
    try:
        sections = tuple(_section(node, (), build) for node in draft.outline if node.is_section)
        loose = [node for node in draft.outline if not node.is_section]
        if any(node.is_leaf for node in loose):
            sections = (*sections, _loose_section(loose, build))
        else:
            build.diagnostics.extend(stray_end_marker(node) for node in loose)
    finally:
        if build.ahead is not None:
            build.ahead.stop()
    version = Version(
        standard=draft.standard,
        name=draft.name,
        title=draft.title,
        status=draft.status,
        published=draft.published,
        effective=draft.effective,
        transition_end=draft.transition_end,
        consultation_closes=draft.consultation_closes,
        supersedes=draft.supersedes,
        superseded_by=superseded_by,
        summary=draft.summary,
        comments_to=draft.comments_to,
        sections=sections,
        location=draft.location,
        key_locations=dict(draft.key_locations),
        intended_changes=draft.intended_changes,
        fields=draft.fields,
        lineage_known=draft.lineage_known,
        languages=draft.languages or (),
    )
    if build.section_notes:
        version = _with_section_notes(version, build)
    return version, build.used_terms, build.diagnostics


def criteria_in_order(draft: VersionDraft) -> list[Item]:
    """The criteria `build_version` renders, in the order it renders them: each section's
    own, then its sub-sections'; those before any section last (`_loose_section`)."""
    found: list[Item] = []

    def add(nodes: list[DraftNode]) -> None:
        for node in nodes:
            if node.is_leaf and node.kind == "criterion":
                criterion = draft.criteria.get(id(node))
                if criterion is not None:
                    found.append((node, criterion.number, criterion.id))

    # Depth first without a recursive closure: a nested function that calls itself is a
    # reference cycle, which the collector (off while a command reads) would never free,
    # and with it the whole draft (about 60 MiB at 10,000 criteria).
    sections = [node for node in reversed(draft.outline) if node.is_section]
    while sections:
        node = sections.pop()
        add(node.children)
        sections.extend(child for child in reversed(node.children) if child.is_section)
    add([node for node in draft.outline if not node.is_section])
    return found


def _with_section_notes(version: Version, build: _Build) -> Version:
    """The version with the notes of criteria withdrawn to sections, which link them."""

    def criterion(found: Criterion) -> Criterion:
        draft = build.section_notes.get(found.id)
        if draft is None:
            return found
        note = withdrawal_note(draft, build.resolver, version.section)
        return replace(found, withdrawal_note=note)

    def section(found: Section) -> Section:
        return replace(
            found,
            criteria=tuple(criterion(c) for c in found.criteria),
            children=tuple(section(child) for child in found.children),
        )

    return replace(version, sections=tuple(section(s) for s in version.sections))


def _section(node: DraftNode, path: tuple[str, ...], build: _Build) -> Section:
    number, title = split_number(node.chunk.heading, build.numbering)
    key = build.unique_key(slugify(f"{number} {title}"))
    intro, rendered = render_node(node, build.resolver)
    build.absorb(rendered)
    if build.shelving:
        node.shelve()
    criteria, notes = _criteria_and_notes(node.children, (*path, key), build)
    children = [_section(child, (*path, key), build) for child in node.children if child.is_section]
    return Section(
        key=key,
        number=number,
        title=title,
        level=node.level,
        intro=intro,
        criteria=tuple(criteria),
        children=tuple(children),
        location=node.chunk.location,
        fields=build.draft.section_values.get(id(node), {}),
        notes=tuple(notes),
    )


def _criteria_and_notes(
    nodes: list[DraftNode], path: tuple[str, ...], build: _Build
) -> tuple[list[Criterion], list[SectionNote]]:
    """The criteria among a section's children, and its notes, each placed after the
    criterion that precedes it."""
    criteria: list[Criterion] = []
    notes: list[SectionNote] = []
    for child in nodes:
        if child.is_leaf:
            criterion = _criterion(child, path, build)
            if criterion is not None:
                criteria.append(criterion)
        elif child.is_note:
            note = section_note(child, criteria[-1].id if criteria else None, build)
            if note is not None:
                notes.append(note)
        if build.shelving and not child.is_section:
            child.shelve()
    return criteria, notes


def section_note(node: DraftNode, after: str | None, build: _Build) -> SectionNote | None:
    """A note's text, or None when nothing follows the end marker; a marker that closes no
    criterion is reported."""
    if node.closes is None:
        build.diagnostics.append(stray_end_marker(node))
    text, rendered = render_node(node, build.resolver)
    build.absorb(rendered)
    if text.is_empty:
        return None
    return SectionNote(after=after, text=text, location=node.chunk.location)


def stray_end_marker(node: DraftNode) -> Diagnostic:
    return diagnostic(
        Code.CRITERION_END_STRAY,
        node.chunk.location,
        "this end marker follows no criterion, guidance entry or term, so it ends nothing",
        "put `<!-- end -->` after the body of the criterion it ends, or remove it",
    )


def _loose_section(nodes: list[DraftNode], build: _Build) -> Section:
    """Criteria written before any structural heading."""
    key = build.unique_key("criteria")
    criteria, notes = _criteria_and_notes(nodes, (key,), build)
    return Section(
        key=key,
        number="",
        title="Criteria",
        level=1,
        intro=EMPTY_TEXT,
        criteria=tuple(criteria),
        children=(),
        location=nodes[0].chunk.location,
        notes=tuple(notes),
    )


def _criterion(node: DraftNode, path: tuple[str, ...], build: _Build) -> Criterion | None:
    if node.kind != "criterion":
        assert node.chunk.meta is not None
        build.diagnostics.append(
            diagnostic(
                Code.CRITERION_BLOCK_MISPLACED,
                node.chunk.meta.location,
                f"a `{node.kind}` block does not belong in a standard",
                "standards use `criterion` blocks; guidance and terms have their own folders",
            )
        )
        return None
    draft = build.draft.criteria.get(id(node))
    if draft is None:
        return None
    # A part's terms are among the body's (its text is the body's): absorbed with them.
    body, rendered, parts = render_criterion_again(
        node, build.resolver, draft.number, draft.id, build.ahead
    )
    build.absorb(rendered)
    references = tuple(
        Reference(
            standard=target.key.split("/")[0],
            version=target.key.split("/")[1],
            criterion_id=target.anchor.partition(".")[0],
            part=target.anchor.partition(".")[2] or None,
            location=location,
        )
        for target, location in rendered.references
    )
    criterion = Criterion(
        id=draft.id,
        number=draft.number,
        title=draft.title,
        body=body,
        parts=tuple(parts),
        applies_to=draft.applies_to,
        fields=dict(draft.fields),
        replaces=tuple(item for item, _ in draft.replaces),
        replaces_locations=tuple(location for _, location in draft.replaces),
        references=references,
        terms=tuple(sorted(rendered.terms)),
        section_path=path,
        content_hash=content_hash(draft, body.markdown),
        location=draft.location,
        status=draft.status,
        withdrawn_to=tuple(
            Reference(
                standard=build.draft.standard,
                version=build.draft.name,
                criterion_id=key.partition(".")[0],
                part=key.partition(".")[2] or None,
                location=location,
            )
            for key, location in draft.withdrawn_to
            if not key.startswith(SECTION_TARGET_PREFIX)
        ),
        withdrawn_to_sections=tuple(
            SectionReference(key=key.removeprefix(SECTION_TARGET_PREFIX), location=location)
            for key, location in draft.withdrawn_to
            if key.startswith(SECTION_TARGET_PREFIX)
        ),
        withdrawn_as=draft.withdrawn_as,
        withdrawn_reason=draft.withdrawn_reason,
        withdrawal_note=withdrawal_note(draft, build.resolver),
    )
    if criterion.withdrawn_to_sections:
        build.section_notes[criterion.id] = draft
    return criterion


def content_hash(draft: CriterionDraft, markdown: str) -> str:
    if draft.status is CriterionStatus.ACTIVE:
        encoded = _active_payload(draft, markdown).encode("utf-8")
        return "sha256:" + hashlib.sha256(encoded).hexdigest()
    # Only withdrawn criteria hash their status, so every active criterion keeps the hash
    # it had before criteria could be withdrawn.
    payload = {
        "title": draft.title,
        "body": markdown,
        "applies_to": list(draft.applies_to),
        "fields": {k: str(v) for k, v in sorted(draft.fields.items())},
        "status": str(draft.status),
        "withdrawn_to": [target for target, _ in draft.withdrawn_to],
        "withdrawn_as": str(draft.withdrawn_as),
        "withdrawn_reason": draft.withdrawn_reason,
    }
    encoded = _HASHED_JSON.encode(payload).encode("utf-8")
    return "sha256:" + hashlib.sha256(encoded).hexdigest()


_HASHED_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)
"""What `json.dumps(payload, sort_keys=True, ensure_ascii=False)` uses, made once: with
arguments, `dumps` makes an encoder for every call (one per criterion)."""
_quoted = json.encoder.encode_basestring
"""A string as `_HASHED_JSON` writes it (its own function: C where there is one)."""


def _active_payload(draft: CriterionDraft, markdown: str) -> str:
    """What `_HASHED_JSON` makes of an active criterion's payload in `content_hash`, written
    directly: the same text (its keys sorted, every value a string or a list of strings), at
    two thirds of the cost (the encoder's dict of the payload, and its walk of it, were a
    third of a criterion's hash; a hash per criterion, in the main process of a read).
    `tests/spine/test_content_hash.py` compares the two."""
    applies_to = ", ".join(map(_quoted, draft.applies_to))
    fields = ", ".join(
        [f"{_quoted(key)}: {_quoted(str(value))}" for key, value in sorted(draft.fields.items())]
    )
    return (
        f'{{"applies_to": [{applies_to}], "body": {_quoted(markdown)}, '
        f'"fields": {{{fields}}}, "title": {_quoted(draft.title)}}}'
    )


__all__ = ["StandardDraft", "build_version"]
