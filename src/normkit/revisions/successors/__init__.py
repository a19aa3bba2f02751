"""Successor suggestions: how an old version's criteria map to a new one's, without ids.

The engine (`engine.suggest_successors`) needs numpy, scipy and scikit-learn; it is imported
only where suggestions are computed, so that reading a changeset does not load them.
"""

from normkit.revisions.successors.items import Item, version_items
from normkit.revisions.successors.links import (
    DEFAULT_CONFIDENCE,
    Dropped,
    Lineage,
    SuccessorKind,
    Suggestion,
)

__all__ = [
    "DEFAULT_CONFIDENCE",
    "Dropped",
    "Item",
    "Lineage",
    "SuccessorKind",
    "Suggestion",
    "version_items",
]
