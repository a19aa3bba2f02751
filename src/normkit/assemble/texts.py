"""Rendering draft content into model `Text`, with lettered parts."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from normkit.assemble.outline import DraftNode
from normkit.model.location import Location
from normkit.model.standard import Part
from normkit.model.text import Text
from normkit.sources.documents import ParsedDocument
from normkit.sources.render import PART_LETTERS, Rendered, Resolver, render
from normkit.sources.tokens import copy_token


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


def render_parts(
    node: DraftNode, resolver: Resolver, number: str, criterion_id: str
) -> tuple[list[Part], list[Rendered]]:
    """One `Part` per item of the first top-level ordered list."""
    tokens = node.content_tokens()
    parts: list[Part] = []
    outcomes: list[Rendered] = []
    for index, (item_tokens, item_map) in enumerate(_list_items(tokens)):
        label = PART_LETTERS[index % len(PART_LETTERS)]
        markdown = _item_markdown(node.document, item_map)
        text, rendered = render_tokens(item_tokens, markdown, node.document, resolver)
        outcomes.append(rendered)
        parts.append(
            Part(
                label=label,
                number=f"{number}.{label}" if number else f"{criterion_id}.{label}",
                text=text,
                location=Location(path=node.document.source.path, line=item_map[0] + 1, column=1),
            )
        )
    return parts, outcomes


def _list_items(tokens: Sequence[Token]) -> list[tuple[list[Token], tuple[int, int]]]:
    items: list[tuple[list[Token], tuple[int, int]]] = []
    inside = False
    current: list[Token] | None = None
    current_map = (0, 0)
    for token in tokens:
        if not inside:
            if token.type == "ordered_list_open" and token.level == 0:
                inside = True
            continue
        if token.type == "ordered_list_close" and token.level == 0:
            break
        if token.type == "list_item_open" and token.level == 1:
            current = []
            current_map = (token.map[0], token.map[1]) if token.map else (0, 0)
            continue
        if token.type == "list_item_close" and token.level == 1 and current is not None:
            items.append((_dedent_levels(current), current_map))
            current = None
            continue
        if current is not None:
            current.append(token)
    return items


def _dedent_levels(tokens: list[Token]) -> list[Token]:
    """Item content rendered alone: tight-list paragraphs become visible again."""
    out: list[Token] = []
    for token in tokens:
        copy = copy_token(token, level=max(0, token.level - 2))
        if copy.type in ("paragraph_open", "paragraph_close") and token.level == 2:
            copy.hidden = False
        out.append(copy)
    return out


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
