"""One criterion as an OSCAL control: label and status, applicability and custom fields as
props in the standard's namespace, the body as the statement (lettered parts as items),
its guidance, cross-references and cited documents as links."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.model.standard import (
    Criterion,
    FieldSpec,
    FieldValue,
    Reference,
    Standard,
    Version,
    Withdrawal,
)
from normkit.model.text import Reference as ReferencePiece
from normkit.model.text import Text
from normkit.outputs.oscal.identity import (
    control_id,
    fragment,
    item_id,
    one_line,
    statement_id,
)
from normkit.outputs.oscal.prose import OscalStyle, escape, markdown, statement
from normkit.outputs.oscal.resources import BackMatter

CLOSING_PART = "closing-text"
"""Name (in the standard's namespace) of the statement part that holds the body's text after
its lettered parts: OSCAL puts a statement's prose before its items."""
WITHDRAWAL_PART = "withdrawal-reason"


@dataclass(slots=True)
class CatalogContext:
    """What every control of one catalog needs."""

    corpus: Corpus
    standard: Standard
    version: Version
    edition: GuidanceEdition | None
    matter: BackMatter
    style: OscalStyle
    group_ids: dict[str, str] = field(default_factory=dict)
    """Section key → the id of its group in this catalog (`catalog.group_ids`)."""

    @property
    def namespace(self) -> str:
        return self.standard.namespace

    def prop(self, name: str, value: str) -> dict[str, str] | None:
        """A prop in the standard's namespace; None when the value is empty."""
        text = one_line(value)
        return {"name": name, "ns": self.namespace, "value": text} if text else None

    def catalog_href(self, standard: str, version: str) -> str:
        """Where another version's catalog is, from this one (`<standard>/<version>/`)."""
        if (standard, version) == (self.version.standard, self.version.name):
            return ""
        if standard == self.version.standard:
            return f"../{version}/catalog.json"
        return f"../../{standard}/{version}/catalog.json"

    def reference_href(self, reference: ReferencePiece) -> str | None:
        standard, _, rest = reference.key.partition("/")
        version, _, target = rest.partition("/")
        criterion_id, _, part = target.partition(".")
        if self.corpus.version(standard, version) is None:
            return None
        return self.catalog_href(standard, version) + fragment(criterion_id, part or None)


def field_strings(value: FieldValue) -> list[str]:
    """A custom field's value as prop values (one per item of a list)."""
    if value is None:
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, datetime.date):
        return [value.isoformat()]
    if isinstance(value, tuple):
        return [item for item_value in value for item in field_strings(item_value)]
    return [str(value)]


def field_props(
    context: CatalogContext, specs: tuple[FieldSpec, ...], values: dict[str, FieldValue]
) -> list[dict[str, str]]:
    props = []
    for spec in specs:
        for text in field_strings(values.get(spec.name)):
            prop = context.prop(spec.name.replace("_", "-"), text)
            if prop is not None:
                props.append(prop)
    return props


def _props(criterion: Criterion, context: CatalogContext) -> list[dict[str, str]]:
    props: list[dict[str, str] | None] = []
    if one_line(criterion.number):
        props.append({"name": "label", "value": one_line(criterion.number)})
    if criterion.is_withdrawn:
        props.append({"name": "status", "value": "withdrawn"})
    props.extend(context.prop("applies-to", code) for code in criterion.applies_to)
    props.extend(field_props(context, context.version.criterion_fields, dict(criterion.fields)))
    props.extend(context.prop("replaces", old) for old in criterion.replaces)
    return [prop for prop in props if prop is not None]


def _link_to(context: CatalogContext, reference: Reference, rel: str) -> dict[str, str]:
    href = context.catalog_href(reference.standard, reference.version)
    return {"href": href + fragment(reference.criterion_id, reference.part), "rel": rel}


def _links(criterion: Criterion, context: CatalogContext, texts: list[Text]) -> list[Any]:
    links: list[dict[str, str]] = []
    if criterion.is_withdrawn:
        rel = "moved-to" if criterion.withdrawn_as is Withdrawal.MOVED else "incorporated-into"
        links.extend(_link_to(context, target, rel) for target in criterion.withdrawn_to)
        # A section it went to is a group of this catalog: linked as OSCAL links a
        # withdrawn control to any other part of the catalog, by its fragment. A key that
        # names no section (an error of `check`) is not linked.
        links.extend(
            {"href": f"#{context.group_ids[section.key]}", "rel": rel}
            for section in criterion.withdrawn_to_sections
            if section.key in context.group_ids
        )
    links.extend(_link_to(context, reference, "related") for reference in criterion.references)
    links.extend(context.matter.document_links(texts))
    unique = {(link["href"], link["rel"]): link for link in links}
    return list(unique.values())


def _statement(criterion: Criterion, context: CatalogContext) -> dict[str, Any] | None:
    before, after = statement(criterion.body, context.style)
    parts: list[dict[str, Any]] = []
    for part in criterion.parts:
        item: dict[str, Any] = {"id": item_id(criterion.id, part.label), "name": "item"}
        label = one_line(part.number) or part.label
        item["props"] = [{"name": "label", "value": label}]
        prose = markdown(part.text, context.style)
        if prose:
            item["prose"] = prose
        parts.append(item)
    if after:
        parts.append({"name": CLOSING_PART, "ns": context.namespace, "prose": after})
    if not before and not parts:
        return None
    found: dict[str, Any] = {"id": statement_id(criterion.id), "name": "statement"}
    if before:
        found["prose"] = before
    if parts:
        found["parts"] = parts
    return found


def guidance_texts(criterion: Criterion, context: CatalogContext) -> list[Text]:
    entry = context.edition.entry(criterion.id) if context.edition else None
    if entry is None:
        return []
    return [entry.intro, *(section.text for section in entry.sections)]


def _guidance(criterion: Criterion, context: CatalogContext) -> dict[str, Any] | None:
    """The guidance entry as one prose, its sub-sections as `###` headings (as OSCAL
    catalogs and `normkit import` write guidance)."""
    entry = context.edition.entry(criterion.id) if context.edition else None
    if entry is None:
        return None
    blocks = [markdown(entry.intro, context.style)]
    for section in entry.sections:
        text = markdown(section.text, context.style)
        blocks.append(f"### {one_line(section.title)}\n\n{text}" if text else "")
    prose = "\n\n".join(block for block in blocks if block)
    if not prose:
        return None
    return {"id": f"{control_id(criterion.id)}_gdn", "name": "guidance", "prose": prose}


def control(criterion: Criterion, context: CatalogContext) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": control_id(criterion.id),
        "title": one_line(criterion.title) or one_line(criterion.number) or criterion.id,
    }
    props = _props(criterion, context)
    if props:
        found["props"] = props
    texts = [criterion.body, *guidance_texts(criterion, context)]
    links = _links(criterion, context, texts)
    if links:
        found["links"] = links
    parts = [_statement(criterion, context), _guidance(criterion, context)]
    if criterion.is_withdrawn and one_line(criterion.withdrawn_reason):
        parts.append(
            {
                "name": WITHDRAWAL_PART,
                "ns": context.namespace,
                "title": "Reason for withdrawal",
                "prose": escape(criterion.withdrawn_reason.strip()),
            }
        )
    kept = [part for part in parts if part is not None]
    if kept:
        found["parts"] = kept
    return found
