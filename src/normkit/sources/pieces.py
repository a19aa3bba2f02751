"""Rendering prepared tokens into the model's pieces, literal HTML and typed links, and
into plain text, in one walk of the tokens.

markdown-it renders the tokens as usual, except that every token whose markup depends on
the output (references, terms, links, images, footnotes, part anchors) is rendered as a
marker — two private-use characters — and recorded as a typed piece, in the order of the
markers. The fragment is then split at the markers. When the text holds author HTML, the
markers are numbered and the whole fragment sanitised first (the markers are plain text to
the sanitiser, which may drop one with the element around it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

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
from normkit.sources.plain import (
    BLOCK_ENDS,
    html_text,
    inline_plain,
    item_marker,
    list_start,
    tidy_plain,
)
from normkit.sources.plugins import refs, terms

MARK_OPEN = "\U000f0000"
MARK_CLOSE = "\U000f0001"
"""Markers cannot come from a source: `clean_markers` replaces them in author text."""
MARKER = MARK_OPEN + MARK_CLOSE
"""Where a typed piece goes, in the order the pieces were emitted."""
_NUMBERED = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")
PIECES_KEY = "nk_pieces"
"""Key in the render env of the list that collects typed pieces."""


def clean_markers(text: str) -> str:
    if MARK_OPEN in text or MARK_CLOSE in text:
        return text.replace(MARK_OPEN, "\ufffd").replace(MARK_CLOSE, "\ufffd")
    return text


def _emit(env: dict[str, Any], piece: Piece) -> str:
    env[PIECES_KEY].append(piece)
    return MARKER


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


PARTS_ATTRS = {"type": "a", "class": "nk-parts"}
"""The attributes of a criterion's lettered list (`render._prepare`)."""
_PARTS_MARKUP = ' type="a" class="nk-parts"'
"""What `RendererHTML.renderAttrs` writes for `PARTS_ATTRS`."""


def block_markup(tokens: Sequence[Token], idx: int, xhtml_out: bool) -> str:
    """What `RendererHTML.renderToken` writes for `tokens[idx]`, the same steps without its
    calls for a token without attributes: every block token of every text and part goes
    through it, and every inline token no rule renders (emphasis)
    (`tests/spine/test_block_markup.py` compares the two)."""
    token = tokens[idx]
    if token.hidden:  # a tight list's paragraph
        return ""
    nesting = token.nesting
    block = token.block
    # A line break between a hidden paragraph and the block that opens after it.
    result = "\n" if block and nesting != -1 and idx and tokens[idx - 1].hidden else ""
    result += ("</" if nesting == -1 else "<") + token.tag
    attrs = token.attrs
    if attrs:
        # The lettered list's attributes, the same for every criterion, are written once
        # (in their order: markdown-it writes them in the order of the dict).
        if attrs == PARTS_ATTRS and next(iter(attrs)) == "type":
            result += _PARTS_MARKUP
        else:
            result += RendererHTML.renderAttrs(token)
    if nesting == 0 and xhtml_out:
        result += " /"
    if not block:
        return result + ">"
    if nesting == 1 and idx + 1 < len(tokens):
        following = tokens[idx + 1]
        if following.type == "inline" or following.hidden:
            return result + ">"  # a block holding inline content
        if following.nesting == -1 and following.tag == token.tag:
            return result + ">"  # opened and closed at once: `<li></li>`
    return result + ">\n"


def _anchor_markers(
    out: list[str], typed: list[Piece], tokens: Sequence[Token], idx: int, anchor: str
) -> None:
    """The markers of a part's anchors in place of its list item's markup `out[-1]`: the
    item itself, and its paragraph's when no paragraph starts it (a paragraph that does
    carries its own: `PieceRenderer.render`)."""
    # The line break markdown-it would write after `<li>` (before a block of a loose list).
    line_break = "\n" if out[-1].endswith("\n") else ""
    out[-1] = MARKER
    typed.append(PartAnchor(anchor=anchor, item=True))
    following = tokens[idx + 1] if idx + 1 < len(tokens) else None
    if following is None or following.type != "paragraph_open":
        typed.append(PartAnchor(anchor=anchor, item=False))
        out.append(MARKER)
    out.append(line_break)


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


_install()
_RENDERER = cast(RendererHTML, parser().renderer)
"""The one parser's renderer, its rules installed: looked up once, not for every text."""
_DEFAULT_TEXT_RULES = all(
    getattr(_RENDERER.rules.get(kind), "__func__", None) is getattr(RendererHTML, kind)
    for kind in ("text", "softbreak")
)
"""Text and soft line breaks are rendered by markdown-it's own rules, which
`PieceRenderer._inline` writes out."""
_SOFTBREAK = (
    ("<br />\n" if parser().options["xhtmlOut"] else "<br>\n")
    if parser().options["breaks"]
    else "\n"
)


_EMPHASIS = {
    "em_open": "em",
    "em_close": "em",
    "strong_open": "strong",
    "strong_close": "strong",
    "s_open": "s",
    "s_close": "s",
}
"""Emphasis and strikethrough, by token type: their tag (markdown-it's)."""


def render_pieces(
    tokens: Sequence[Token],
    env: dict[str, Any],
    *,
    has_html: bool,
    anchors: dict[int, str] | None = None,
) -> tuple[list[Piece], str]:
    """The pieces and plain text of prepared tokens (`PieceRenderer.render`), rendered once."""
    return PieceRenderer(env, reuse=False).render(tokens, has_html=has_html, anchors=anchors)


class PieceRenderer:
    """Renders the prepared token lists of one text (a criterion's body and its parts) into
    pieces and plain text, in one walk of the tokens, rendering each inline run once: a run
    met again — the same children list, as a lettered part shares its body's where its terms
    are linked alike — reuses the HTML, typed pieces and plain text it rendered to the first
    time. Block tokens are rendered each time (their markup depends on their neighbours: a
    part's paragraphs show where the body's tight list hides them)."""

    __slots__ = (
        "_env",
        "_inlines",
        "_options",
        "_renderer",
        "_rules",
        "_softbreak",
        "_typed",
        "_xhtml_out",
    )

    def __init__(self, env: dict[str, Any], *, reuse: bool = True) -> None:
        """`reuse=False` for a text rendered once: nothing is kept."""
        self._typed: list[Piece] = []
        self._env = {**env, PIECES_KEY: self._typed}
        self._renderer = _RENDERER
        self._rules = _RENDERER.rules
        self._options = parser().options
        self._xhtml_out = bool(self._options["xhtmlOut"])
        self._softbreak = _SOFTBREAK if _DEFAULT_TEXT_RULES else None
        self._inlines: dict[int, tuple[list[Token], str, list[Piece], str]] | None = (
            {} if reuse else None
        )
        """HTML, typed pieces and plain text of each inline run by `id` of its children
        (held, so that the id stays its own)."""

    def _inline(self, children: list[Token]) -> tuple[str, str]:
        """What `renderInline` renders of an inline run's children, and their plain text
        (`inline_plain`). A run's text and soft line breaks, most of its children, are
        written here as markdown-it's own rules write them, without a call to a rule for
        each (`tests/spine/test_inline_markup.py` compares the two)."""
        options = self._options
        env = self._env
        softbreak = self._softbreak
        if softbreak is None:
            return self._renderer.renderInline(children, options, env), inline_plain(children)
        if len(children) == 1:
            (child,) = children
            if child.type == "text":  # (a run of plain text, the most common: one walk less)
                content = child.content
                escaped = (
                    content.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace('"', "&quot;")
                )
                return escaped, content
        html: list[str] = []
        text: list[str] | None = []
        """Its plain text, while only text, soft breaks and emphasis met (`inline_plain`
        writes nothing else of those; it walks a run that holds anything more)."""
        rules = self._rules
        xhtml_out = self._xhtml_out
        for index, child in enumerate(children):
            kind = child.type
            if kind == "text":
                content = child.content
                html.append(
                    content.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace('"', "&quot;")
                )
                if text is not None:
                    text.append(content)
            elif kind == "softbreak":
                html.append(softbreak)
                if text is not None:
                    text.append(" ")
            elif kind in rules:
                html.append(rules[kind](children, index, options, env))
                text = None
            elif kind in _EMPHASIS and not child.attrs and child.tag == _EMPHASIS[kind]:
                # What `block_markup` writes of it, without the call.
                html.append(f"</{child.tag}>" if child.nesting == -1 else f"<{child.tag}>")
            else:  # (what `renderToken` writes, without its calls)
                html.append(block_markup(children, index, xhtml_out))
        return "".join(html), "".join(text) if text is not None else inline_plain(children)

    def paragraph(self, inline: Token) -> tuple[list[Piece], str]:
        """What `render` makes of a shown paragraph without attributes holding `inline` and
        no author HTML, without its walk: a lettered part that is one paragraph, the most
        common shape (`tests/spine/test_lone_paragraph.py` compares the two)."""
        typed = self._typed
        typed.clear()
        children = inline.children
        if not children:
            html, plain = "", ""
        else:
            inlines = self._inlines
            found = None if inlines is None else inlines.get(id(children))
            if found is not None and found[0] is children:
                html = found[1]
                typed.extend(found[2])
                plain = found[3]
            else:
                html, plain = self._inline(children)
                if inlines is not None:
                    inlines[id(children)] = (children, html, typed[:], plain)
        # A run without a line break has no line to tidy but its last: what `tidy_plain`
        # leaves of it is the run stripped, without its three searches of the text. (A
        # string of its own, as `tidy_plain` makes, not the parse's: which objects a model
        # shares must not depend on whether a render helper made it, `render_ahead.py`.)
        tidied = tidy_plain(plain + "\n\n") if "\n" in plain else (plain + "\n\n").strip()
        return _split(f"<p>{html}</p>", typed), tidied

    def render(
        self, tokens: Sequence[Token], *, has_html: bool, anchors: dict[int, str] | None = None
    ) -> tuple[list[Piece], str]:
        """What `markdown-it` renders of `tokens` (as `Renderer.render` does), stripped, as
        literal HTML and typed pieces, with the anchors of the parts that `anchors` says
        tokens start (with author HTML among them, sanitised first); and their plain text
        (`sources/plain.py`, whose steps this walk takes beside the HTML's; a test holds it
        to a walk of those steps alone)."""
        typed = self._typed
        typed.clear()
        rules = self._rules
        options = self._options
        env = self._env
        anchors = anchors or {}
        inlines = self._inlines
        xhtml_out = self._xhtml_out
        out: list[str] = []
        text: list[str] = []
        html_of = out.append
        text_of = text.append
        counters: list[int | None] = []
        """Plain text: the open lists' next numbers (None: bulleted)."""
        walk = enumerate(tokens)
        for index, token in walk:
            kind = token.type  # (one lookup: this loop runs for every token of every text)
            if kind == "inline":
                children = token.children
                if not children:
                    text_of("")
                    continue
                if inlines is None:
                    html, plain = self._inline(children)
                    html_of(html)
                    text_of(plain)
                    continue
                found = inlines.get(id(children))
                if found is not None and found[0] is children:
                    html_of(found[1])
                    typed.extend(found[2])
                    text_of(found[3])
                    continue
                before = len(typed)
                html, plain = self._inline(children)
                inlines[id(children)] = (children, html, typed[before:], plain)
                html_of(html)
                text_of(plain)
                continue
            if kind == "paragraph_open":
                following = index + 1
                if (
                    token.hidden
                    or token.attrs
                    or not token.block
                    or following == len(tokens)
                    or tokens[following].type != "inline"
                ):
                    html_of(block_markup(tokens, index, xhtml_out))
                elif index and tokens[index - 1].hidden:  # (as `block_markup` writes it)
                    html_of(f"\n<{token.tag}>")
                else:  # a paragraph's start, the most common one
                    html_of(f"<{token.tag}>")
                anchor = anchors.get(id(token))
                if anchor is not None:
                    typed.append(PartAnchor(anchor=anchor, item=False))
                    html_of(MARKER)
                continue
            if kind == "paragraph_close":
                if not token.hidden:
                    if token.attrs or not token.block:
                        html_of(block_markup(tokens, index, xhtml_out))
                    else:  # (as `block_markup` writes a closing block token)
                        html_of(f"</{token.tag}>\n")
                    text_of("\n" if counters else "\n\n")
                    continue
                text_of("\n" if counters else "\n\n")
                following = index + 1
                if (
                    following < len(tokens)
                    and tokens[following].type == "list_item_close"
                    and "list_item_close" not in rules
                ):
                    # A tight item's end, the most common one: its markup written here, as
                    # `block_markup` writes a closing block token without attributes.
                    closing = tokens[following]
                    if closing.attrs or closing.hidden or not closing.block:
                        html_of(block_markup(tokens, following, xhtml_out))
                    else:
                        html_of(f"</{closing.tag}>\n")
                    next(walk)
                continue
            if kind == "list_item_open":
                anchor = anchors.get(id(token))
                following = index + 1
                paragraph = tokens[following] if following < len(tokens) else None
                if paragraph is None or not paragraph.hidden or paragraph.type != "paragraph_open":
                    html_of(block_markup(tokens, index, xhtml_out))
                    if anchor is not None:
                        _anchor_markers(out, typed, tokens, index, anchor)
                    text_of(item_marker(token, counters, anchors))
                    continue
                # A tight item's paragraph, the most common one: it writes no markup, only the
                # part's anchor that it carries. A part's item is written as its anchor's
                # marker alone: its markup (`_anchor_markers`) would end without a line break,
                # inline content following.
                if anchor is None:
                    html_of(block_markup(tokens, index, xhtml_out))
                else:
                    typed.append(PartAnchor(anchor=anchor, item=True))
                    html_of(MARKER)
                text_of(item_marker(token, counters, anchors))
                anchor = anchors.get(id(paragraph))
                if anchor is not None:
                    typed.append(PartAnchor(anchor=anchor, item=False))
                    html_of(MARKER)
                next(walk)
                continue
            if kind in rules:
                html_of(rules[kind](tokens, index, options, env))
            else:
                html_of(block_markup(tokens, index, xhtml_out))
            if kind in BLOCK_ENDS:
                if kind == "fence" or kind == "code_block":
                    text_of(token.content)
                elif kind == "html_block":
                    text_of(html_text(token.content))
                text_of("\n" if counters or kind == "tr_close" or kind == "dt_close" else "\n\n")
            elif kind == "bullet_list_open":
                counters.append(None)
            elif kind == "ordered_list_open":
                counters.append(list_start(token))
            elif kind == "bullet_list_close" or kind == "ordered_list_close":
                counters.pop()
                text_of("\n")
            elif (kind == "th_open" or kind == "td_open") and text and not text[-1].endswith("\n"):
                text_of(" | ")
            elif kind == "tr_open" and text and not text[-1].endswith("\n"):
                text_of("\n")
        plain = tidy_plain("".join(text))
        html = "".join(out).strip()
        if not typed:  # no markers to split at (author text cannot hold them)
            if has_html:
                html = sanitise(html)
            return ([html] if html else []), plain
        if has_html:
            return _sanitised(html, list(typed)), plain
        return _split(html, typed), plain


def _split(html: str, typed: list[Piece]) -> list[Piece]:
    """A fragment without author HTML split at its markers, each replaced by its piece."""
    if not typed:  # no markers to split at (author text cannot hold them)
        return [html] if html else []
    literals = html.split(MARKER)
    pieces: list[Piece | None] = [None] * (len(literals) + len(typed))
    pieces[::2] = literals
    pieces[1::2] = typed
    # The literals between them, and the typed pieces, which are never false (records with
    # neither `__bool__` nor `__len__`: `test_typed_pieces_are_true`); the empty literals go.
    return list(filter(None, pieces))


def _sanitised(html: str, typed: list[Piece]) -> list[Piece]:
    """A fragment with author HTML: its markers numbered, then sanitised, then split at the
    markers the sanitiser left."""
    literals = html.split(MARKER)
    numbered = [literals[0]]
    for index, literal in enumerate(literals[1:]):
        numbered.append(f"{MARK_OPEN}{index}{MARK_CLOSE}")
        numbered.append(literal)
    pieces: list[Piece] = []
    for index, part in enumerate(_NUMBERED.split(sanitise("".join(numbered)))):
        if index % 2:
            pieces.append(typed[int(part)])
        elif part:
            pieces.append(part)
    return pieces
