"""Rendering draft content into model `Text`, with lettered parts."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from markdown_it.token import Token

from normkit.assemble.outline import DraftNode
from normkit.assemble.reuse import Renders, current_renders
from normkit.model.location import Location
from normkit.model.standard import Part
from normkit.model.text import Text
from normkit.sources.documents import ParsedDocument
from normkit.sources.render import PART_LETTERS, Rendered, Resolver, render, render_lettered

if TYPE_CHECKING:
    from normkit.assemble.render_ahead import RendersAhead


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
    path = document.source.path
    source_lines = document.lines
    rendered, lettered = render_lettered(
        node.content_tokens(),
        resolver,
        path=path,
        lines=source_lines,
        env=document.env,
        parts_anchor=criterion_id,
    )
    body = Text(markdown=markdown, pieces=rendered.pieces, plain=rendered.plain)
    parts: list[Part] = []
    prefix = f"{number or criterion_id}."
    for index, (pieces, plain, lines) in enumerate(lettered):
        label = PART_LETTERS[index % len(PART_LETTERS)]
        parts.append(
            Part(
                label=label,
                number=prefix + label,
                text=Text(markdown=_item_markdown(source_lines, lines), pieces=pieces, plain=plain),
                location=Location(path=path, line=lines[0] + 1, column=1),
            )
        )
    return body, rendered, parts


def render_criterion_again(
    node: DraftNode,
    resolver: Resolver,
    number: str,
    criterion_id: str,
    ahead: RendersAhead | None = None,
) -> tuple[Text, Rendered, list[Part]]:
    """`render_criterion`, or, while a version is built again under the same context, its
    result from the last build when the criterion's chapter is byte-identical (`Renders`);
    or what a helper rendering `ahead` made of it (`render_ahead.py`)."""

    def make() -> tuple[Text, Rendered, list[Part]]:
        return render_criterion(node, resolver, number, criterion_id)

    renders = current_renders()
    key = None if renders is None else _criterion_key(renders, node, number, criterion_id)
    made = make if ahead is None else partial(ahead.render, node, make)
    if renders is None or key is None:
        return made()
    return renders.render(key, made)  # type: ignore[return-value]


def _criterion_key(
    renders: Renders, node: DraftNode, number: str, criterion_id: str
) -> Hashable | None:
    """What a criterion's rendering is made from besides the resolver: its chapter (path and
    text: its parse, tokens, lines and footnotes) and its chunks' places in it, its number
    and id. None when a chunk is not the chapter's own (text joined from the next chapter,
    `build_outline`): rendered afresh."""
    document = node.document
    place = renders.places.get(id(document))
    if place is None or place[0] is not document:
        digest = hashlib.sha256(document.source.path.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(document.source.text.encode("utf-8", "surrogatepass"))
        indexes = {id(chunk): index for index, chunk in enumerate(document.chunks)}
        place = renders.places[id(document)] = (document, digest.hexdigest(), indexes)
    _, chapter, indexes = place
    chunks = [indexes.get(id(chunk)) for chunk in (node.chunk, *node.extra)]
    if None in chunks:
        return None
    return (chapter, tuple(chunks), number, criterion_id)


def _item_markdown(source_lines: list[str], item_map: tuple[int, int]) -> str:
    """A list item's own Markdown, as if it stood alone: the marker removed and the
    continuation lines dedented to the item's content column (CommonMark: the marker's
    width plus the 1–4 spaces after it; one space when the item starts blank or with
    indented code), so nested lists and code blocks keep their meaning."""
    start, end = item_map
    if end - start == 1 and start < len(source_lines):  # (most items: the steps below
        line = source_lines[start]  # come to this for one line, in one match)
        found = _ONE_LINE_ITEM.match(line)
        assert found is not None  # (it matches an empty start)
        return line[found.end() :]
    lines = source_lines[start:end]
    if not lines:
        return ""
    first = lines[0].lstrip()
    indent = len(lines[0]) - len(first)
    if first[:1] in ("-", "+", "*"):
        marker = 1
    else:
        marker = len(first) - len(first.lstrip("0123456789"))
        marker += first[marker : marker + 1] in (".", ")")
    after = first[marker:]
    if len(lines) == 1:
        return after.lstrip()
    spaces = len(after) - len(after.lstrip(" "))
    column = indent + marker + (spaces if 1 <= spaces <= 4 and after.strip() else 1)
    body = [after.lstrip()]
    body.extend(
        line[column:] if line[:column].strip() == "" else line.lstrip() for line in lines[1:]
    )
    return "\n".join(body).strip("\n")


_ONE_LINE_ITEM = re.compile(r"\s*(?:[-+*]|[0-9]*[.)]?)\s*")
"""What `_item_markdown` removes before a one-line item's Markdown: the blanks before its
marker (`\\s` as `str.lstrip` strips), the marker (a bullet, or digits and their `.` or `)`)
and the blanks after it (`tests/spine/test_item_markdown.py` compares the two ways)."""
