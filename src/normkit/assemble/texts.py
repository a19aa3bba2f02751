"""Rendering draft content into model `Text`, with lettered parts."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from normkit.assemble.outline import DraftNode
from normkit.model.location import Location
from normkit.model.standard import Part
from normkit.model.text import Text
from normkit.sources.documents import ParsedDocument
from normkit.sources.render import PART_LETTERS, Rendered, Resolver, render, render_lettered


def render_tokens(
    tokens: Sequence[Token],
    markdown: str,
    document: ParsedDocument,
    resolver: Resolver,
    parts_anchor: str | None = None,
) -> tuple[Text, Rendered]:
    rendered = render(
        tokens,
        resolver,
        path=document.source.path,
        lines=document.lines,
        env=document.env,
        parts_anchor=parts_anchor,
    )
    return Text(markdown=markdown, pieces=rendered.pieces, plain=rendered.plain), rendered


def render_node(
    node: DraftNode, resolver: Resolver, parts_anchor: str | None = None
) -> tuple[Text, Rendered]:
    """A node's whole content (for leaves, including absorbed sub-headings)."""
    return render_tokens(
        node.content_tokens(), node.content_markdown(), node.document, resolver, parts_anchor
    )


def render_criterion(
    node: DraftNode, resolver: Resolver, number: str, criterion_id: str
) -> tuple[Text, Rendered, list[Part]]:
    """A criterion's body, its parts lettered, and one `Part` per item of its first
    top-level ordered list."""
    document = node.document
    markdown = node.content_markdown()
    rendered, lettered = render_lettered(
        node.content_tokens(),
        resolver,
        path=document.source.path,
        lines=document.lines,
        env=document.env,
        parts_anchor=criterion_id,
    )
    body = Text(markdown=markdown, pieces=rendered.pieces, plain=rendered.plain)
    parts: list[Part] = []
    for index, part in enumerate(lettered):
        label = PART_LETTERS[index % len(PART_LETTERS)]
        outcome = part.rendered
        parts.append(
            Part(
                label=label,
                number=f"{number}.{label}" if number else f"{criterion_id}.{label}",
                text=Text(
                    markdown=_item_markdown(document, part.lines),
                    pieces=outcome.pieces,
                    plain=outcome.plain,
                ),
                location=Location(path=document.source.path, line=part.lines[0] + 1, column=1),
            )
        )
    return body, rendered, parts


def _item_markdown(document: ParsedDocument, item_map: tuple[int, int]) -> str:
    lines = document.lines[item_map[0] : item_map[1]]
    if not lines:
        return ""
    first = lines[0].lstrip()
    marker_width = len(lines[0]) - len(first)
    for index, char in enumerate(first):
        if not (char.isdigit() or char in ".)"):
            marker_width += index
            break
    body = [lines[0][marker_width:].lstrip()]
    body.extend(
        line[marker_width:] if line[:marker_width].strip() == "" else line.lstrip()
        for line in lines[1:]
    )
    return "\n".join(body).strip("\n")
