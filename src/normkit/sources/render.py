"""Rendering parsed tokens to HTML and plain text, resolving references and defined terms."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from markdown_it.token import Token

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.location import Location
from normkit.model.text import REF_CLASS, TERM_CLASS
from normkit.sources.documents import FOOTNOTES_KEY
from normkit.sources.markdown import parser
from normkit.sources.plugins import refs, terms

PART_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class RefTarget:
    """What a cross-reference resolves to."""

    key: str
    """`standard/version/id` or `standard/version/id.part`."""
    anchor: str
    """Anchor in the target's document: `id` or `id.part`."""
    label: str
    """Text shown by default: the display number (`5.3.b`), or the id when unnumbered."""
    title: str
    """Target's title, for the link's tooltip."""


@dataclass(frozen=True, slots=True)
class TermTarget:
    """A defined term as the text refers to it."""

    id: str
    tooltip: str
    """Plain-text definition, shown on hover."""


class Resolver(Protocol):
    """What rendering needs to know about the rest of the corpus."""

    def reference(self, target: str) -> RefTarget | None: ...

    def reference_candidates(self, target: str) -> Iterable[str]: ...

    def term(self, name: str) -> TermTarget | None: ...

    def term_names(self) -> Iterable[str]: ...

    def term_pattern(self) -> re.Pattern[str] | None: ...


@dataclass(slots=True)
class Rendered:
    """The outcome of rendering one run of content."""

    html: str
    plain: str
    references: list[tuple[RefTarget, Location]] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class _Context:
    resolver: Resolver
    path: str
    lines: Sequence[str]
    env: dict[str, Any]
    result: Rendered
    linked_terms: set[str] = field(default_factory=set)


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
    result = Rendered(html="", plain="")
    context = _Context(resolver=resolver, path=path, lines=lines, env=env, result=result)
    prepared = _prepare(tokens, context, parts_anchor)
    prepared.extend(_footnotes_for(prepared, env))
    result.html = parser().renderer.render(prepared, parser().options, env).strip()
    result.plain = plain_text(prepared)
    return result


def _prepare(tokens: Sequence[Token], context: _Context, parts_anchor: str | None) -> list[Token]:
    prepared: list[Token] = []
    parts_done = parts_anchor is None
    in_parts = False
    item_index = 0
    for token in tokens:
        if token.type == "inline":
            copy = token.copy()
            copy.children = _prepare_inline(token, context)
            prepared.append(copy)
            continue
        if not parts_done and token.type == "ordered_list_open" and token.level == 0:
            copy = token.copy()
            copy.attrs = {"type": "a", "class": "nk-parts"}
            prepared.append(copy)
            in_parts = True
            continue
        if in_parts and token.type == "list_item_open" and token.level == 1:
            copy = token.copy()
            letter = PART_LETTERS[item_index % len(PART_LETTERS)]
            copy.attrs = {"id": f"{parts_anchor}.{letter}"}
            item_index += 1
            prepared.append(copy)
            continue
        if in_parts and token.type == "ordered_list_close" and token.level == 0:
            in_parts = False
            parts_done = True
        prepared.append(token)
    return prepared


def _footnotes_for(tokens: Sequence[Token], env: dict[str, Any]) -> list[Token]:
    """The footnote definitions that these tokens reference, as a footnote block."""
    available: dict[int, list[Token]] = env.get(FOOTNOTES_KEY, {})
    wanted = sorted(
        {
            int(child.meta["id"])
            for token in tokens
            if token.type == "inline"
            for child in token.children or []
            if child.type == "footnote_ref"
        }
    )
    selected = [token for footnote_id in wanted for token in available.get(footnote_id, [])]
    if not selected:
        return []
    return [Token("footnote_block_open", "", 1), *selected, Token("footnote_block_close", "", -1)]


def _prepare_inline(inline: Token, context: _Context) -> list[Token]:
    children: list[Token] = []
    link_depth = 0
    for child in inline.children or []:
        if child.type == "link_open":
            link_depth += 1
        elif child.type == "link_close":
            link_depth -= 1
        if child.type == refs.TOKEN_TYPE:
            children.append(_resolve_ref(child, inline, context))
        elif child.type == terms.TOKEN_TYPE:
            children.append(_resolve_explicit_term(child, inline, context))
        elif child.type == "text" and link_depth == 0:
            children.extend(_match_terms(child, context))
        else:
            children.append(child)
    return children


def _locate(child: Token, inline: Token, context: _Context) -> Location:
    """Line and column of an inline token, found from its parent's map and its own text."""
    offset = int(child.meta.get("offset", 0))
    first = inline.map[0] if inline.map else 0
    line_index = first + inline.content[:offset].count("\n")
    column = 1
    if 0 <= line_index < len(context.lines):
        found = context.lines[line_index].find(child.content)
        column = found + 1 if found >= 0 else 1
    return Location(path=context.path, line=line_index + 1, column=column)


def _resolve_ref(child: Token, inline: Token, context: _Context) -> Token:
    target_text = str(child.meta["target"])
    target = context.resolver.reference(target_text)
    copy = child.copy()
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


def _resolve_explicit_term(child: Token, inline: Token, context: _Context) -> Token:
    name = str(child.meta["term"])
    target = context.resolver.term(name)
    copy = child.copy()
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
        context.linked_terms.add(target.id)
    return copy


def _match_terms(child: Token, context: _Context) -> list[Token]:
    pattern = context.resolver.term_pattern()
    if pattern is None:
        return [child]
    pieces: list[Token] = []
    position = 0
    for match in pattern.finditer(child.content):
        target = context.resolver.term(match.group(0))
        if target is None:
            continue
        context.result.terms.add(target.id)
        if target.id in context.linked_terms:
            continue
        context.linked_terms.add(target.id)
        if match.start() > position:
            pieces.append(_text_token(child.content[position : match.start()]))
        term_token = Token(terms.TOKEN_TYPE, "a", 0)
        term_token.content = match.group(0)
        term_token.meta = {"term": match.group(0), "text": match.group(0), "resolved": target}
        pieces.append(term_token)
        position = match.end()
    if not pieces:
        return [child]
    if position < len(child.content):
        pieces.append(_text_token(child.content[position:]))
    return pieces


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _render_ref(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    target: RefTarget | None = token.meta.get("resolved")
    shown = str(token.meta.get("text") or "")
    if target is None:
        return f'<span class="{REF_CLASS} nk-unresolved">{html.escape(token.content)}</span>'
    return (
        f'<a class="{REF_CLASS}" href="#{html.escape(target.anchor)}" '
        f'data-nk-ref="{html.escape(target.key)}" title="{html.escape(target.title)}">'
        f"{html.escape(shown or target.label)}</a>"
    )


def _render_term(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    target: TermTarget | None = token.meta.get("resolved")
    shown = html.escape(str(token.meta.get("text") or token.content))
    if target is None:
        return f'<span class="{TERM_CLASS} nk-unresolved">{shown}</span>'
    return (
        f'<a class="{TERM_CLASS}" href="#term-{html.escape(target.id)}" '
        f'data-nk-term="{html.escape(target.id)}" title="{html.escape(target.tooltip)}">'
        f"{shown}</a>"
    )


parser().add_render_rule(refs.TOKEN_TYPE, _render_ref)
parser().add_render_rule(terms.TOKEN_TYPE, _render_term)


def inline_plain(children: Iterable[Token]) -> str:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" " if child.type == "softbreak" else "\n")
        elif child.type == refs.TOKEN_TYPE:
            target = child.meta.get("resolved")
            out.append(str(child.meta.get("text") or (target.label if target else child.content)))
        elif child.type == terms.TOKEN_TYPE:
            out.append(str(child.meta.get("text") or child.content))
        elif child.type == "image":
            out.append(inline_plain(child.children or []))
        elif child.type == "html_inline":
            continue
    return "".join(out)


_BLOCK_ENDS = {"paragraph_close", "heading_close", "fence", "code_block", "tr_close", "dd_close"}


def plain_text(tokens: Sequence[Token]) -> str:
    """Plain text: blocks on their own lines, list items marked, paragraphs apart."""
    out: list[str] = []
    counters: list[int | None] = []
    for token in tokens:
        if token.type == "bullet_list_open":
            counters.append(None)
        elif token.type == "ordered_list_open":
            start = token.attrs.get("start", 1)
            counters.append(int(start) if isinstance(start, int | str) else 1)
            if token.attrs.get("type") == "a":
                counters[-1] = 0
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            counters.pop()
            out.append("\n")
        elif token.type == "list_item_open":
            indent = "  " * (len(counters) - 1)
            counter = counters[-1] if counters else None
            if counter is None:
                out.append(f"{indent}- ")
            elif token.attrs.get("id"):
                out.append(f"{indent}{PART_LETTERS[counter % 26]}. ")
                counters[-1] = counter + 1
            else:
                out.append(f"{indent}{counter}. ")
                counters[-1] = counter + 1
        elif token.type == "inline":
            out.append(inline_plain(token.children or []))
        elif token.type in ("fence", "code_block"):
            out.append(token.content)
        elif token.type in ("th_close", "td_close"):
            out.append(" | ")
        if token.type in _BLOCK_ENDS:
            out.append("\n" if counters or token.type in ("tr_close",) else "\n\n")
    text = "".join(out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
