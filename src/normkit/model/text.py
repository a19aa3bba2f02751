"""A run of source text: its Markdown, its HTML as literal pieces and typed links, its plain text.

The HTML of a `Text` is a sequence of pieces: literal HTML (already escaped and sanitised)
and typed objects for everything whose markup depends on where the text is shown —
cross-references, defined-term uses, Markdown links and images, footnotes and the anchors of
lettered parts. Each output renders the pieces with its own `TextStyle` (URLs of its own
pages, anchors of its own documents); `Text.html` is the rendering with the default style,
for a single document (the criteria JSON).
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterator
from enum import StrEnum

from normkit.model.location import Location
from normkit.model.records import record

REF_CLASS = "nk-ref"
"""HTML class of a cross-reference link; `data-nk-ref` holds `standard/version/id[.part]`."""
TERM_CLASS = "nk-term"
"""HTML class on a defined-term link; `data-nk-term` holds the term id."""


class TargetKind(StrEnum):
    """What a Markdown link or image points at."""

    EXTERNAL = "external"
    """An absolute URL (`https:`, `mailto:` …); never fetched at build time."""
    PROJECT = "project"
    """A file of the project (a chapter, optionally with an anchor, an image, a document)."""
    BROKEN = "broken"
    """Nothing that exists, or something outside the project: shown as text, not linked."""


@record(kw_only=True)
class LinkTarget:
    """Where a link or an image points, resolved against the project."""

    kind: TargetKind
    value: str
    """The URL (external), the project-relative path (project) or the text as written."""
    anchor: str = ""
    """The part after `#`, for project targets."""


@record(kw_only=True)
class Reference:
    """A resolved cross-reference `[[id]]`: a whole link element."""

    key: str
    """`standard/version/id` or `standard/version/id.part`."""
    anchor: str
    """Anchor in the target's document: `id` or `id.part`."""
    text: str
    """What the reader sees: the display number (`5.3.b`) or the author's own text."""
    title: str
    """The target's number and title, for the tooltip."""


@record(kw_only=True)
class TermUse:
    """A use of a defined term, linked to its glossary entry: a whole link element."""

    term_id: str
    text: str
    """The words as written."""
    tooltip: str
    """The definition's first paragraph as plain text."""


@record(kw_only=True)
class LinkStart:
    """The start of a Markdown link; its content follows, up to the matching `LinkEnd`."""

    target: LinkTarget
    title: str
    location: Location


@record
class LinkEnd:
    """The end of the innermost open link."""


@record(kw_only=True)
class Image:
    """A Markdown image."""

    target: LinkTarget
    alt: str
    """Plain-text description."""
    title: str
    location: Location


@record(kw_only=True)
class FootnoteRef:
    """A footnote mark in the text; `note` numbers the footnote in its source file."""

    note: int
    """1-based number of the footnote in its document."""
    occurrence: int
    """0 for the first mark of this footnote, 1 for the second …"""


@record(kw_only=True)
class FootnoteMark:
    """Footnote structure around literal content: the list, each note, its back-links."""

    role: str
    """`list-start`, `list-end`, `note-start`, `note-end` or `backref`."""
    note: int = 0
    occurrence: int = 0


@record(kw_only=True)
class PartAnchor:
    """Where a lettered part starts: `id.a`. `item` is the `<li>` itself; the second anchor
    of a part sits inside its first paragraph, for outputs that cannot anchor a list item."""

    anchor: str
    item: bool


Piece = (
    str
    | Reference
    | TermUse
    | LinkStart
    | LinkEnd
    | Image
    | FootnoteRef
    | FootnoteMark
    | PartAnchor
)
"""Literal HTML, or something each output renders its own way."""


FOOTNOTES_START = (
    '<hr class="footnotes-sep" />\n<section class="footnotes">\n<ol class="footnotes-list">\n'
)


def _attr(value: str) -> str:
    return html_lib.escape(value, quote=True)


class TextStyle:
    """How pieces become HTML; outputs subclass it. This default is for one document."""

    scope: str = ""
    """Prefix that makes footnote ids unique where several texts share a page."""

    def title_text(self, text: str) -> str:
        """What a `title` attribute holds for a text (before attribute escaping)."""
        return text

    def reference_url(self, piece: Reference) -> str | None:
        """Where a cross-reference goes; None shows its text unlinked."""
        return f"#{piece.anchor}"

    def term_url(self, piece: TermUse) -> str | None:
        """Where a defined term goes; None shows it unlinked."""
        return f"#term-{piece.term_id}"

    def reference(self, piece: Reference) -> str:
        url = self.reference_url(piece)
        if url is None:
            return f'<span class="nk-plain">{html_lib.escape(piece.text)}</span>'
        return (
            f'<a class="{REF_CLASS}" href="{_attr(url)}" data-nk-ref="{_attr(piece.key)}"'
            f' title="{_attr(self.title_text(piece.title))}">{html_lib.escape(piece.text)}</a>'
        )

    def term(self, piece: TermUse) -> str:
        url = self.term_url(piece)
        if url is None:
            return f'<span class="nk-plain">{html_lib.escape(piece.text)}</span>'
        return (
            f'<a class="{TERM_CLASS}" href="{_attr(url)}" '
            f'data-nk-term="{_attr(piece.term_id)}" '
            f'title="{_attr(self.title_text(piece.tooltip))}">'
            f"{html_lib.escape(piece.text)}</a>"
        )

    def link_url(self, target: LinkTarget) -> str | None:
        """Where a link goes; None shows its text unlinked."""
        if target.kind is TargetKind.EXTERNAL:
            return target.value
        if target.kind is TargetKind.PROJECT:
            return target.value + (f"#{target.anchor}" if target.anchor else "")
        return None

    def image_url(self, target: LinkTarget) -> str | None:
        """The `src` of an image; None shows its description instead."""
        return target.value if target.kind is not TargetKind.BROKEN else None

    def link_start(self, piece: LinkStart) -> str:
        url = self.link_url(piece.target)
        if url is None:
            return '<span class="nk-link-broken">'
        title = f' title="{_attr(self.title_text(piece.title))}"' if piece.title else ""
        return f'<a href="{_attr(url)}"{title}>'

    def image(self, piece: Image) -> str:
        url = self.image_url(piece.target)
        if url is None:
            return f'<span class="nk-image-missing">{html_lib.escape(piece.alt)}</span>'
        title = f' title="{_attr(self.title_text(piece.title))}"' if piece.title else ""
        return f'<img src="{_attr(url)}" alt="{_attr(piece.alt)}"{title} />'

    def footnote_ref(self, piece: FootnoteRef) -> str:
        suffix = f":{piece.occurrence}" if piece.occurrence else ""
        return (
            f'<sup class="footnote-ref"><a href="#{self.scope}fn{piece.note}" '
            f'id="{self.scope}fnref{piece.note}{suffix}">[{piece.note}{suffix}]</a></sup>'
        )

    def footnote_mark(self, piece: FootnoteMark) -> str:
        if piece.role == "list-start":
            return FOOTNOTES_START
        if piece.role == "list-end":
            return "</ol>\n</section>\n"
        if piece.role == "note-start":
            return f'<li id="{self.scope}fn{piece.note}" class="footnote-item">'
        if piece.role == "note-end":
            return "</li>\n"
        suffix = f":{piece.occurrence}" if piece.occurrence else ""
        return f' <a href="#{self.scope}fnref{piece.note}{suffix}" class="footnote-backref">↩︎</a>'

    def part_anchor(self, piece: PartAnchor) -> str:
        return f'<li id="{_attr(piece.anchor)}">' if piece.item else ""

    def render(self, pieces: tuple[Piece, ...]) -> str:
        if len(pieces) == 1 and type(only := pieces[0]) is str:
            return only.strip()  # most texts: one paragraph with nothing typed in it
        out: list[str] = []
        open_links: list[bool] = []
        for piece in pieces:
            if type(piece) is str:
                out.append(piece)
            elif (method := _METHODS.get(type(piece))) is not None:
                out.append(getattr(self, method)(piece))
            elif isinstance(piece, LinkStart):
                start = self.link_start(piece)
                open_links.append(start.startswith("<span"))
                out.append(start)
            elif isinstance(piece, LinkEnd):
                out.append("</span>" if open_links and open_links.pop() else "</a>")
            elif isinstance(piece, str):  # a subclass of `str`: literal HTML all the same
                out.append(piece)
            else:
                raise TypeError(f"not a piece of text: {piece!r}")
        return "".join(out).strip()


_METHODS: dict[type, str] = {
    PartAnchor: "part_anchor",
    TermUse: "term",
    Reference: "reference",
    Image: "image",
    FootnoteRef: "footnote_ref",
    FootnoteMark: "footnote_mark",
}
"""The `TextStyle` method that renders each type of piece on its own (links open and close
in `render`): one dict look-up per piece rather than a chain of `isinstance` checks, and a
method looked up on the style, so subclasses override it as usual."""


DEFAULT_STYLE = TextStyle()


@record(kw_only=True)
class Text:
    """Source Markdown with its rendering.

    The pieces come from the single markdown-it parse. With the default style, cross-references
    render as `<a class="nk-ref" href="#<id>" data-nk-ref="<standard>/<version>/<id>">` and
    defined terms as `<a class="nk-term" href="#term-<term-id>" data-nk-term="<term-id>">`.
    """

    markdown: str
    """The source Markdown, exactly as written (dedented, trailing blank lines removed)."""
    pieces: tuple[Piece, ...]
    """The HTML: literal (escaped, sanitised) HTML and typed pieces, in document order."""
    plain: str
    """Plain text: paragraphs separated by blank lines, references shown as their numbers."""

    @property
    def html(self) -> str:
        """HTML for a single document (the default style), as the criteria JSON gives it."""
        return DEFAULT_STYLE.render(self.pieces)

    def render(self, style: TextStyle) -> str:
        return style.render(self.pieces)

    @property
    def is_empty(self) -> bool:
        # (not `strip()`: a copy of every criterion's text, to learn whether it is blank)
        plain = self.plain
        return not plain or plain.isspace()

    def term_ids(self) -> set[str]:
        """Ids of the defined terms this text links."""
        return {piece.term_id for piece in self.pieces if isinstance(piece, TermUse)}

    def links(self) -> Iterator[LinkStart | Image]:
        """Every Markdown link and image, in order."""
        for piece in self.pieces:
            if isinstance(piece, _LINKS):
                yield piece


_LINKS = (LinkStart, Image)
"""(A tuple made once: `LinkStart | Image` would make a union object for every piece.)"""

EMPTY_TEXT = Text(markdown="", pieces=(), plain="")
