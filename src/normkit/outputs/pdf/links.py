"""How the model's text pieces become HTML for one printed document (PDF or DOCX via pandoc).

In print a link must land on something in the same file: a cross-reference, a defined term
or a Markdown link to a chapter is a link only when the document holds its target, and
plain text otherwise. External links stay links; a remote image is never fetched and becomes
a link. Footnotes use the markup pandoc reads as notes, and each part's anchor sits inside
its first paragraph, where pandoc keeps it.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from normkit.model import chapters
from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.text import (
    FootnoteMark,
    FootnoteRef,
    Image,
    LinkTarget,
    PartAnchor,
    Reference,
    TargetKind,
    TermUse,
    Text,
    TextStyle,
)

_SAFE_ANCHOR = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]*$")


def is_safe_anchor(anchor: str) -> bool:
    """Anchors usable both as typst labels and Word bookmarks."""
    return bool(_SAFE_ANCHOR.match(anchor))


def part_anchors(text: Text) -> list[str]:
    """The anchors of the lettered parts a text defines."""
    return [p.anchor for p in text.pieces if isinstance(p, PartAnchor) and not p.item]


@dataclass(slots=True)
class PrintDocument:
    """What every text of one printed document shares: its anchors and its place."""

    corpus: Corpus | None
    here: str
    """`standard/version` whose cross-references are internal links."""
    anchors: set[str] = field(default_factory=set)
    anchor_prefix: str = ""
    """Prefix of part anchors (the PDF engine turns prefixed spans into typst labels)."""


class PrintStyle(TextStyle):
    """Text pieces as pandoc-ready HTML inside one printed document."""

    def __init__(self, document: PrintDocument, owned: set[str], scope: str) -> None:
        self.document = document
        self.owned = owned
        """Part anchors this text places (a part printed twice is anchored once)."""
        self.scope = scope

    def _internal(self, anchor: str) -> str | None:
        return f"#{anchor}" if anchor in self.document.anchors else None

    def reference_url(self, piece: Reference) -> str | None:
        standard, _, rest = piece.key.partition("/")
        version, _, _ = rest.partition("/")
        if f"{standard}/{version}" != self.document.here:
            return None
        return self._internal(piece.anchor)

    def term_url(self, piece: TermUse) -> str | None:
        return self._internal(f"term-{piece.term_id}")

    def reference(self, piece: Reference) -> str:
        return _internal_link("nk-ref", self.reference_url(piece), piece.text)

    def term(self, piece: TermUse) -> str:
        return _internal_link("nk-term", self.term_url(piece), piece.text)

    def link_url(self, target: LinkTarget) -> str | None:
        if target.kind is TargetKind.EXTERNAL:
            return target.value
        if target.kind is not TargetKind.PROJECT or self.document.corpus is None:
            return None
        found = chapters.chapter(self.document.corpus, target.value)
        if found is None:
            return None
        version, section = found
        if version.key.replace("@", "/") != self.document.here:
            return None
        kind, name = chapters.anchor_in(version, section, target.anchor)
        return self._internal(name if kind == "criterion" else f"section-{name}")

    def image_url(self, target: LinkTarget) -> str | None:
        return target.value if target.kind is TargetKind.PROJECT else None

    def image(self, piece: Image) -> str:
        if piece.target.kind is TargetKind.EXTERNAL:
            shown = html_lib.escape(piece.alt or piece.target.value)
            return f'<a href="{html_lib.escape(piece.target.value)}">{shown}</a>'
        return super().image(piece)

    def footnote_ref(self, piece: FootnoteRef) -> str:
        suffix = f":{piece.occurrence}" if piece.occurrence else ""
        return (
            f'<a href="#{self.scope}fn{piece.note}" id="{self.scope}fnref{piece.note}{suffix}" '
            f'class="footnote-ref" role="doc-noteref"><sup>{piece.note}{suffix}</sup></a>'
        )

    def footnote_mark(self, piece: FootnoteMark) -> str:
        if piece.role == "list-start":
            return '<section class="footnotes" role="doc-endnotes">\n<ol class="footnotes-list">\n'
        if piece.role == "note-start":
            return f'<li id="{self.scope}fn{piece.note}" role="doc-endnote">'
        if piece.role == "backref":
            return ""
        return super().footnote_mark(piece)

    def part_anchor(self, piece: PartAnchor) -> str:
        if piece.item:
            return "<li>"
        if piece.anchor not in self.owned:
            return ""
        return f'<span id="{self.document.anchor_prefix}{piece.anchor}"></span>'


def _internal_link(css_class: str, url: str | None, text: str) -> str:
    shown = html_lib.escape(text)
    if url is None:
        return f'<span class="nk-plain">{shown}</span>'
    return f'<a class="{css_class}" href="{html_lib.escape(url)}">{shown}</a>'


def claim_parts(text: Text, anchors: set[str]) -> set[str]:
    """The part anchors of `text` not yet in the document, now registered as its own."""
    owned = set()
    for anchor in part_anchors(text):
        if anchor not in anchors and is_safe_anchor(anchor):
            anchors.add(anchor)
            owned.add(anchor)
    return owned


def glossary_for(corpus: Corpus, version_key: str, texts: Iterable[Text | str]) -> list[Term]:
    """Terms used in the texts, and the terms their definitions use, sorted by term."""
    wanted = set().union(*(t.term_ids() for t in texts if isinstance(t, Text)))
    found: dict[str, Term] = {}
    while wanted:
        term_id = wanted.pop()
        if term_id in found:
            continue
        term = corpus.term(term_id, version_key)
        if term is None:
            continue
        found[term_id] = term
        wanted |= term.definition.term_ids() - set(found)
    return sorted(found.values(), key=lambda term: (term.term.casefold(), term.id))
