"""Rewriting the model's HTML for a single printed document: links that stay inside it.

The model's HTML links cross-references to `#<id>` and terms to `#term-<id>`. In a PDF or
DOCX a link must land on something in the same file, so a reference to another version
or to a criterion the document does not hold becomes plain text, and so does any other
link that points at an anchor the document lacks.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable

from normkit.model.corpus import Corpus
from normkit.model.glossary import Term

_NK_LINK = re.compile(
    r'<a class="nk-(?P<kind>ref|term)"(?P<attrs>[^>]*)>(?P<text>.*?)</a>', re.DOTALL
)
_ANY_LINK = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<text>.*?)</a>", re.DOTALL)
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
LI_ID = re.compile(r'<li id="(?P<id>[^"]+)">(?P<p>\s*<p>)?')
_ID = re.compile(r'\bid="([^"]+)"')
_TERM_ID = re.compile(r'data-nk-term="([^"]+)"')
_SAFE_ANCHOR = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]*$")


def is_safe_anchor(anchor: str) -> bool:
    """Anchors usable both as typst labels and Word bookmarks."""
    return bool(_SAFE_ANCHOR.match(anchor))


def _attrs(text: str) -> dict[str, str]:
    return {name: html_lib.unescape(value) for name, value in _ATTR.findall(text)}


def html_ids(html: str) -> set[str]:
    return set(_ID.findall(html))


def term_ids(html: str) -> set[str]:
    return set(_TERM_ID.findall(html))


def anchor_parts(html: str, prefix: str = "") -> str:
    """Move `<li id>` onto an empty span at the item's start, which pandoc keeps in place."""

    def replace(match: re.Match[str]) -> str:
        anchor = f'<span id="{prefix}{match.group("id")}"></span>'
        return f"<li>{match.group('p') or ''}{anchor}"

    return LI_ID.sub(replace, html)


def rewrite_links(html: str, anchors: set[str], here: str) -> str:
    """Keep nk-ref/nk-term links whose target is in `anchors`; `here` is `standard/version`."""

    def replace(match: re.Match[str]) -> str:
        attrs = _attrs(match.group("attrs"))
        text = match.group("text")
        if match.group("kind") == "term":
            target = f"term-{attrs.get('data-nk-term', '')}"
        else:
            standard, _, rest = attrs.get("data-nk-ref", "").partition("/")
            version, _, key = rest.partition("/")
            target = key if f"{standard}/{version}" == here else ""
        if target and target in anchors:
            return f'<a class="nk-{match.group("kind")}" href="#{target}">{text}</a>'
        return f'<span class="nk-plain">{text}</span>'

    return _NK_LINK.sub(replace, html)


def sanitise_links(html: str, anchors: set[str]) -> str:
    """Any HTML: internal links to missing anchors and relative links become plain text."""

    def replace(match: re.Match[str]) -> str:
        attrs = _attrs(match.group("attrs"))
        href = attrs.get("href", "")
        external = re.match(r"^(https?|mailto):", href) is not None
        if attrs.get("role") == "doc-noteref":
            return match.group(0)
        if external or (href.startswith("#") and href[1:] in anchors):
            return match.group(0)
        return f'<span class="nk-plain">{match.group("text")}</span>'

    return _ANY_LINK.sub(replace, html)


def glossary_for(corpus: Corpus, version_key: str, fragments: Iterable[str]) -> list[Term]:
    """Terms used in the fragments, and the terms their definitions use, sorted by term."""
    wanted = set().union(*(term_ids(fragment) for fragment in fragments))
    found: dict[str, Term] = {}
    while wanted:
        term_id = wanted.pop()
        if term_id in found:
            continue
        term = corpus.term(term_id, version_key)
        if term is None:
            continue
        found[term_id] = term
        wanted |= term_ids(term.definition.html) - set(found)
    return sorted(found.values(), key=lambda term: (term.term.casefold(), term.id))


_NOTE_REF = re.compile(
    r'<sup class="footnote-ref"><a href="#(fn[\w-]*)" id="(fnref[\w:-]*)">\[?([^<\]]*)\]?</a></sup>'
)
_NOTE_ITEM = re.compile(r'<li id="(fn[\w-]*)" class="footnote-item">')
_NOTE_BACK = re.compile(r'\s*<a href="#fnref[\w:-]*" class="footnote-backref">[^<]*</a>')


def footnotes(html: str, prefix: str) -> str:
    """markdown-it footnotes → the markup pandoc reads as notes, ids unique per fragment."""
    if "footnote" not in html:
        return html
    html = _NOTE_REF.sub(
        lambda m: (
            f'<a href="#{prefix}{m.group(1)}" id="{prefix}{m.group(2)}" '
            f'class="footnote-ref" role="doc-noteref"><sup>{m.group(3)}</sup></a>'
        ),
        html,
    )
    html = _NOTE_ITEM.sub(lambda m: f'<li id="{prefix}{m.group(1)}" role="doc-endnote">', html)
    html = html.replace('<hr class="footnotes-sep" />', "")
    html = html.replace(
        '<section class="footnotes">', '<section class="footnotes" role="doc-endnotes">'
    )
    return _NOTE_BACK.sub("", html)
