"""Inline tokens resolved for rendering: links and images through the resolver, references
and explicit terms to their targets, author HTML checked against the policy, and defined terms
linked at their first use."""

from __future__ import annotations

import re
from urllib.parse import unquote

from markdown_it.token import Token

from normkit.diagnostics import Code, diagnostic, did_you_mean
from normkit.model.location import Location
from normkit.sources.context import RenderContext
from normkit.sources.control import html_reference_diagnostics
from normkit.sources.html_images import html_image
from normkit.sources.html_policy import removed_by_policy
from normkit.sources.pieces import MARK_CLOSE, MARK_OPEN, clean_markers
from normkit.sources.plugins import refs, terms
from normkit.sources.tokens import copy_token, new_token


def check_html(content: str, location: Location, context: RenderContext) -> None:
    context.has_html = True
    context.result.diagnostics.extend(html_reference_diagnostics(content, location))
    removed = removed_by_policy(content)
    if removed:
        hint = "write images as ![description](path) and links within the project in Markdown"
        context.result.diagnostics.append(
            diagnostic(
                Code.HTML_REMOVED,
                location,
                f"HTML not allowed in sources was removed: {', '.join(removed)}",
                hint if any(r.startswith(("<img", "href=")) for r in removed) else "",
            )
        )


def prepare_inline(inline: Token, context: RenderContext) -> list[Token]:
    """Inline children with references, links and explicit terms resolved, author HTML
    checked and markers cleaned; defined terms in the text are linked afterwards. The
    inline's own list of children when none needed a change (most runs: plain text), so
    that the run needs no copy (`render._inline`)."""
    original = inline.children
    if not original:
        return []
    children: list[Token] = []
    changed = False
    for child in original:
        kind = child.type  # (one lookup: this loop runs for every inline token of every text)
        if kind == "text":
            content = child.content
            if MARK_OPEN in content or MARK_CLOSE in content:
                child = copy_token(child, content=clean_markers(content))
                changed = True
            children.append(child)
            continue
        if kind not in _RESOLVED:
            children.append(child)
            continue
        changed = True
        if kind == "link_open":
            children.append(_resolve_link(child, inline, context, "href"))
        elif kind == "image":
            children.append(_resolve_link(child, inline, context, "src"))
        elif kind == refs.TOKEN_TYPE:
            children.append(_resolve_ref(child, inline, context))
        elif kind == terms.TOKEN_TYPE:
            children.append(_resolve_explicit_term(child, inline, context))
        elif kind == "html_inline":
            image = html_image(child.content)
            if image is not None:
                children.append(
                    _resolve_link(image, inline, context, "src", str(image.attrs["src"]))
                )
                continue
            check_html(child.content, _locate(child, inline, context, child.content), context)
            children.append(copy_token(child, content=clean_markers(child.content)))
        else:  # code_inline
            children.append(copy_token(child, content=clean_markers(child.content)))
    return children if changed else original


_RESOLVED = frozenset(
    ("link_open", "image", refs.TOKEN_TYPE, terms.TOKEN_TYPE, "html_inline", "code_inline")
)
"""The inline children besides text that `prepare_inline` replaces; it keeps the others."""


def link_terms(children: list[Token], context: RenderContext) -> list[Token]:
    """Resolved inline children with each defined term linked at its first use in the text
    (not inside a link); a term written explicitly counts as its first use. `children`
    itself when no term is linked."""
    pattern = context.resolver.term_pattern()
    if pattern is None:
        return children
    linked: list[Token] = []
    link_depth = 0
    split = False
    for child in children:
        kind = child.type
        if kind == "text" and not link_depth:
            matched = _match_terms(child, pattern, context)
            if matched is None:
                linked.append(child)
            else:
                linked.extend(matched)
                split = True
            continue
        if kind == "link_open":
            link_depth += 1
        elif kind == "link_close":
            link_depth -= 1
        elif kind == terms.TOKEN_TYPE and child.meta.get("resolved") is not None:
            context.linked_terms.add(child.meta["resolved"].id)
            if context.uses is not None:
                context.uses.append((child.meta["resolved"].id, None))
        linked.append(child)
    return linked if split else children


def _locate(child: Token, inline: Token, context: RenderContext, needle: str = "") -> Location:
    """Line and column of an inline token, found from its parent's map and its own text."""
    first = inline.map[0] if inline.map else 0
    if "offset" in child.meta:
        line_index = first + inline.content[: int(child.meta["offset"])].count("\n")
        candidates = [line_index]
    else:
        last = inline.map[1] if inline.map else first + 1
        candidates = list(range(first, max(first + 1, last)))
    needle = needle or child.content
    for line_index in candidates:
        if 0 <= line_index < len(context.lines) and needle:
            found = context.lines[line_index].find(needle)
            if found >= 0:
                return Location(path=context.path, line=line_index + 1, column=found + 1)
    return Location(path=context.path, line=candidates[0] + 1, column=1)


def _resolve_link(
    child: Token, inline: Token, context: RenderContext, attribute: str, written: str = ""
) -> Token:
    destination = str(child.attrs.get(attribute) or "")
    location = _locate(child, inline, context, written or _as_written(destination))
    target, problems = context.resolver.link(destination, location, image=child.type == "image")
    context.result.diagnostics.extend(problems)
    copy = copy_token(child)
    copy.meta = {**child.meta, "target": target, "location": location}
    return copy


def _as_written(destination: str) -> str:
    """The destination as an author would have typed it (markdown-it percent-encodes)."""
    return unquote(destination)


def _resolve_ref(child: Token, inline: Token, context: RenderContext) -> Token:
    target_text = str(child.meta["target"])
    target = context.resolver.reference(target_text)
    copy = copy_token(child)
    copy.meta = {**child.meta, "resolved": target}
    location = _locate(child, inline, context)
    if target is None:
        hint = did_you_mean(target_text, context.resolver.reference_candidates(target_text))
        context.result.diagnostics.append(
            diagnostic(
                Code.REFERENCE_UNRESOLVED,
                location,
                f"cross-reference [[{target_text}]] names no criterion",
                hint,
            )
        )
    else:
        context.result.references.append((target, location))
    return copy


def _resolve_explicit_term(child: Token, inline: Token, context: RenderContext) -> Token:
    name = str(child.meta["term"])
    target = context.resolver.term(name)
    copy = copy_token(child)
    copy.meta = {**child.meta, "resolved": target}
    if target is None:
        context.result.diagnostics.append(
            diagnostic(
                Code.TERM_UNKNOWN,
                _locate(child, inline, context),
                f"unknown term '{name}'",
                did_you_mean(name, context.resolver.term_names()),
            )
        )
    else:
        context.result.terms.add(target.id)
    return copy


def _match_terms(
    child: Token, pattern: re.Pattern[str], context: RenderContext
) -> list[Token] | None:
    """A text child split at the defined terms it links; None when it links none."""
    content = child.content
    found = pattern.search(content)
    if found is None:  # (most runs: one search, without an iterator made for nothing)
        return None
    pieces: list[Token] = []
    position = 0
    # (from where the first was found: the look-behinds still see the text before it)
    for match in pattern.finditer(content, found.start()):
        target = context.resolver.term(match.group(0))
        if target is None:
            continue
        context.result.terms.add(target.id)
        first = target.id not in context.linked_terms
        if context.uses is not None:
            context.uses.append((target.id, first))
        if not first:
            continue
        context.linked_terms.add(target.id)
        if match.start() > position:
            pieces.append(_text_token(child.content[position : match.start()]))
        written = match.group(0)
        meta = {"term": written, "text": written, "resolved": target}
        pieces.append(new_token(terms.TOKEN_TYPE, "a", 0, written, meta))
        position = match.end()
    if not pieces:
        return None
    if position < len(child.content):
        pieces.append(_text_token(child.content[position:]))
    return pieces


def _text_token(content: str) -> Token:
    return new_token("text", "", 0, content)
