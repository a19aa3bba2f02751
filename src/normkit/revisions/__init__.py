"""Revisions: what changed between two versions, criterion by criterion (pure functions).

The comparison itself (`comparison.compare`) is imported from its module, not from here:
checking a project reads the changeset's types (`metadata/declarations.py`) but compares
versions only when a version declares its intended changes, so `normkit check` does not
load the diff's matching and classification. The successors' names are imported from
`revisions.successors` when first asked for."""

from typing import TYPE_CHECKING

from normkit.revisions.changeset import (
    ChangeKind,
    Changeset,
    CriterionChange,
    FieldChange,
    FieldDeclarationChange,
    FieldDeclarationKind,
    GuidanceChange,
    GuidanceChangeKind,
    GuidanceChangeset,
    MatchBasis,
    TermChange,
    TermChangeKind,
)
from normkit.revisions.guidance import compare_guidance, previous_edition

if TYPE_CHECKING:
    from normkit.revisions.successors import DEFAULT_CONFIDENCE, SuccessorKind, Suggestion
else:

    def __getattr__(name: str) -> object:
        """The successors' names, imported when first asked for: reading a changeset for
        its kinds (the criteria JSON's lineage) needs none of them."""
        if name in _SUCCESSORS:
            from normkit.revisions import successors

            return getattr(successors, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_SUCCESSORS = ("DEFAULT_CONFIDENCE", "SuccessorKind", "Suggestion")

__all__ = [
    "DEFAULT_CONFIDENCE",
    "ChangeKind",
    "Changeset",
    "CriterionChange",
    "FieldChange",
    "FieldDeclarationChange",
    "FieldDeclarationKind",
    "GuidanceChange",
    "GuidanceChangeKind",
    "GuidanceChangeset",
    "MatchBasis",
    "SuccessorKind",
    "Suggestion",
    "TermChange",
    "TermChangeKind",
    "compare_guidance",
    "previous_edition",
]
