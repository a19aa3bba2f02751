"""Which chapter file holds what: for links written as paths to a chapter (`02-x.md#id`)."""

from __future__ import annotations

from normkit.model.corpus import Corpus
from normkit.model.standard import Section, Version


def chapter(corpus: Corpus, path: str) -> tuple[Version, Section] | None:
    """The version and first section of a chapter file of a standard, by project path."""
    return corpus.chapter(path)


def anchor_in(version: Version, section: Section, anchor: str) -> tuple[str, str]:
    """What a chapter link's anchor names: (`criterion`, id[.part]) or (`section`, key)."""
    if anchor and version.criterion(anchor.split(".", 1)[0]) is not None:
        return "criterion", anchor
    if anchor and version.section(anchor) is not None:
        return "section", anchor
    return "section", section.key


def names(version: Version, anchor: str) -> bool:
    """Whether a link into a version's chapters may name `anchor` (see `anchors`)."""
    if version.section(anchor) is not None:
        return True
    criterion_id, _, part = anchor.partition(".")
    criterion = version.criterion(criterion_id)
    if criterion is None:
        return False
    return not part or any(p.label == part for p in criterion.parts)


def anchors(version: Version) -> set[str]:
    """What a link into a version's chapters may name: criterion ids, their lettered parts
    (`id.b`), and section keys."""
    names = {section.key for section in version.all_sections()}
    for criterion in version.criteria():
        names.add(criterion.id)
        names.update(f"{criterion.id}.{part.label}" for part in criterion.parts)
    return names
