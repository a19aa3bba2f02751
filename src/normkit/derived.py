"""What checks and writers read besides the model, computed once per build: the changesets
between every version and the one it supersedes.

The model stays plain data built from the sources; a `Derived` is made from the model once,
after it is loaded, and handed to the checks and (in the build context) to every writer,
so that no output computes a changeset another part of the build already has. A writer
called on its own (tests, plain `mkdocs build`) makes its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from normkit.model.corpus import Corpus
from normkit.model.standard import Version

if TYPE_CHECKING:  # the changeset's module comes with the comparison, when one is asked for
    from normkit.revisions import Changeset


@dataclass(slots=True)
class Derived:
    """Changesets by (standard, old version, new version), each computed when first asked
    for and then kept."""

    corpus: Corpus
    """The model they are derived from."""
    changesets: dict[tuple[str, str, str], Changeset] = field(default_factory=dict)

    def changeset(self, old: Version, new: Version) -> Changeset:
        key = (new.standard, old.name, new.name)
        found = self.changesets.get(key)
        if found is None:
            # Imported here: a check compares versions only for `changes.yml`, and most
            # checks of a project without one never load the diff's machinery.
            from normkit.revisions.comparison import compare

            found = self.changesets[key] = compare(self.corpus, old, new)
        return found

    def version_pairs(self) -> list[tuple[Version, Version]]:
        """Every version with the version it supersedes."""
        pairs = []
        for version in self.corpus.versions():
            previous = self.corpus.version(version.standard, version.supersedes or "")
            if previous is not None:
                pairs.append((previous, version))
        return pairs

    def complete(self) -> Derived:
        """Every pair's changeset computed: before the build sends this to its workers."""
        for old, new in self.version_pairs():
            self.changeset(old, new)
        return self


def derived_for(corpus: Corpus, given: Derived | None) -> Derived:
    """`given` when it was derived from `corpus`, else a new one."""
    if given is not None and given.corpus is corpus:
        return given
    return Derived(corpus)
