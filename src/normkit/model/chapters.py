"""Which chapter file holds what: for links written as paths to a chapter (`02-x.md#id`)."""

from __future__ import annotations

from collections import OrderedDict

from normkit.model.corpus import Corpus
from normkit.model.standard import Section, Version

_CHAPTERS: OrderedDict[int, tuple[Corpus, dict[str, tuple[Version, Section]]]] = OrderedDict()
_LIMIT = 16


def chapter(corpus: Corpus, path: str) -> tuple[Version, Section] | None:
    """The version and first section of a chapter file of a standard, by project path."""
    cached = _CHAPTERS.get(id(corpus))
    if cached is None or cached[0] is not corpus:
        found: dict[str, tuple[Version, Section]] = {}
        for version in corpus.versions():
            for section in version.all_sections():
                found.setdefault(section.location.path, (version, section))
        cached = (corpus, found)
        _CHAPTERS[id(corpus)] = cached
        while len(_CHAPTERS) > _LIMIT:
            _CHAPTERS.popitem(last=False)
    return cached[1].get(path)


def anchor_in(version: Version, section: Section, anchor: str) -> tuple[str, str]:
    """What a chapter link's anchor names: (`criterion`, id[.part]) or (`section`, key)."""
    if anchor and version.criterion(anchor.split(".", 1)[0]) is not None:
        return "criterion", anchor
    if anchor and any(s.key == anchor for s in version.all_sections()):
        return "section", anchor
    return "section", section.key


def anchors(version: Version) -> set[str]:
    """What a link into a version's chapters may name: criterion ids, their lettered parts
    (`id.b`), and section keys."""
    names = {section.key for section in version.all_sections()}
    for criterion in version.criteria():
        names.add(criterion.id)
        names.update(f"{criterion.id}.{part.label}" for part in criterion.parts)
    return names
