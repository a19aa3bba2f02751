"""`compare`: the changeset between two versions of a standard, from the model alone."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from normkit.collector import collection_paused
from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.model.records import record
from normkit.model.standard import Standard, Version
from normkit.revisions.changeset import (
    ChangeKind,
    Changeset,
    CriterionChange,
    GuidanceChangeset,
    MatchBasis,
    Pending,
    PendingSuggestions,
)
from normkit.revisions.classify import (
    classify_group,
    classify_pair,
    classify_single,
    section_titles,
)
from normkit.revisions.fields import compare_field_declarations
from normkit.revisions.glossary import compare_terms
from normkit.revisions.guidance import compare_guidance
from normkit.revisions.matching import match_declared

if TYPE_CHECKING:  # imported where suggestions are computed: a changeset read for its kinds
    # (the criteria JSON's lineage, a site's marks) never needs the successors' machinery
    from normkit.revisions.successors import Item, Lineage, Suggestion


def compare(
    corpus: Corpus, old: Version, new: Version, *, old_corpus: Corpus | None = None
) -> Changeset:
    """Every criterion of `old` and `new` in one change entry, plus suggestions and glossary
    and guidance changes. `old_corpus` holds `old` when it comes from another state of the
    project (an earlier revision); by default both are in `corpus`."""
    before = old_corpus or corpus
    standard = corpus.standard(new.standard)
    if standard is None or old.standard != new.standard:
        raise ValueError(f"cannot compare {old.key} with {new.key}: not one standard")
    with collection_paused():  # every criterion of both versions is read
        changes = compare_criteria(standard, old, new)
    old_edition, new_edition = before.guidance_for(old), corpus.guidance_for(new)
    return Changeset(
        standard=standard.slug,
        old=old.name,
        new=new.name,
        changes=changes,
        pending=PendingSuggestions(
            SuggestionRequest(old, new, changes, (old_edition, new_edition))
        ),
        terms=compare_terms(before, old, corpus, new),
        pending_guidance=Pending(partial(guidance_changes, old_edition, new_edition, changes)),
        field_declarations=compare_field_declarations(old, new),
    )


def guidance_changes(
    old: GuidanceEdition | None, new: GuidanceEdition | None, changes: tuple[CriterionChange, ...]
) -> GuidanceChangeset | None:
    """The changes between the editions serving two versions, when both exist and differ."""
    if old is None or new is None or old is new:
        return None
    return compare_guidance(old, new, renamed_ids(changes))


def compare_criteria(standard: Standard, old: Version, new: Version) -> tuple[CriterionChange, ...]:
    old_titles, new_titles = section_titles(old), section_titles(new)
    changes: list[CriterionChange] = []
    for group in match_declared(list(old.criteria()), list(new.criteria())):
        if group.old and group.new and (len(group.old) > 1 or len(group.new) > 1):
            changes.append(classify_group(group.old, group.new, old_titles, new_titles))
        elif group.old and group.new:
            basis = MatchBasis.REPLACES if group.declared else MatchBasis.ID
            changes.append(
                classify_pair(standard, group.old[0], group.new[0], old_titles, new_titles, basis)
            )
        elif group.new:
            changes.append(classify_single(group.new[0], new_titles, added=True))
        else:
            changes.append(classify_single(group.old[0], old_titles, added=False))
    return tuple(in_document_order(changes, [c.id for c in old.criteria()]))


def in_document_order(
    changes: list[CriterionChange], old_order: list[str]
) -> list[CriterionChange]:
    """New-version order, each removed criterion placed after its old predecessor's change."""
    kept = [c for c in changes if c.new]
    removed = {c.old[0].id: c for c in changes if not c.new}
    entry_of = {old_id: index for index, c in enumerate(kept) for old_id in c.old_ids}
    after: dict[int, list[CriterionChange]] = {}
    anchor = -1
    for criterion_id in old_order:
        if criterion_id in removed:
            after.setdefault(anchor, []).append(removed[criterion_id])
        elif criterion_id in entry_of:
            anchor = entry_of[criterion_id]
    ordered = list(after.get(-1, []))
    for index, change in enumerate(kept):
        ordered.append(change)
        ordered.extend(after.get(index, []))
    return ordered


def renamed_ids(changes: tuple[CriterionChange, ...]) -> dict[str, str]:
    return {c.old[0].id: c.new[0].id for c in changes if ChangeKind.RENAMED in c.kinds}


def known_pairs(changes: tuple[CriterionChange, ...]) -> dict[str, str]:
    """Old id → a new id, for every old criterion that ids or `replaces` already pair."""
    return {o.id: change.new[0].id for change in changes if change.new for o in change.old}


Editions = tuple[GuidanceEdition | None, GuidanceEdition | None]
"""The guidance editions serving the old and the new version (either may be missing)."""


def lineage_for(
    old: Version,
    new: Version,
    changes: tuple[CriterionChange, ...],
    min_confidence: float | None = None,
    guidance: Editions = (None, None),
) -> Lineage:
    """Every candidate successor of the old criteria that ids and `replaces` leave unpaired,
    at `min_confidence` or above (default: `DEFAULT_CONFIDENCE`).
    The guidance of each version is evidence too: a broader new criterion often says in its
    guidance what a narrower old one required."""
    from normkit.revisions.successors import DEFAULT_CONFIDENCE, version_items
    from normkit.revisions.successors.engine import suggest_successors  # numpy, scipy, sklearn

    # Both versions are read whole, and their texts, vectors and matrices leave no cycles.
    with collection_paused():
        return suggest_successors(
            version_items(old, guidance[0]),
            version_items(new, guidance[1]),
            known=known_pairs(changes),
            min_confidence=DEFAULT_CONFIDENCE if min_confidence is None else min_confidence,
        )


def suggestions_for(
    old: Version, new: Version, changes: tuple[CriterionChange, ...], guidance: Editions
) -> tuple[Suggestion, ...]:
    """Successors proposed for the removed criteria, at the default confidence."""
    if not any(c.kinds == (ChangeKind.REMOVED,) for c in changes):
        return ()
    from normkit.revisions.successors import DEFAULT_CONFIDENCE

    lineage = lineage_for(old, new, changes, guidance=guidance)
    return tuple(s for s in lineage.links if s.confidence >= DEFAULT_CONFIDENCE)


@record
class SuggestionRequest:
    """The suggestions of one changeset, not yet computed: `suggestions_for` of these
    arguments when called. It pickles (with the changeset, to a build's workers), and says
    exactly what the suggestions depend on, for a cache to key them by (`inputs`)."""

    old: Version
    new: Version
    changes: tuple[CriterionChange, ...]
    guidance: Editions

    def __call__(self) -> tuple[Suggestion, ...]:
        return suggestions_for(self.old, self.new, self.changes, self.guidance)

    @property
    def needed(self) -> bool:
        """False when nothing was removed: there is nothing to suggest, and no engine runs."""
        return any(c.kinds == (ChangeKind.REMOVED,) for c in self.changes)

    def inputs(self) -> tuple[list[Item], list[Item], dict[str, str]]:
        """Everything the engine reads (besides its own code and libraries, and the default
        confidence): both versions' items, with their guidance, and the pairs already known."""
        from normkit.revisions.successors import version_items

        return (
            version_items(self.old, self.guidance[0]),
            version_items(self.new, self.guidance[1]),
            known_pairs(self.changes),
        )
