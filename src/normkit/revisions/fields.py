"""How two versions' custom fields differ: fields added, retired or declared differently."""

from __future__ import annotations

from normkit.model.standard import FieldSpec, Version
from normkit.revisions.changeset import FieldDeclarationChange, FieldDeclarationKind

COMPARED = ("type", "label", "required", "default", "choices", "description", "on")
"""The parts of a declaration whose change is reported (its location is not)."""


def compare_field_declarations(old: Version, new: Version) -> tuple[FieldDeclarationChange, ...]:
    """Changes in the new version's declaration order, then retired fields in the old order."""
    before = {spec.name: spec for spec in old.fields}
    after = {spec.name: spec for spec in new.fields}
    changes: list[FieldDeclarationChange] = []
    for name, spec in after.items():
        previous = before.get(name)
        if previous is None:
            changes.append(_change(FieldDeclarationKind.ADDED, None, spec))
            continue
        changed = tuple(key for key in COMPARED if getattr(previous, key) != getattr(spec, key))
        if changed:
            changes.append(_change(FieldDeclarationKind.CHANGED, previous, spec, changed))
    changes.extend(
        _change(FieldDeclarationKind.RETIRED, spec, None)
        for name, spec in before.items()
        if name not in after
    )
    return tuple(changes)


def _change(
    kind: FieldDeclarationKind,
    old: FieldSpec | None,
    new: FieldSpec | None,
    keys: tuple[str, ...] = (),
) -> FieldDeclarationChange:
    spec = new or old
    assert spec is not None
    return FieldDeclarationChange(
        kind=kind, name=spec.name, label=spec.label, old=old, new=new, keys=keys
    )
