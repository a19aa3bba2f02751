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


def render_pieces(tokens: Sequence[Token], env: dict[str, Any], *, has_html: bool) -> list[Piece]:
    """The pieces of prepared tokens; with author HTML among them, sanitised first."""
    render_env = {**env, PIECES_KEY: []}
    html = parser().renderer.render(tokens, parser().options, render_env).strip()
    if has_html:
        html = sanitise(html)
    typed: list[Piece] = render_env[PIECES_KEY]
    if not typed:  # no markers to split at (author text cannot hold them)
        return [html] if html else []
    pieces: list[Piece] = []
    for index, part in enumerate(_MARKER.split(html)):
        if index % 2:
            pieces.append(typed[int(part)])
        elif part:
            pieces.append(part)
    return pieces
