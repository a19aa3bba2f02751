"""The typed, frozen model of a standards project: no I/O, no parser imports."""

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
