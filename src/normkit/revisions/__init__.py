"""Revisions: what changed between two versions, criterion by criterion (pure functions)."""

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
from normkit.revisions.compare import compare
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
    "compare",
    "compare_guidance",
    "previous_edition",
]
