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
    Suggestion,
    TermChange,
    TermChangeKind,
)
from normkit.revisions.compare import compare
from normkit.revisions.guidance import compare_guidance, previous_edition
from normkit.revisions.similarity import SUGGESTION_THRESHOLD

__all__ = [
    "SUGGESTION_THRESHOLD",
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
    "Suggestion",
    "TermChange",
    "TermChangeKind",
    "compare",
    "compare_guidance",
    "previous_edition",
]
