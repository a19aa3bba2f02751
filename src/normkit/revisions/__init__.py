"""Revisions: what changed between two versions, criterion by criterion (pure functions).

The comparison itself (`comparison.compare`) is imported from its module, not from here:
checking a project reads the changeset's types (`metadata/declarations.py`) but compares
versions only when a version declares its intended changes, so `normkit check` does not
load the diff's matching and classification."""

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
from normkit.revisions.successors import DEFAULT_CONFIDENCE, SuccessorKind, Suggestion

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
