"""One standard version as an OSCAL catalog: metadata, sections as groups, criteria as
controls, defined terms and cited documents as back matter."""

from __future__ import annotations

from typing import Any

from normkit.model.corpus import Corpus
from normkit.model.standard import Section, Standard, Version
from normkit.model.text import Text
from normkit.outputs.oscal.controls import (
    CatalogContext,
    control,
    field_props,
    guidance_texts,
)
from normkit.outputs.oscal.identity import (
    OSCAL_VERSION,
    document_uuid,
    last_modified,
    object_uuid,
    one_line,
    timestamp,
    token,
)
from normkit.outputs.oscal.prose import OscalStyle, markdown
from normkit.outputs.oscal.resources import collect, resources

NOTE_PART = "note"
"""Name (in the standard's namespace) of a group part holding a section note."""


def _texts(context: CatalogContext) -> list[Text]:
    """Every text the catalog shows, for the back matter."""
    texts: list[Text] = []
    for section in context.version.all_sections():
        texts.append(section.intro)
        texts.extend(note.text for note in section.notes)
    for criterion in context.version.criteria():
        texts.append(criterion.body)
        texts.extend(guidance_texts(criterion, context))
    return texts


def _group_id(section: Section, taken: set[str]) -> str:
    found = token(section.key)
    return found if found not in taken else token(f"group-{section.key}")


def group_ids(version: Version) -> dict[str, str]:
    """Each section's key → the id of its group: its key as a token, unless a control has
    that id already (then `group-<key>`). Known before the groups are made, so that a
    withdrawn control can link to the group of a section it went to."""
    taken = {token(c.id) for c in version.criteria()}
    return {section.key: _group_id(section, taken) for section in version.all_sections()}


def _group(section: Section, context: CatalogContext) -> dict[str, Any]:
    group: dict[str, Any] = {"id": context.group_ids[section.key]}
    level = context.standard.level_name(section.level)
    if level:
        group["class"] = token(level)
    group["title"] = one_line(section.title) or one_line(section.number) or section.key
    props: list[dict[str, str]] = []
    if one_line(section.number):
        props.append({"name": "label", "value": one_line(section.number)})
    props.extend(field_props(context, context.version.section_fields(level), dict(section.fields)))
    if props:
        group["props"] = props
    parts = []
    intro = markdown(section.intro, context.style)
    if intro:
        parts.append({"name": "overview", "prose": intro})
    for note in section.notes:
        prose = markdown(note.text, context.style)
        if prose:
            parts.append({"name": NOTE_PART, "ns": context.namespace, "prose": prose})
    if parts:
        group["parts"] = parts
    controls = [control(criterion, context) for criterion in section.criteria]
    children = [_group(child, context) for child in section.children]
    if controls and children:
        # An OSCAL group holds controls or groups, not both: the criteria that come before
        # the first sub-section get a group of their own, first.
        own = {
            "id": token(f"{group['id']}-criteria"),
            "title": group["title"],
            "controls": controls,
        }
        children.insert(0, own)
        controls = []
    if controls:
        group["controls"] = controls
    if children:
        group["groups"] = children
    return group


def _metadata(standard: Standard, version: Version, context: CatalogContext) -> dict[str, Any]:
    metadata: dict[str, Any] = {"title": one_line(version.title) or version.key}
    if version.published:
        metadata["published"] = timestamp(version.published)
    metadata["last-modified"] = last_modified(version)
    metadata["version"] = version.name
    metadata["oscal-version"] = OSCAL_VERSION
    props = [
        context.prop("standard", standard.slug),
        context.prop("code", standard.code),
        context.prop("status", str(version.status)),
        *(
            context.prop(name, day.isoformat() if day else "")
            for name, day in (
                ("effective", version.effective),
                ("transition-end", version.transition_end),
                ("consultation-closes", version.consultation_closes),
            )
        ),
        context.prop("licence", standard.licence),
    ]
    metadata["props"] = [prop for prop in props if prop is not None]
    links = []
    if version.supersedes and standard.version(version.supersedes):
        links.append(
            {"href": f"../{version.supersedes}/catalog.json", "rel": "predecessor-version"}
        )
    if version.superseded_by and standard.version(version.superseded_by):
        links.append(
            {"href": f"../{version.superseded_by}/catalog.json", "rel": "successor-version"}
        )
    if links:
        metadata["links"] = links
    if one_line(standard.owner):
        party = object_uuid(standard, "party", standard.owner)
        metadata["roles"] = [{"id": "publisher", "title": "Publisher"}]
        metadata["parties"] = [{"uuid": party, "type": "organization", "name": standard.owner}]
        metadata["responsible-parties"] = [{"role-id": "publisher", "party-uuids": [party]}]
    if version.summary.strip():
        metadata["remarks"] = version.summary.strip()
    return metadata


def catalog_document(corpus: Corpus, standard: Standard, version: Version) -> dict[str, Any]:
    """The whole `catalog.json` of one version."""
    edition = corpus.guidance_for(version)
    context = CatalogContext(
        corpus=corpus,
        standard=standard,
        version=version,
        edition=edition,
        matter=collect(corpus, standard, version, []),
        style=OscalStyle(lambda _: None, {}),
    )
    context.matter = collect(corpus, standard, version, _texts(context))
    context.style = OscalStyle(context.reference_href, context.matter.term_hrefs())
    context.group_ids = group_ids(version)
    body: dict[str, Any] = {"metadata": _metadata(standard, version, context)}
    groups = [_group(section, context) for section in version.sections]
    if groups:
        body["groups"] = groups
    definitions = {
        term.id: markdown(term.definition, context.style) for term in context.matter.terms
    }
    back_matter = resources(context.matter, standard.namespace, definitions)
    if back_matter:
        body["back-matter"] = {"resources": back_matter}
    uuid = document_uuid(standard, "catalog", version.key, body)
    return {"catalog": {"uuid": uuid, **body}}
