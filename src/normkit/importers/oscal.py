"""OSCAL catalog (JSON) → an imported version: groups are sections, controls and their
enhancements criteria, statements their bodies, guidance a guidance edition."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.importers.document import (
    FieldDeclaration,
    ImportedCriterion,
    ImportedSection,
    ImportedVersion,
)
from normkit.importers.json_positions import describe, locate
from normkit.importers.markdown_text import escape_html_in_markdown, heading_text, list_item
from normkit.importers.numbering import choose_numbering, usable_number
from normkit.importers.oscal_parts import (
    REASON_PART,
    guidance_markdown,
    label_of,
    props_named,
    statement_items,
    statement_markdown,
)
from normkit.importers.oscal_shape import check_catalog
from normkit.importers.oscal_text import CatalogText
from normkit.model.location import Location

_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A backslash escaping punctuation in Markdown (the reason part is plain text, escaped)."""

LETTERS = "abcdefghijklmnopqrstuvwxyz"
WITHDRAWN_STATUSES = {"withdrawn", "moved"}
HANDLED_PROPS = {"label", "sort-id", "status"}
"""Props read into the structure itself; any other control prop becomes a field."""
MAX_HEADING_LEVEL = 6


def criterion_id(oscal_id: str) -> str:
    """A control id as a normkit criterion id: `ac-2.1` → `ac-2-1`, `AC_2` → `ac-2`.

    Stable (the same control always gets the same id, so diffs match controls across
    revisions) and kept reversible by the `oscal_id` field written beside it."""
    return "-".join(part for part in re.split(r"[^a-z0-9]+", oscal_id.lower()) if part)


def _title(markup_line: str) -> str:
    """An OSCAL title (Markdown without HTML) as heading text: a `<` is a less-than sign."""
    return heading_text(escape_html_in_markdown(markup_line))


def _field_name(prop: str) -> str:
    name = "_".join(part for part in re.split(r"[^a-z0-9]+", prop.lower()) if part)
    return f"oscal_{name}" if name in {"id", "status", "applies_to", "replaces"} else name


@dataclass(slots=True)
class _Catalog:
    """The catalog being imported, and what is known across it."""

    source: str
    """The catalog file as named by the user (for diagnostics)."""
    text: str
    document: dict[str, Any]
    prose: CatalogText = field(default_factory=CatalogText)
    controls: dict[str, dict[str, Any]] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    """Statement part id → the id of the control whose statement holds it."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    prop_fields: dict[str, bool] = field(default_factory=dict)
    """Field name → whether some control gives it more than once (a list)."""
    numbers_usable: bool = True
    groups: dict[str, str] = field(default_factory=dict)
    """Group id → its title (withdrawn controls may point to a whole group)."""

    def error(self, path: tuple[str | int, ...], message: str, hint: str = "") -> None:
        line, column = locate(self.text, path)
        where = Location(path=self.source, line=line, column=column)
        self.diagnostics.append(diagnostic(Code.IMPORT_SOURCE_INVALID, where, message, hint))


def _walk_controls(
    controls: list[dict[str, Any]], path: tuple[str | int, ...]
) -> Iterator[tuple[dict[str, Any], tuple[str | int, ...]]]:
    for index, control in enumerate(controls):
        here = (*path, index)
        yield control, here
        yield from _walk_controls(control.get("controls", []), (*here, "controls"))


def _all_controls(
    node: dict[str, Any], path: tuple[str | int, ...]
) -> Iterator[tuple[dict[str, Any], tuple[str | int, ...]]]:
    yield from _walk_controls(node.get("controls", []), (*path, "controls"))
    for index, group in enumerate(node.get("groups", [])):
        yield from _all_controls(group, (*path, "groups", index))


def _index(catalog: _Catalog) -> None:
    """Learn every control, parameter, resource and statement item before converting."""
    root = catalog.document["catalog"]
    for param in root.get("params", []):
        catalog.prose.params[param["id"]] = param
    for resource in root.get("back-matter", {}).get("resources", []):
        rlinks = [r["href"] for r in resource.get("rlinks", [])]
        hrefs = [h for h in rlinks if "://" in h or h.startswith("mailto:")]
        catalog.prose.resources[resource["uuid"]] = (resource.get("title", ""), (hrefs or [""])[0])
    _index_groups(catalog, root.get("groups", []))
    seen_ids: dict[str, str] = {}
    for control, path in _all_controls(root, ("catalog",)):
        oscal_id = control["id"]
        new_id = criterion_id(oscal_id)
        if not new_id or new_id in seen_ids:
            clash = f" (as does '{seen_ids[new_id]}')" if new_id in seen_ids else ""
            catalog.error(
                (*path, "id"),
                f"{describe((*path, 'id'))}: control id '{oscal_id}' gives criterion id "
                f"'{new_id}'{clash}",
            )
            continue
        seen_ids[new_id] = oscal_id
        catalog.controls[oscal_id] = control
        catalog.prose.targets[oscal_id] = new_id
        for param in control.get("params", []):
            catalog.prose.params[param["id"]] = param
        for part in control.get("parts", []):
            if part["name"] != "statement":
                continue
            for position, item in enumerate(statement_items(part)[: len(LETTERS)]):
                target = f"{new_id}.{LETTERS[position]}"
                for inner in _nested_parts(item):
                    if "id" in inner:
                        catalog.prose.targets[inner["id"]] = target
                        catalog.owners[inner["id"]] = oscal_id
        counts: dict[str, int] = {}
        for prop in control.get("props", []):
            if prop["name"] not in HANDLED_PROPS:
                name = _field_name(prop["name"])
                counts[name] = counts.get(name, 0) + 1
        for name, count in counts.items():
            catalog.prop_fields[name] = catalog.prop_fields.get(name, False) or count > 1
        if not usable_number(label_of(control)):
            catalog.numbers_usable = False


def _index_groups(catalog: _Catalog, groups: list[dict[str, Any]]) -> None:
    for group in groups:
        if group.get("id"):
            catalog.groups[group["id"]] = " ".join(group["title"].split())
        _index_groups(catalog, group.get("groups", []))


def _nested_parts(part: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield part
    for inner in part.get("parts", []):
        yield from _nested_parts(inner)


def _withdrawn(catalog: _Catalog, control: dict[str, Any], criterion: ImportedCriterion) -> None:
    criterion.withdrawn = True
    targets: list[str] = []
    missing: list[str] = []
    groups: list[str] = []
    kinds: set[str] = set()
    for link in control.get("links", []):
        rel = link.get("rel", "")
        if rel not in ("incorporated-into", "moved-to"):
            continue
        kinds.add(rel)
        fragment = link["href"].lstrip("#")
        target = catalog.prose.targets.get(fragment)
        if target and target.split(".")[0] != criterion.id:
            targets.append(target)
        elif fragment in catalog.groups:
            groups.append(catalog.groups[fragment])
        else:
            missing.append(fragment)
    criterion.withdrawn_to = list(dict.fromkeys(targets))
    criterion.withdrawn_as = "moved" if kinds == {"moved-to"} else "incorporated"
    verb = "Moved to" if criterion.withdrawn_as == "moved" else "Incorporated into"
    # Targets that are not controls (a whole family, an unknown id) stay in the reason.
    elsewhere = [f"the {title} family" for title in groups] + missing
    if elsewhere:
        criterion.withdrawn_reason = f"{verb} {', '.join(elsewhere)}."
    # normkit's own export says the reason in a part of its own: the reason as written.
    stated = [p.get("prose", "") for p in control.get("parts", []) if p["name"] == REASON_PART]
    if stated and stated[0].strip():
        criterion.withdrawn_reason = _MARKDOWN_ESCAPE.sub(r"\1", stated[0].strip())


def _criterion(catalog: _Catalog, control: dict[str, Any]) -> ImportedCriterion:
    criterion = ImportedCriterion(
        id=catalog.prose.targets[control["id"]],
        number=label_of(control) if catalog.numbers_usable else "",
        title=_title(control["title"]),
        body=statement_markdown(catalog.prose, control),
        guidance=guidance_markdown(catalog.prose, control),
    )
    criterion.fields["oscal_id"] = control["id"]
    if control.get("class"):
        criterion.fields["oscal_class"] = control["class"]
    for prop in control.get("props", []):
        if prop["name"] in HANDLED_PROPS:
            continue
        name = _field_name(prop["name"])
        if catalog.prop_fields[name]:
            criterion.fields.setdefault(name, []).append(prop["value"])
        else:
            criterion.fields[name] = prop["value"]
    status = (props_named(control, "status") or [""])[0].strip().lower()
    if status in WITHDRAWN_STATUSES:
        _withdrawn(catalog, control, criterion)
    return criterion


def _controls(catalog: _Catalog, controls: list[dict[str, Any]], section: ImportedSection) -> None:
    """Controls and, after each, its enhancements (at the same heading level)."""
    for control in controls:
        if control["id"] in catalog.controls:
            section.children.append(_criterion(catalog, control))
        _controls(catalog, control.get("controls", []), section)


def _section(
    catalog: _Catalog, group: dict[str, Any], depth: int, path: tuple[str | int, ...]
) -> ImportedSection:
    if depth + 1 > MAX_HEADING_LEVEL:
        catalog.error(
            path,
            f"{describe(path)}: groups nest {depth} deep; normkit headings allow "
            f"{MAX_HEADING_LEVEL - 1}",
        )
    section = ImportedSection(
        number=label_of(group) if usable_number(label_of(group)) else "",
        title=_title(group["title"]),
        introduction="\n\n".join(
            t for part in group.get("parts", []) if (t := _group_part(catalog, part))
        ),
    )
    _controls(catalog, group.get("controls", []), section)
    for index, inner in enumerate(group.get("groups", [])):
        section.children.append(_section(catalog, inner, depth + 1, (*path, "groups", index)))
    return section


def _group_part(catalog: _Catalog, part: dict[str, Any]) -> str:
    text = catalog.prose.markdown(part.get("prose", ""))
    inner = "\n\n".join(_group_part(catalog, p) for p in part.get("parts", []))
    title = f"**{heading_text(part['title'])}**" if part.get("title") else ""
    return "\n\n".join(t for t in (title, text, inner) if t)


def _section_levels(root: dict[str, Any]) -> list[str]:
    levels: list[set[str]] = []

    def visit(groups: list[dict[str, Any]], depth: int) -> None:
        for group in groups:
            while len(levels) <= depth:
                levels.append(set())
            levels[depth].add(group.get("class") or "group")
            visit(group.get("groups", []), depth + 1)

    visit(root.get("groups", []), 0)
    if root.get("controls") and not levels:
        levels.append({"group"})
    names: list[str] = []
    for depth, classes in enumerate(levels):
        name = (
            re.sub(r"[^a-z0-9]+", "-", classes.pop().lower()).strip("-")
            if len(classes) == 1
            else "group"
        )
        names.append(name if name not in names else f"{name}-{depth + 1}")
    return names


def _section_numbers(sections: list[ImportedSection]) -> list[str]:
    found: list[str] = []
    for section in sections:
        found.append(section.number)
        found.extend(
            _section_numbers([c for c in section.children if isinstance(c, ImportedSection)])
        )
    return found


def _references_chapter(catalog: _Catalog) -> ImportedSection | None:
    resources = catalog.document["catalog"].get("back-matter", {}).get("resources", [])
    entries = []
    for resource in resources:
        title = heading_text(resource.get("title", ""))
        citation = catalog.prose.markdown(resource.get("citation", {}).get("text", ""))
        rlinks = [r["href"] for r in resource.get("rlinks", [])]
        hrefs = [h for h in rlinks if "://" in h or h.startswith("mailto:")]
        text = " — ".join(t for t in (f"**{title}**" if title else "", citation) if t)
        if hrefs:
            text += f" <{hrefs[0]}>"
        if text.strip():
            entries.append((title.lower(), list_item("-", text)))
    if not entries:
        return None
    return ImportedSection(
        title="References",
        introduction="The sources that controls cite.\n\n"
        + "\n".join(entry for _, entry in sorted(entries)),
    )


def _declarations(catalog: _Catalog, version: ImportedVersion) -> None:
    version.fields.append(
        FieldDeclaration(
            name="oscal_id",
            label="OSCAL id",
            description="The control's id in the OSCAL catalog it was imported from.",
        )
    )
    if any(c.get("class") for c in catalog.controls.values()):
        version.fields.append(
            FieldDeclaration(
                name="oscal_class", label="OSCAL class", description="The control's class."
            )
        )
    for name, repeated in sorted(catalog.prop_fields.items()):
        version.fields.append(
            FieldDeclaration(
                name=name,
                type="list-of-string" if repeated else "string",
                description=f"The control's OSCAL property '{name}'.",
            )
        )


def read_oscal(source: Path, shown_as: str) -> tuple[ImportedVersion | None, list[Diagnostic]]:
    """Read an OSCAL catalog; None (with located errors) when it cannot be imported."""
    text = source.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = Location(path=shown_as, line=error.lineno, column=error.colno)
        return None, [
            diagnostic(
                Code.IMPORT_SOURCE_INVALID,
                where,
                f"not JSON: {error.msg}",
                "OSCAL catalogs are imported from their JSON form",
            )
        ]
    catalog = _Catalog(source=shown_as, text=text, document=document)
    for problem in check_catalog(document):
        catalog.error(problem.path, problem.message)
    if catalog.diagnostics:
        return None, catalog.diagnostics
    _index(catalog)
    root = document["catalog"]
    metadata = root["metadata"]
    version = ImportedVersion(
        title=" ".join(metadata["title"].split()),
        standard_title=" ".join(metadata["title"].split()),
        summary=f"Imported from the OSCAL catalog '{Path(shown_as).name}'"
        + (f", version {metadata['version']}" if metadata.get("version") else "")
        + ".",
        published=metadata.get("published", "")[:10],
        section_levels=_section_levels(root),
    )
    for index, group in enumerate(root.get("groups", [])):
        version.sections.append(_section(catalog, group, 1, ("catalog", "groups", index)))
    if root.get("controls"):
        loose = ImportedSection(title="Controls")
        _controls(catalog, root["controls"], loose)
        version.sections.insert(0, loose)
    references = _references_chapter(catalog)
    if references is not None:
        version.sections.append(references)
    numbers = [c.number for c in version.criteria()] + _section_numbers(version.sections)
    version.numbering = choose_numbering(numbers) if catalog.numbers_usable else "none"
    _declarations(catalog, version)
    version.guidance_title = f"Guidance for {version.title}"
    return (None if catalog.diagnostics else version), catalog.diagnostics
