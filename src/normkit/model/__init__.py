"""The typed, frozen model of a standards project: no I/O, no parser imports.

The classes below are imported from their modules when first asked for here, not with the
package: the parsers and diagnostics need only `normkit.model.location`, and a command that
starts its parse workers first (`head_start.py`) forks them before the rest of the model is
imported (about 60 M instructions), so that they start parsing that much sooner.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from normkit.model.corpus import Corpus
    from normkit.model.glossary import Term
    from normkit.model.guidance import GuidanceEdition, GuidanceEntry, GuidanceSection
    from normkit.model.location import Location
    from normkit.model.standard import (
        ApplicabilityCode,
        Criterion,
        FieldSpec,
        FieldType,
        FieldValue,
        Part,
        Reference,
        Section,
        Standard,
        Version,
        VersionStatus,
    )
    from normkit.model.text import Text

_MODULES = {
    "ApplicabilityCode": "standard",
    "Corpus": "corpus",
    "Criterion": "standard",
    "FieldSpec": "standard",
    "FieldType": "standard",
    "FieldValue": "standard",
    "GuidanceEdition": "guidance",
    "GuidanceEntry": "guidance",
    "GuidanceSection": "guidance",
    "Location": "location",
    "Part": "standard",
    "Reference": "standard",
    "Section": "standard",
    "Standard": "standard",
    "Term": "glossary",
    "Text": "text",
    "Version": "standard",
    "VersionStatus": "standard",
}
"""Each class's module."""

__all__ = [
    "ApplicabilityCode",
    "Corpus",
    "Criterion",
    "FieldSpec",
    "FieldType",
    "FieldValue",
    "GuidanceEdition",
    "GuidanceEntry",
    "GuidanceSection",
    "Location",
    "Part",
    "Reference",
    "Section",
    "Standard",
    "Term",
    "Text",
    "Version",
    "VersionStatus",
]


def __getattr__(name: str) -> Any:
    """A class of the model, imported from its module on first use (PEP 562)."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = found
    return found
