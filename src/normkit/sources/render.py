"""Rendering parsed tokens into the model's pieces and plain text: references, defined terms,
links and images resolved, author HTML held to the HTML policy."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from markdown_it.token import Token

from normkit.model.location import Location
from normkit.model.text import LinkTarget, Piece, TargetKind
from normkit.sources.context import (
    RefTarget,
    RenderContext,
    Rendered,
    Resolver,
    TermMet,
    TermTarget,
)
from normkit.sources.documents import FOOTNOTES_KEY
from normkit.sources.html_images import html_image
from normkit.sources.inline import check_html, link_terms, prepare_inline
from normkit.sources.pieces import PARTS_ATTRS, PieceRenderer, clean_markers, render_pieces
from normkit.sources.plain import PART_LETTERS
from normkit.sources.tokens import copy_token

__all__ = [
    "PART_LETTERS",
    "RefTarget",
    "Rendered",
    "RenderedPart",
    "Resolver",
    "TermTarget",
    "render",
    "render_lettered",
]


def render(
    tokens: Sequence[Token],
    resolver: Resolver,
    *,
    path: str,
    lines: Sequence[str],
    env: dict[str, Any],
    parts_anchor: str | None = None,
) -> Rendered:
    """Render block tokens; with `parts_anchor`, the first top-level ordered list is lettered."""
    result = Rendered(pieces=(), plain="")
    context = RenderContext(resolver=resolver, path=path, lines=lines, result=result)
    anchors: dict[int, str] = {}
    prepared = _prepare(tokens, context, parts_anchor, anchors)
    prepared.extend(_footnote_block(_prepared_notes(prepared, env, context).values()))
    paragraph = _lone_body(prepared, context)
    if paragraph is not None:
        pieces, result.plain = PieceRenderer(env, reuse=False).paragraph(paragraph)
    else:
        pieces, result.plain = render_pieces(
            prepared, env, has_html=context.has_html, anchors=anchors
        )
    result.pieces = tuple(pieces)
    return result


RenderedPart = tuple[tuple[Piece, ...], str, tuple[int, int]]
"""A lettered part rendered on its own, as if its item were the whole text: its pieces, its
plain text and the 0-based [start, end) source lines of its list item. (A tuple: a criterion
has several, and a record each cost as much as a part's other objects.)"""


def render_lettered(
    tokens: Sequence[Token],
    resolver: Resolver,
    *,
    path: str,
    lines: Sequence[str],
    env: dict[str, Any],
    parts_anchor: str,
) -> tuple[Rendered, list[RenderedPart]]:
    """A criterion's body with its first top-level ordered list lettered, and each item of
    that list rendered on its own: a part's HTML is not a slice of the body's (a tight
    list's paragraphs show, and a term is linked at its first use in the part), but its
    references, links and HTML are resolved and checked once, for the body, and each inline
    run whose terms the part links as the body does is rendered once, for both."""
    result = Rendered(pieces=(), plain="")
    context = RenderContext(resolver=resolver, path=path, lines=lines, result=result, unlinked={})
    anchors: dict[int, str] = {}
    prepared = _prepare(tokens, context, parts_anchor, anchors)
    body_has_html = context.has_html
    notes = _prepared_notes(prepared, env, context) if env.get(FOOTNOTES_KEY) else {}
    items = context.items  # (only this `_prepare` adds to them: the notes' lists no parts)
    if notes:
        prepared.extend(_footnote_block(notes.values()))
    if not items:  # (so no part: most of a catalog's criteria, `_lone_body`)
        paragraph = _lone_body(prepared, context)
        if paragraph is not None:
            pieces, result.plain = PieceRenderer(env, reuse=False).paragraph(paragraph)
            result.pieces = tuple(pieces)
            return result, []
        if not prepared:  # (an empty body, as a withdrawn criterion's: nothing to render)
            return result, []
    renderer = PieceRenderer(env)
    _finish(prepared, context, renderer, anchors)
    parts = [
        _part(prepared, start, end, context, body_has_html, notes, renderer) for start, end in items
    ]
    return result, parts


def _finish(
    prepared: list[Token],
    context: RenderContext,
    renderer: PieceRenderer,
    anchors: dict[int, str] | None = None,
) -> None:
    """The pieces and plain text of the result; `anchors`: the parts' (`_prepare`)."""
    result = context.result
    pieces, result.plain = renderer.render(prepared, has_html=context.has_html, anchors=anchors)
    result.pieces = tuple(pieces)


def _part(
    prepared: list[Token],
    start: int,
    end: int,
    body: RenderContext,
    body_has_html: bool,
    notes: dict[int, list[Token]],
    renderer: PieceRenderer,
) -> RenderedPart:
    item = prepared[start - 1].map
    lines = (item[0], item[1]) if item else (0, 0)
    if end - start == 3 and not notes:
        paragraph = _lone_paragraph(prepared[start:end], body_has_html)
        if paragraph is not None:
            if _linked_alike(paragraph, body, set()) is None:
                # Its terms link otherwise alone (one the body linked before is linked
                # here): linked afresh. (Else no context of its own to link them in.)
                children, _ = (body.unlinked or {})[id(paragraph)]
                relinked = link_terms(children, _part_context(body))
                paragraph = copy_token(paragraph, children=relinked)
            pieces, plain = renderer.paragraph(paragraph)
            return tuple(pieces), plain, lines
    context = _part_context(body)
    tokens: list[Token] = []
    for token in prepared[start:end]:
        kind = token.type
        if kind == "inline":
            token = _relinked(token, body, context)
            if body_has_html and not context.has_html:  # (a part has HTML only if its body has)
                context.has_html = any(
                    child.type == "html_inline" for child in token.children or []
                )
        elif token.hidden and kind in ("paragraph_open", "paragraph_close") and token.level == 2:
            # Alone, a tight list's paragraph shows. (The part's anchor belongs to the body:
            # a part is rendered without the body's anchors.)
            token = copy_token(token)
            token.hidden = False
        elif kind == "html_block":
            context.has_html = True
        tokens.append(token)
    if notes:  # the part's footnotes as the body prepared them, linked after the part
        tokens.extend(
            _footnote_block(
                [_note_token(token, body, context) for token in notes[note]]
                for note in _note_ids(tokens)
                if note in notes
            )
        )
    _finish(tokens, context, renderer)
    return context.result.pieces, context.result.plain, lines


def _part_context(body: RenderContext) -> RenderContext:
    return RenderContext(
        resolver=body.resolver, path=body.path, lines=body.lines, result=Rendered((), "")
    )


def _lone_body(prepared: list[Token], context: RenderContext) -> Token | None:
    """The inline token of a text that is one paragraph, shown and without attributes, when
    the text holds no author HTML: what `PieceRenderer.paragraph` renders as `render`
    would, without its walk (`tests/spine/test_block_walk.py`). Most of a catalog's
    criteria are (1,351 of NIST SP 800-53 rev4 and rev5's 2,111). None for any other."""
    if len(prepared) != 3 or context.has_html:
        return None
    opening, inline, closing = prepared
    if (
        opening.type != "paragraph_open"
        or inline.type != "inline"
        or closing.type != "paragraph_close"
        or opening.hidden
        or closing.hidden
        or opening.attrs
        or closing.attrs
    ):
        return None
    return inline


def _lone_paragraph(tokens: list[Token], body_has_html: bool) -> Token | None:
    """The inline token of a part that is one paragraph, without attributes, when it holds
    no author HTML: what `PieceRenderer.paragraph` renders as `_part` would (its paragraph
    shown). None for any other part."""
    opening, inline, closing = tokens
    if (
        opening.type != "paragraph_open"
        or inline.type != "inline"
        or closing.type != "paragraph_close"
        or opening.level != 2
        or opening.attrs
    ):
        return None
    if body_has_html and any(child.type == "html_inline" for child in inline.children or []):
        return None  # (linking terms leaves HTML as it is)
    return inline


def _prepare(
    tokens: Sequence[Token],
    context: RenderContext,
    parts_anchor: str | None,
    anchors: dict[int, str] | None = None,
) -> list[Token]:
    """`tokens` resolved for rendering; with `parts_anchor`, the first top-level ordered list
    lettered, and the anchor of each of its parts in `anchors` under the `id` of the list
    item and of its first paragraph (kept aside, so that neither is copied to carry it)."""
    prepared: list[Token] = []
    parts_done = parts_anchor is None
    in_parts = False
    item_index = 0
    prefix = f"{parts_anchor}."
    anchor = ""
    items = context.items
    for token in tokens:
        kind = token.type  # (one lookup: this loop runs for every token of every text)
        if kind == "inline":
            prepared.append(_inline(token, prepare_inline(token, context), context))
            continue
        if kind == "html_block":
            prepared.extend(_html_block(token, context))
            continue
        if kind == "fence" or kind == "code_block":
            cleaned = clean_markers(token.content)
            if cleaned != token.content:
                token = copy_token(token, content=cleaned)
        elif parts_done:
            pass
        elif not in_parts:
            if kind == "ordered_list_open" and token.level == 0:
                copy = copy_token(token)
                copy.attrs = dict(PARTS_ATTRS)
                prepared.append(copy)
                in_parts = True
                continue
        elif kind == "list_item_open" and token.level == 1:
            assert anchors is not None
            anchor = anchors[id(token)] = prefix + PART_LETTERS[item_index % len(PART_LETTERS)]
            item_index += 1
            prepared.append(token)
            start = len(prepared)
            items.append((start, start))
            continue
        elif kind == "list_item_close" and token.level == 1:
            items[-1] = (items[-1][0], len(prepared))
        elif (
            kind == "paragraph_open" and token.level == 2 and prepared[-1].type == "list_item_open"
        ):
            assert anchors is not None
            anchors[id(token)] = anchor  # (its item's, the last one met)
        elif kind == "ordered_list_close" and token.level == 0:
            in_parts = False
            parts_done = True
        prepared.append(token)
    return prepared


def _inline(token: Token, resolved: list[Token], context: RenderContext) -> Token:
    """An inline token with its children resolved and its terms linked: a copy, or the
    token itself when that changed none of its children (tokens are never changed in
    place, so the parse's own serves)."""
    unlinked = context.unlinked
    if unlinked is None:
        linked = link_terms(resolved, context)
    else:
        uses: list[TermMet] = []
        context.uses = uses
        linked = link_terms(resolved, context)
        context.uses = None
    if linked is not token.children:
        token = copy_token(token)
        token.children = linked
    if unlinked is not None:
        unlinked[id(token)] = (resolved, uses)
    return token


def _relinked(token: Token, body: RenderContext, context: RenderContext) -> Token:
    """A prepared inline token of the body with its terms linked in `context` (a part's):
    the token itself when they are linked as in the body — the same terms met first —
    so that it is rendered once, else a copy linked afresh."""
    linked = context.linked_terms
    met = _linked_alike(token, body, linked)
    if met is None:
        children, _ = (body.unlinked or {})[id(token)]
        return copy_token(token, children=link_terms(children, context))
    linked.update(met)
    return token


def _linked_alike(token: Token, body: RenderContext, linked: set[str]) -> set[str] | None:
    """The terms a prepared inline token of the body links or names, when a text that has
    linked `linked` before it would link them as the body did (the same terms met first);
    None when it would not."""
    found = (body.unlinked or {}).get(id(token))
    if found is None:
        return set()
    met: set[str] = set()
    for term, was_linked in found[1]:
        if was_linked is not None and (term not in linked and term not in met) != was_linked:
            return None
        met.add(term)
    return met


def _note_token(token: Token, body: RenderContext, context: RenderContext) -> Token:
    """A token of a footnote the body prepared, for a part that cites the note."""
    if token.type == "inline":
        token = _relinked(token, body, context)
        if any(child.type == "html_inline" for child in token.children or []):
            context.has_html = True
    elif token.type == "html_block":
        context.has_html = True
    return token


def _note_ids(tokens: Sequence[Token]) -> list[int]:
    """The footnotes these tokens cite, in order of their ids."""
    return sorted(
        {
            int(child.meta["id"])
            for token in tokens
            if token.type == "inline"
            for child in token.children or []
            if child.type == "footnote_ref"
        }
    )


def _prepared_notes(
    prepared: Sequence[Token], env: dict[str, Any], context: RenderContext
) -> dict[int, list[Token]]:
    """The footnote definitions that these tokens cite, each prepared (in order of ids)."""
    available: dict[int, list[Token]] = env.get(FOOTNOTES_KEY, {})
    if not available:
        return {}
    notes: dict[int, list[Token]] = {}
    for note in _note_ids(prepared):
        tokens = available.get(note)
        if tokens:
            notes[note] = _prepare(tokens, context, None)
    return notes


def _footnote_block(notes: Iterable[list[Token]]) -> list[Token]:
    """Prepared footnote definitions as a footnote block (none: no block)."""
    selected = [token for tokens in notes for token in tokens]
    if not selected:
        return []
    return [Token("footnote_block_open", "", 1), *selected, Token("footnote_block_close", "", -1)]


def _html_block(token: Token, context: RenderContext) -> list[Token]:
    line = (token.map[0] if token.map else 0) + 1
    image = html_image(token.content)
    if image is not None:
        inline = Token("inline", "", 0)
        inline.map = token.map
        inline.content = token.content
        inline.children = [image]
        inline = _inline(inline, prepare_inline(inline, context), context)
        return [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]
    check_html(token.content, Location(path=context.path, line=line, column=1), context)
    return [copy_token(token, content=clean_markers(token.content))]


def unresolved_target(destination: str) -> LinkTarget:
    """A link target for resolvers that know no project files: taken as written."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", destination):
        return LinkTarget(kind=TargetKind.EXTERNAL, value=destination)
    path, _, anchor = destination.partition("#")
    return LinkTarget(kind=TargetKind.PROJECT, value=path, anchor=anchor)
