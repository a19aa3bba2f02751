"""The choices `metadata/declarations.py` writes out are the values of the enums they name."""

from __future__ import annotations

from enum import StrEnum

from normkit.metadata import declarations
from normkit.model.consultation import Decision
from normkit.model.crosswalk import Relationship
from normkit.revisions.changeset import ChangeKind, FieldDeclarationKind, TermChangeKind


def _values(kinds: type[StrEnum]) -> tuple[str, ...]:
    return tuple(kind.value for kind in kinds)


def test_declared_kinds_are_the_enums_values() -> None:
    assert _values(ChangeKind) == (*declarations.CHANGE_KINDS, ChangeKind.UNCHANGED.value)
    assert _values(TermChangeKind) == declarations.TERM_CHANGE_KINDS
    assert _values(FieldDeclarationKind) == declarations.FIELD_DECLARATION_KINDS
    assert _values(Decision) == declarations.DECISIONS
    assert _values(Relationship) == declarations.RELATIONSHIPS
