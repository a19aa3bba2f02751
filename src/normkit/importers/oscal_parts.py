"""The parts of an OSCAL control as Markdown: the statement (a control's body, items as
lettered parts) and everything else (guidance, assessment objectives, references) as its
guidance entry."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from normkit.importers.markdown_text import heading_text, list_item
from normkit.importers.oscal_text import LINK, CatalogText

RELATED_LINE = re.compile(r"^Related controls: ", re.MULTILINE)
"""The paragraph in which an imported guidance lists the related controls."""

REFERENCES_HEADING = re.compile(r"^### References$", re.MULTILINE)
"""The sub-section in which an imported guidance lists the documents it refers to."""

REASON_PART = "withdrawal-reason"
"""The part in which normkit's OSCAL export says why a control was withdrawn."""


def props_named(node: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in node.get("props", []) if p["name"] == name]


def label_of(node: dict[str, Any]) -> str:
    labels = [
        p["value"] for p in node.get("props", []) if p["name"] == "label" and "class" not in p
    ] or props_named(node, "label")
    return labels[0].strip() if labels else ""


def statement_items(part: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in part.get("parts", []) if p["name"] == "item"]


def _items_markdown(catalog: CatalogText, items: list[dict[str, Any]]) -> str:
    rendered = []
    for item in items:
        text = catalog.markdown(item.get("prose", "")) or heading_text(item.get("title", ""))
        children = statement_items(item)
        if children:
            nested = _items_markdown(catalog, children)
            text = f"{text}\n{nested}" if text else nested
        rendered.append(list_item("1.", text or "—"))
    return "\n".join(rendered)


def statement_markdown(catalog: CatalogText, control: dict[str, Any]) -> str:
    blocks = []
    for part in control.get("parts", []):
        if part["name"] != "statement":
            continue
        if part.get("prose"):
            blocks.append(catalog.markdown(part["prose"]))
        items = statement_items(part)
        if items:
            blocks.append(_items_markdown(catalog, items))
        # Text after the items (normkit writes a body's closing text as such a part).
        blocks.extend(
            catalog.markdown(inner["prose"])
            for inner in part.get("parts", [])
            if inner["name"] != "item" and inner.get("prose")
        )
    return "\n\n".join(block for block in blocks if block)


PART_TITLES = {"objective": "Assessment objective", "assessment": "Assessment methods"}
"""Headings for the parts NIST names by convention; others are named after their name."""


def _part_title(part: dict[str, Any]) -> str:
    if part.get("title"):
        return heading_text(part["title"])
    name = part["name"]
    return PART_TITLES.get(name) or name.replace("-", " ").replace("_", " ").capitalize()


def _other_part(catalog: CatalogText, part: dict[str, Any]) -> str:
    """A part other than the statement (assessment objectives, methods …) as a list."""
    label = label_of(part) or ", ".join(m.capitalize() for m in props_named(part, "method"))
    prose = catalog.markdown(part.get("prose", ""))
    children = [_other_part(catalog, inner) for inner in part.get("parts", [])]
    if label and not prose and len(children) == 1:
        prose, children = children[0], []
    text = " ".join(t for t in (f"**{label}**" if label else "", prose) if t)
    nested = "\n".join(list_item("-", child) for child in children if child)
    return "\n".join(t for t in (text, nested) if t)


def _proses(parts: list[dict[str, Any]]) -> Iterator[str]:
    for part in parts:
        yield part.get("prose", "")
        yield from _proses(part.get("parts", []))


def _cited_inline(catalog: CatalogText, proses: Iterable[str]) -> frozenset[str]:
    """The controls and back-matter resources this prose links to where it cites them: by
    fragment (`[SP 800-12](#uuid)`) or by the resource's address (`](https://…)`)."""
    prose = "\n".join(proses)
    cited = {m.group(2) for m in LINK.finditer(prose)}
    cited.update(
        fragment
        for fragment, (_, href) in catalog.resources.items()
        if href and f"]({href})" in prose
    )
    return frozenset(cited)


def _references(
    catalog: CatalogText, links: list[dict[str, Any]], rel: str, cited: frozenset[str] = frozenset()
) -> list[str]:
    found: list[str] = []
    for link in links:
        if link.get("rel") != rel or not link["href"].startswith("#"):
            continue
        fragment = link["href"][1:]
        if fragment in cited:
            continue
        if rel == "reference":
            if fragment in catalog.resources:
                title, href = catalog.resources[fragment]
                found.append(f"[{title}]({href})" if href else title)
        elif fragment in catalog.targets:
            found.append(f"[[{catalog.targets[fragment]}]]")
    return list(dict.fromkeys(found))


def guidance_markdown(catalog: CatalogText, control: dict[str, Any]) -> str:
    blocks: list[str] = []
    others: dict[str, list[str]] = {}
    links = list(control.get("links", []))
    for part in control.get("parts", []):
        if part["name"] in ("statement", REASON_PART):
            continue
        if part["name"] == "guidance":
            blocks.append(catalog.markdown(part.get("prose", "")))
            links.extend(part.get("links", []))
            continue
        body = _other_part(catalog, part)
        if body:
            others.setdefault(_part_title(part), []).append(body)
    parts = control.get("parts", [])
    # NIST's links name controls and documents its prose also links, and the import lists
    # them all; a guidance that already has its list (normkit's export of an imported
    # catalog) is not given the same list again.
    with_related = [p for p in _proses(parts) if RELATED_LINE.search(p)]
    related = _references(catalog, links, "related", _cited_inline(catalog, with_related))
    if related:
        blocks.append("Related controls: " + ", ".join(related) + ".")
    with_list = [p for p in _proses(parts) if REFERENCES_HEADING.search(p)]
    references = _references(catalog, links, "reference", _cited_inline(catalog, with_list))
    if references:
        blocks.append("### References\n\n" + "\n".join(list_item("-", r) for r in references))
    for title, bodies in others.items():
        listed = bodies[0] if len(bodies) == 1 else "\n".join(list_item("-", b) for b in bodies)
        blocks.append(f"### {title}\n\n{listed}")
    return "\n\n".join(b for b in blocks if b)
