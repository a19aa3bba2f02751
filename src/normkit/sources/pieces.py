"""Rendering prepared tokens into the model's pieces: literal HTML and typed links.

markdown-it renders the tokens as usual, except that every token whose markup depends on
the output (references, terms, links, images, footnotes, part anchors) is rendered as a
marker — private-use characters around its index — and recorded as a typed piece. When the
text holds author HTML, the whole fragment is then sanitised (the markers are plain text to
the sanitiser), and finally split at the markers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from normkit.model.text import (
    TERM_CLASS,
    FootnoteMark,
    FootnoteRef,
    Image,
    LinkEnd,
    LinkStart,
    PartAnchor,
    Piece,
    Reference,
    TermUse,
)
from normkit.sources.html_policy import sanitise
from normkit.sources.markdown import parser
from normkit.sources.plugins import refs, terms

MARK_OPEN = "\U000f0000"
MARK_CLOSE = "\U000f0001"
"""Markers cannot come from a source: `clean_markers` replaces them in author text."""
_MARKER = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")
PIECES_KEY = "nk_pieces"
"""Key in the render env of the list that collects typed pieces."""
PART_KEY = "nk_part"
"""Token meta key: the anchor of the lettered part this list item or paragraph starts."""


def clean_markers(text: str) -> str:
    if MARK_OPEN in text or MARK_CLOSE in text:
        return text.replace(MARK_OPEN, "\ufffd").replace(MARK_CLOSE, "\ufffd")
    return text


def _emit(env: dict[str, Any], piece: Piece) -> str:
    pieces: list[Piece] = env[PIECES_KEY]
    pieces.append(piece)
    return f"{MARK_OPEN}{len(pieces) - 1}{MARK_CLOSE}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ref(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    target = token.meta.get("resolved")
    if target is None:
        return f'<span class="nk-ref nk-unresolved">{_escape(token.content)}</span>'
    shown = str(token.meta.get("text") or target.label)
    piece = Reference(key=target.key, anchor=target.anchor, text=shown, title=target.title)
    return _emit(env, piece)


def _term(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    target = token.meta.get("resolved")
    shown = str(token.meta.get("text") or token.content)
    if target is None:
        return f'<span class="{TERM_CLASS} nk-unresolved">{_escape(shown)}</span>'
    return _emit(env, TermUse(term_id=target.id, text=shown, tooltip=target.tooltip))


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    title = str(token.attrs.get("title") or "")
    piece = LinkStart(target=token.meta["target"], title=title, location=token.meta["location"])
    return _emit(env, piece)


def _link_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return _emit(env, LinkEnd())


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    piece = Image(
        target=token.meta["target"],
        alt=alt,
        title=str(token.attrs.get("title") or ""),
        location=token.meta["location"],
    )
    return _emit(env, piece)


def _footnote_ref(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    meta = tokens[idx].meta
    return _emit(env, FootnoteRef(note=int(meta["id"]) + 1, occurrence=int(meta.get("subId", 0))))


def _footnote_mark(role: str) -> Any:
    def rule(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        meta = tokens[idx].meta or {}
        note = int(meta["id"]) + 1 if "id" in meta else 0
        piece = FootnoteMark(role=role, note=note, occurrence=int(meta.get("subId", 0)))
        return _emit(env, piece)

    return rule


def _list_item_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    anchor = token.meta.get(PART_KEY) if token.meta else None
    if anchor is None:
        return str(self.renderToken(tokens, idx, options, env))
    # The line break markdown-it would write after `<li>` (before a block of a loose list).
    line_break = "\n" if str(self.renderToken(tokens, idx, options, env)).endswith("\n") else ""
    out = _emit(env, PartAnchor(anchor=anchor, item=True))
    following = tokens[idx + 1] if idx + 1 < len(tokens) else None
    if following is None or following.type != "paragraph_open":
        out += _emit(env, PartAnchor(anchor=anchor, item=False))
    return out + line_break


def _paragraph_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    out = str(self.renderToken(tokens, idx, options, env))
    anchor = tokens[idx].meta.get(PART_KEY) if tokens[idx].meta else None
    if anchor is not None:
        out += _emit(env, PartAnchor(anchor=anchor, item=False))
    return out


def _install() -> None:
    md = parser()
    md.add_render_rule(refs.TOKEN_TYPE, _ref)
    md.add_render_rule(terms.TOKEN_TYPE, _term)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    md.add_render_rule("image", _image)
    md.add_render_rule("footnote_ref", _footnote_ref)
    md.add_render_rule("footnote_block_open", _footnote_mark("list-start"))
    md.add_render_rule("footnote_block_close", _footnote_mark("list-end"))
    md.add_render_rule("footnote_open", _footnote_mark("note-start"))
    md.add_render_rule("footnote_close", _footnote_mark("note-end"))
    md.add_render_rule("footnote_anchor", _footnote_mark("backref"))
    md.add_render_rule("list_item_open", _list_item_open)
    md.add_render_rule("paragraph_open", _paragraph_open)


_install()


Rendered = dict[int, tuple[list[Token], list[Piece]]]
"""Pieces of inline runs already rendered, by the id of their children list (kept with it, so
that the id cannot be reused): a lettered part whose inline is the body's renders it once."""


def render_pieces(
    tokens: Sequence[Token],
    env: dict[str, Any],
    *,
    has_html: bool,
    inlines: Rendered | None = None,
) -> list[Piece]:
    """The pieces of prepared tokens; with author HTML among them, sanitised first.

    Without author HTML each token's markup is split at its own markers as it is rendered,
    which is what splitting the whole fragment gives (a marker never spans two tokens, and
    markdown-it's output is the concatenation of its tokens'), and lets an inline run's
    pieces be reused from `inlines`."""
    render_env = {**env, PIECES_KEY: []}
    md = parser()
    if has_html:
        html = sanitise(md.renderer.render(tokens, md.options, render_env).strip())
        return _split(html, render_env[PIECES_KEY])
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)  # (the parser's, with the rules added above)
    options, rules = md.options, renderer.rules
    typed: list[Piece] = render_env[PIECES_KEY]
    out = _Pieces()
    for index, token in enumerate(tokens):
        if token.type == "inline":
            children = token.children
            if not children:
                continue
            found = inlines.get(id(children)) if inlines is not None else None
            if found is not None and found[0] is children:
                out.extend(found[1])
                continue
            html = renderer.renderInline(children, options, render_env)
            if inlines is None:
                out.add(html, typed)
                continue
            own = _split(html, typed)
            inlines[id(children)] = (children, own)
            out.extend(own)
            continue
        rule = rules.get(token.type)
        if rule is not None:
            out.add(rule(tokens, index, options, render_env), typed)
        else:
            out.add(renderer.renderToken(tokens, index, options, render_env), typed)
    return out.stripped()


class _Pieces:
    """Pieces being collected: runs of text are joined once, where a typed piece or the end
    comes (as one fragment split at its markers would give them)."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.text: list[str] = []

    def add(self, html: str, typed: list[Piece]) -> None:
        if MARK_OPEN not in html:
            self.text.append(html)
            return
        for index, part in enumerate(_MARKER.split(html)):
            if index % 2:
                self._typed(typed[int(part)])
            else:
                self.text.append(part)

    def extend(self, pieces: list[Piece]) -> None:
        for piece in pieces:
            if isinstance(piece, str):
                self.text.append(piece)
            else:
                self._typed(piece)

    def _typed(self, piece: Piece) -> None:
        self._flush()
        self.pieces.append(piece)

    def _flush(self) -> None:
        if self.text:
            text = "".join(self.text)
            self.text = []
            if text:
                self.pieces.append(text)

    def stripped(self) -> list[Piece]:
        """What `str.strip` of the whole fragment gives: markers are not white space."""
        self._flush()
        pieces = self.pieces
        if pieces and isinstance(pieces[0], str):
            pieces[0] = pieces[0].lstrip()
            if not pieces[0]:
                pieces.pop(0)
        if pieces and isinstance(pieces[-1], str):
            pieces[-1] = pieces[-1].rstrip()
            if not pieces[-1]:
                pieces.pop()
        return pieces


def _split(html: str, typed: list[Piece]) -> list[Piece]:
    """Markup split at its markers into text and the typed pieces they stand for."""
    if MARK_OPEN not in html:
        return [html] if html else []
    pieces: list[Piece] = []
    for index, part in enumerate(_MARKER.split(html)):
        if index % 2:
            pieces.append(typed[int(part)])
        elif part:
            pieces.append(part)
    return pieces
