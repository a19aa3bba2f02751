"""Which pairs are compared in a build."""

from __future__ import annotations

from normkit.derived import Derived
from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.model.standard import Version
from normkit.revisions import previous_edition


def version_pairs(corpus: Corpus) -> list[tuple[Version, Version]]:
    """Every version with the version it supersedes."""
    return Derived(corpus).version_pairs()


def edition_pairs(corpus: Corpus) -> list[tuple[GuidanceEdition, GuidanceEdition]]:
    """Every guidance edition with the edition it supersedes (or the previous one)."""
    pairs = []
    for edition in corpus.guidance:
        previous = previous_edition(corpus, edition)
        if previous is not None:
            pairs.append((previous, edition))
    return pairs
