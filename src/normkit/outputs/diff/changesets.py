"""Which pairs are compared in a build, and a small cache of their changesets."""

from __future__ import annotations

from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.model.standard import Version
from normkit.revisions import Changeset, compare, previous_edition

_CACHE: dict[tuple[int, str, str], tuple[Corpus, Changeset]] = {}
"""Keyed by corpus identity; the corpus is kept alive beside its changeset."""


def changeset_for(corpus: Corpus, old: Version, new: Version) -> Changeset:
    key = (id(corpus), old.key, new.key)
    cached = _CACHE.get(key)
    if cached is None or cached[0] is not corpus:
        if len(_CACHE) > 64:
            _CACHE.clear()
        cached = (corpus, compare(corpus, old, new))
        _CACHE[key] = cached
    return cached[1]


def version_pairs(corpus: Corpus) -> list[tuple[Version, Version]]:
    """Every version with the version it supersedes."""
    pairs = []
    for version in corpus.versions():
        previous = corpus.version(version.standard, version.supersedes or "")
        if previous is not None:
            pairs.append((previous, version))
    return pairs


def edition_pairs(corpus: Corpus) -> list[tuple[GuidanceEdition, GuidanceEdition]]:
    """Every guidance edition with the edition it supersedes (or the previous one)."""
    pairs = []
    for edition in corpus.guidance:
        previous = previous_edition(corpus, edition)
        if previous is not None:
            pairs.append((previous, edition))
    return pairs
