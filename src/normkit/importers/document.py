"""What an importer produces: a standard version as sections, criteria and guidance, in
normkit terms but not yet written out (the writer turns it into Markdown and YAML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, kw_only=True)
class FieldDeclaration:
    """A custom field the imported content needs, declared in `standard.yml`."""

    name: str
    type: str = "string"
    label: str = ""
    choices: list[str] = field(default_factory=list)
    on: str = ""
    """A section level name for a section field; empty for a criterion field."""
    description: str = ""

    def as_yaml(self) -> dict[str, Any]:
        declaration: dict[str, Any] = {"type": self.type}
        if self.label:
            declaration["label"] = self.label
        if self.choices:
            declaration["choices"] = list(self.choices)
        if self.on:
            declaration["on"] = self.on
        if self.description:
            declaration["description"] = self.description
        return declaration


@dataclass(slots=True, kw_only=True)
class ImportedCriterion:
    """One requirement, with its body and guidance as Markdown."""

    id: str
    number: str = ""
    title: str = ""
    """Inline Markdown."""
    body: str = ""
    """Markdown; a top-level ordered list gives lettered parts."""
    fields: dict[str, Any] = field(default_factory=dict)
    withdrawn: bool = False
    withdrawn_to: list[str] = field(default_factory=list)
    withdrawn_as: str = "incorporated"
    withdrawn_reason: str = ""
    guidance: str = ""
    """Markdown of its guidance entry (its own `###` sub-headings allowed); empty: none."""


@dataclass(slots=True, kw_only=True)
class ImportedSection:
    """A structural heading with its introduction, fields and contents."""

    number: str = ""
    title: str = ""
    """Inline Markdown."""
    introduction: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    children: list[ImportedSection | ImportedCriterion] = field(default_factory=list)

    def criteria(self) -> list[ImportedCriterion]:
        found: list[ImportedCriterion] = []
        for child in self.children:
            if isinstance(child, ImportedCriterion):
                found.append(child)
            else:
                found.extend(child.criteria())
        return found


@dataclass(slots=True, kw_only=True)
class ImportedVersion:
    """A whole version: what the standard needs declared, and its content."""

    title: str
    """The version's full title."""
    standard_title: str
    """Title for `standard.yml` when the standard is new."""
    summary: str = ""
    published: str = ""
    """ISO date, when the source says."""
    owner: str = ""
    licence: str = ""
    section_levels: list[str] = field(default_factory=list)
    numbering: str | dict[str, str] = "none"
    fields: list[FieldDeclaration] = field(default_factory=list)
    sections: list[ImportedSection] = field(default_factory=list)
    """Top-level sections, each written as one chapter file."""
    guidance_title: str = ""

    def criteria(self) -> list[ImportedCriterion]:
        return [c for section in self.sections for c in section.criteria()]

    @property
    def has_guidance(self) -> bool:
        return any(criterion.guidance for criterion in self.criteria())
