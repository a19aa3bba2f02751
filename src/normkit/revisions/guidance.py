"""Guidance changes between two editions of one standard's guidance."""

from __future__ import annotations

from collections.abc import Mapping

from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition, GuidanceEntry
from normkit.revisions.changeset import GuidanceChange, GuidanceChangeKind, GuidanceChangeset


def previous_edition(corpus: Corpus, edition: GuidanceEdition) -> GuidanceEdition | None:
    """The edition it declares it supersedes, else the previous edition of the same standard."""
    same = [g for g in corpus.guidance if g.standard == edition.standard]
    if edition.supersedes:
        return next((g for g in same if g.name == edition.supersedes), None)
    index = next(i for i, g in enumerate(same) if g is edition)
    return same[index - 1] if index > 0 else None


def _sections(entry: GuidanceEntry) -> dict[str, str]:
    found = {"intro": " ".join(entry.intro.markdown.split())}
    for section in entry.sections:
        found[section.key] = " ".join(f"{section.title}\n{section.text.markdown}".split())
    return found


def _changed_sections(old: GuidanceEntry, new: GuidanceEntry) -> tuple[str, ...]:
    before, after = _sections(old), _sections(new)
    keys = list(after) + [k for k in before if k not in after]
    changed = tuple(k for k in keys if before.get(k) != after.get(k))
    if not changed and old.title != new.title:
        return ("title",)
    return changed


def compare_guidance(
    old: GuidanceEdition, new: GuidanceEdition, renamed: Mapping[str, str] | None = None
) -> GuidanceChangeset:
    """Entries added, removed or changed; `renamed` maps old criterion ids to new ones."""
    renamed = renamed or {}
    before = {renamed.get(e.criterion_id, e.criterion_id): e for e in old.entries}
    changes: list[GuidanceChange] = []
    for entry in new.entries:
        previous = before.get(entry.criterion_id)
        if previous is None:
            changes.append(
                GuidanceChange(
                    kind=GuidanceChangeKind.ADDED,
                    criterion_id=entry.criterion_id,
                    old=None,
                    new=entry,
                )
            )
            continue
        sections = _changed_sections(previous, entry)
        if sections:
            changes.append(
                GuidanceChange(
                    kind=GuidanceChangeKind.CHANGED,
                    criterion_id=entry.criterion_id,
                    old=previous,
                    new=entry,
                    sections=sections,
                )
            )
    kept = {e.criterion_id for e in new.entries}
    for criterion_id, entry in before.items():
        if criterion_id not in kept:
            changes.append(
                GuidanceChange(
                    kind=GuidanceChangeKind.REMOVED, criterion_id=criterion_id, old=entry, new=None
                )
            )
    return GuidanceChangeset(
        standard=new.standard, old=old.name, new=new.name, changes=tuple(changes)
    )
