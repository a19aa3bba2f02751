"""Rendering parsed tokens into the model's pieces and plain text: references, defined terms,
links and images resolved, author HTML held to the HTML policy."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Protocol
from urllib.parse import unquote

from markdown_it.token import Token

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.location import Location
from normkit.model.text import DEFAULT_STYLE, LinkTarget, Piece, TargetKind
from normkit.sources.documents import FOOTNOTES_KEY
from normkit.sources.html_policy import removed_by_policy
from normkit.sources.pieces import PART_KEY, clean_markers, render_pieces
from normkit.sources.plain import PART_LETTERS, plain_text
from normkit.sources.plugins import refs, terms
from normkit.sources.tokens import copy_token

__all__ = ["PART_LETTERS", "RefTarget", "Rendered", "Resolver", "TermTarget", "render"]


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
    """What rendering needs to know about the rest of the corpus and the project's files."""

    def reference(self, target: str) -> RefTarget | None: ...

    def reference_candidates(self, target: str) -> Iterable[str]: ...

    def term(self, name: str) -> TermTarget | None: ...

    def term_names(self) -> Iterable[str]: ...

    def term_pattern(self) -> re.Pattern[str] | None: ...

    def link(
        self, destination: str, location: Location, *, image: bool
    ) -> tuple[LinkTarget, list[Diagnostic]]:
        """Where a Markdown link (or image) leads, with any problem found on the way."""
        ...


@dataclass(slots=True)
class Rendered:
    """The outcome of rendering one run of content."""

    pieces: tuple[Piece, ...]
    plain: str
    references: list[tuple[RefTarget, Location]] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def html(self) -> str:
        return DEFAULT_STYLE.render(self.pieces)


@dataclass(slots=True)
class _Context:
    resolver: Resolver
    path: str
    lines: Sequence[str]
    result: Rendered
    linked_terms: set[str] = field(default_factory=set)
    has_html: bool = False


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
    context = _Context(resolver=resolver, path=path, lines=lines, result=result)
    prepared = _prepare(tokens, context, parts_anchor)
    prepared.extend(_prepare(_footnotes_for(prepared, env), context, None))
    result.pieces = tuple(render_pieces(prepared, env, has_html=context.has_html))
    result.plain = plain_text(prepared)
    return result


def _prepare(tokens: Sequence[Token], context: _Context, parts_anchor: str | None) -> list[Token]:
    prepared: list[Token] = []
    parts_done = parts_anchor is None
    in_parts = False
    item_index = 0
    for token in tokens:
        if token.type == "inline":
            copy = copy_token(token)
            copy.children = _prepare_inline(token, context)
            prepared.append(copy)
            continue
        if token.type == "html_block":
            prepared.extend(_html_block(token, context))
            continue
        if token.type in ("fence", "code_block") and clean_markers(token.content) != token.content:
            token = copy_token(token, content=clean_markers(token.content))
        if not parts_done and token.type == "ordered_list_open" and token.level == 0:
            copy = copy_token(token)
            copy.attrs = {"type": "a", "class": "nk-parts"}
            prepared.append(copy)
            in_parts = True
            continue
        if in_parts and token.type == "list_item_open" and token.level == 1:
            letter = PART_LETTERS[item_index % len(PART_LETTERS)]
            item_index += 1
            meta = {**token.meta, PART_KEY: f"{parts_anchor}.{letter}"}
            prepared.append(copy_token(token, meta=meta))
            continue
        if (
            in_parts
            and token.type == "paragraph_open"
            and token.level == 2
            and prepared[-1].type == "list_item_open"
        ):
            meta = {**token.meta, PART_KEY: prepared[-1].meta[PART_KEY]}
            prepared.append(copy_token(token, meta=meta))
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


_IMG_TAG = re.compile(r"^\s*<img\b[^<>]*>\s*$", re.IGNORECASE)


class _ImgAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes = {name: value or "" for name, value in attrs}

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _html_image(content: str) -> Token | None:
    """An author's lone `<img src=… alt=…>` as a Markdown image token (checked like one)."""
    if _IMG_TAG.match(content) is None:
        return None
    reader = _ImgAttributes()
    reader.feed(content)
    src = reader.attributes.get("src", "").strip()
    if not src:
        return None
    image = Token("image", "img", 0)
    image.attrs = {"src": src, "alt": ""}
    if reader.attributes.get("title"):
        image.attrs["title"] = reader.attributes["title"]
    alt = Token("text", "", 0)
    alt.content = reader.attributes.get("alt", "")
    image.children = [alt]
    image.content = alt.content
    return image


def _html_block(token: Token, context: _Context) -> list[Token]:
    line = (token.map[0] if token.map else 0) + 1
    image = _html_image(token.content)
    if image is not None:
        inline = Token("inline", "", 0)
        inline.map = token.map
        inline.content = token.content
        inline.children = [image]
        paragraph = [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]
        paragraph[1].children = _prepare_inline(inline, context)
        return paragraph
    _check_html(token.content, Location(path=context.path, line=line, column=1), context)
    return [copy_token(token, content=clean_markers(token.content))]


def _check_html(content: str, location: Location, context: _Context) -> None:
    context.has_html = True
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


def _prepare_inline(inline: Token, context: _Context) -> list[Token]:
    children: list[Token] = []
    link_depth = 0
    for child in inline.children or []:
        if child.type == "link_open":
            link_depth += 1
            children.append(_resolve_link(child, inline, context, "href"))
        elif child.type == "link_close":
            link_depth -= 1
            children.append(child)
        elif child.type == "image":
            children.append(_resolve_link(child, inline, context, "src"))
        elif child.type == refs.TOKEN_TYPE:
            children.append(_resolve_ref(child, inline, context))
        elif child.type == terms.TOKEN_TYPE:
            children.append(_resolve_explicit_term(child, inline, context))
        elif child.type == "text":
            cleaned = clean_markers(child.content)
            text = child if cleaned == child.content else copy_token(child, content=cleaned)
            children.extend([text] if link_depth else _match_terms(text, context))
        elif child.type == "html_inline":
            image = _html_image(child.content)
            if image is not None:
                children.append(
                    _resolve_link(image, inline, context, "src", str(image.attrs["src"]))
                )
                continue
            _check_html(child.content, _locate(child, inline, context, child.content), context)
            children.append(copy_token(child, content=clean_markers(child.content)))
        elif child.type == "code_inline":
            children.append(copy_token(child, content=clean_markers(child.content)))
        else:
            children.append(child)
    return children


def _locate(child: Token, inline: Token, context: _Context, needle: str = "") -> Location:
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
    child: Token, inline: Token, context: _Context, attribute: str, written: str = ""
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


def _resolve_ref(child: Token, inline: Token, context: _Context) -> Token:
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


def _resolve_explicit_term(child: Token, inline: Token, context: _Context) -> Token:
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


def unresolved_target(destination: str) -> LinkTarget:
    """A link target for resolvers that know no project files: taken as written."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", destination):
        return LinkTarget(kind=TargetKind.EXTERNAL, value=destination)
    path, _, anchor = destination.partition("#")
    return LinkTarget(kind=TargetKind.PROJECT, value=path, anchor=anchor)
