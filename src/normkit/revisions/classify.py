"""Classification of paired criteria: what kind of change each pairing is."""

from __future__ import annotations

from normkit.model.standard import Criterion, Standard, Version
from normkit.revisions.changeset import (
    KIND_ORDER,
    ChangeKind,
    CriterionChange,
    FieldChange,
    MatchBasis,
)
from normkit.revisions.words import criterion_source, normalize


class SectionTitles(dict[str, str]):
    """Section key → title, for telling a move from a renumbering; each section path's
    titles are made once (a version's criteria share a few paths)."""

    __slots__ = ("_paths",)

    def __init__(self, version: Version) -> None:
        super().__init__((section.key, section.title) for section in version.all_sections())
        self._paths: dict[tuple[str, ...], tuple[str, ...]] = {}

    def of_path(self, path: tuple[str, ...]) -> tuple[str, ...]:
        found = self._paths.get(path)
        if found is None:
            found = self._paths[path] = tuple([self.get(key, key) for key in path])
        return found


def section_titles(version: Version) -> SectionTitles:
    return SectionTitles(version)


def _path_titles(criterion: Criterion, titles: SectionTitles) -> tuple[str, ...]:
    return titles.of_path(criterion.section_path)


def field_changes(standard: Standard, old: Criterion, new: Criterion) -> tuple[FieldChange, ...]:
    """`status` and where a withdrawn criterion went, `applies_to`, then custom fields in
    declaration order."""
    changes: list[FieldChange] = []
    if old.status is not new.status:
        changes.append(
            FieldChange(name="status", label="Status", old=str(old.status), new=str(new.status))
        )
    old_targets, new_targets = _targets(old), _targets(new)
    if old_targets != new_targets:
        changes.append(
            FieldChange(name="withdrawn_to", label="Withdrawn to", old=old_targets, new=new_targets)
        )
    if old.applies_to != new.applies_to:
        changes.append(
            FieldChange(
                name="applies_to", label="Applies to", old=old.applies_to, new=new.applies_to
            )
        )
    if old.fields == new.fields:  # most pairs: no custom field to compare one by one
        return tuple(changes)
    declared = [spec.name for spec in standard.fields]
    extra = sorted((set(old.fields) | set(new.fields)) - set(declared))
    labels = {spec.name: spec.label for spec in standard.fields}
    for name in [*declared, *extra]:
        before, after = old.fields.get(name), new.fields.get(name)
        if before != after:
            changes.append(
                FieldChange(name=name, label=labels.get(name, name), old=before, new=after)
            )
    return tuple(changes)


def _targets(criterion: Criterion) -> tuple[str, ...]:
    """Where it went, as `withdrawn_to` writes it: ids and parts, then `section:<key>`."""
    if not criterion.withdrawn_to and not criterion.withdrawn_to_sections:
        return ()
    sections = (section.written for section in criterion.withdrawn_to_sections)
    return (*(target.key for target in criterion.withdrawn_to), *sections)


def text_kind(old: Criterion, new: Criterion) -> ChangeKind | None:
    """`text-changed`, `editorial` (only white space, punctuation or case), or None."""
    if old.title == new.title and old.body.markdown == new.body.markdown:
        return None  # most pairs: their sources are equal, without joining them to compare
    before, after = criterion_source(old), criterion_source(new)
    if before == after:
        return None
    if normalize(before) == normalize(after):
        return ChangeKind.EDITORIAL
    return ChangeKind.TEXT_CHANGED


def ordered(kinds: set[ChangeKind]) -> tuple[ChangeKind, ...]:
    if not kinds:
        return (ChangeKind.UNCHANGED,)
    return tuple([kind for kind in KIND_ORDER if kind in kinds])


def classify_pair(
    standard: Standard,
    old: Criterion,
    new: Criterion,
    old_titles: SectionTitles,
    new_titles: SectionTitles,
    basis: MatchBasis,
) -> CriterionChange:
    """One old criterion paired with one new one (same id, or renamed via `replaces`).

    A criterion that becomes withdrawn is `withdrawn` and nothing else: its wording and
    number no longer matter, only where the requirement went."""
    if new.is_withdrawn and not old.is_withdrawn:
        return CriterionChange(
            kinds=(ChangeKind.WITHDRAWN,),
            old=(old,),
            new=(new,),
            basis=basis,
            old_sections=_path_titles(old, old_titles),
            new_sections=_path_titles(new, new_titles),
        )
    kinds: set[ChangeKind] = set()
    if old.id != new.id:
        kinds.add(ChangeKind.RENAMED)
    wording = text_kind(old, new)
    if wording is not None:
        kinds.add(wording)
    fields = field_changes(standard, old, new)
    if fields:
        kinds.add(ChangeKind.METADATA_CHANGED)
    if old.number != new.number:
        kinds.add(ChangeKind.RENUMBERED)
    old_path, new_path = _path_titles(old, old_titles), _path_titles(new, new_titles)
    if old_path[-1:] != new_path[-1:]:
        kinds.add(ChangeKind.MOVED)
    return CriterionChange(
        kinds=ordered(kinds),
        old=(old,),
        new=(new,),
        basis=basis,
        fields=fields,
        old_sections=old_path,
        new_sections=new_path,
    )


def classify_group(
    old: tuple[Criterion, ...],
    new: tuple[Criterion, ...],
    old_titles: SectionTitles,
    new_titles: SectionTitles,
) -> CriterionChange:
    """Several criteria on one side, declared with `replaces`: a split, a merge, or both."""
    kinds: set[ChangeKind] = set()
    if len(new) > 1:
        kinds.add(ChangeKind.SPLIT)
    if len(old) > 1:
        kinds.add(ChangeKind.MERGED)
    return CriterionChange(
        kinds=ordered(kinds),
        old=old,
        new=new,
        basis=MatchBasis.REPLACES,
        old_sections=_path_titles(old[0], old_titles),
        new_sections=_path_titles(new[0], new_titles),
    )


def classify_single(criterion: Criterion, titles: SectionTitles, *, added: bool) -> CriterionChange:
    path = _path_titles(criterion, titles)
    if added:
        return CriterionChange(
            kinds=(ChangeKind.ADDED,),
            old=(),
            new=(criterion,),
            basis=MatchBasis.NONE,
            new_sections=path,
        )
    return CriterionChange(
        kinds=(ChangeKind.REMOVED,),
        old=(criterion,),
        new=(),
        basis=MatchBasis.NONE,
        old_sections=path,
    )
