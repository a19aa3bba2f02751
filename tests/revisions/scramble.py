"""Test helper: a copy of a version whose criterion ids are all replaced by meaningless ones."""

from __future__ import annotations

import dataclasses
import hashlib

from normkit.model.standard import Criterion, Section, Text, Version


def meaningless(criterion_id: str) -> str:
    return "x" + hashlib.sha256(criterion_id.encode()).hexdigest()[:10]


def _text(text: Text, ids: dict[str, str]) -> Text:
    markdown = text.markdown
    for old, new in ids.items():
        markdown = markdown.replace(f"[[{old}", f"[[{new}")
    return dataclasses.replace(text, markdown=markdown)


def _criterion(criterion: Criterion, ids: dict[str, str]) -> Criterion:
    return dataclasses.replace(
        criterion,
        id=ids[criterion.id],
        body=_text(criterion.body, ids),
        replaces=tuple(ids.get(r, r) for r in criterion.replaces),
    )


def _section(section: Section, ids: dict[str, str]) -> Section:
    return dataclasses.replace(
        section,
        criteria=tuple(_criterion(c, ids) for c in section.criteria),
        children=tuple(_section(s, ids) for s in section.children),
    )


def scramble_ids(version: Version) -> tuple[Version, dict[str, str]]:
    """The scrambled copy and the map from meaningless id back to the original."""
    ids = {c.id: meaningless(c.id) for c in version.criteria()}
    copy = dataclasses.replace(version, sections=tuple(_section(s, ids) for s in version.sections))
    return copy, {new: old for old, new in ids.items()}
