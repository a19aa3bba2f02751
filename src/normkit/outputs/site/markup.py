"""Small HTML and Markdown helpers for generated pages."""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from markupsafe import Markup, escape

from normkit.model.standard import FieldSpec, FieldType, FieldValue
from normkit.outputs.templating import render_template
from normkit.translations.labels import _

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#!])")
"""Markdown punctuation that Python-Markdown's backslash escapes cover (`ESCAPED_CHARS`)."""
_AS_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;"}
"""Characters it has no backslash escape for (a backslash would stay visible)."""


def md_text(value: str) -> str:
    """Plain text made safe for a Markdown heading or paragraph.

    `&`, `<`, `>`, `|` and `~` become entities (Python-Markdown has no backslash escape for
    them); the other Markdown punctuation is backslash-escaped.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", value.replace("\n", " "))
    return "".join(_AS_ENTITY.get(char, char) for char in escaped)


def nav_title(text: str) -> str:
    """A title for MkDocs' `nav`: Material prints nav titles as HTML, so text is escaped."""
    return str(escape(text))


def html(template: str, **context: Any) -> Markup:
    """A site template (`outputs/site/templates/`) rendered with autoescape."""
    return render_template("normkit.outputs.site", template, **context)


class RawBlocks:
    """Raw HTML blocks kept out of the page Markdown while the plugin builds the site.

    Python-Markdown passes a `markdown="0"` block through unchanged, but only after parsing
    all of its HTML to find where it ends: most of the time MkDocs spends on normkit's pages.
    The plugin, which wrote that HTML, leaves a placeholder paragraph in the Markdown instead
    and puts the block back into the page's HTML (`restore`): the same page, without the
    parse. An export (plain MkDocs, Zensical) gets the blocks themselves.

    A placeholder names its block by content hash, so a page whose blocks did not change
    has the same Markdown in the next generation of the same session (the preview rebuilds
    only pages whose Markdown changed); the prefix is random per session, so no heading
    text can spell a placeholder.
    """

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix or f"nkraw{secrets.token_hex(6)}h"
        self.blocks: dict[str, str] = {}
        self.shells: dict[str, str] = {}
        """Of the blocks that search leaves out (`UNINDEXED`): the block without its content."""
        self.pattern = re.compile(rf"<p>({self.prefix}[0-9a-f]+)</p>")

    def keep(self, block: str, shell: str | None = None) -> str:
        content = block.strip("\n")
        name = self.prefix + hashlib.blake2b(content.encode(), digest_size=12).hexdigest()
        self.blocks[name] = content
        if shell is not None:
            self.shells[name] = shell
        return f"\n\n{name}\n\n"

    def restore(self, page_html: str) -> str:
        """The page's HTML with every placeholder paragraph replaced by its block."""
        return self.pattern.sub(lambda found: self.blocks.get(found[1], found[0]), page_html)

    def restore_for_search(self, page_html: str) -> str:
        """As `restore`, but with the blocks that search leaves out as empty shells: what
        Pagefind indexes of the page is the same, and it reads far less (on NIST's pages,
        criteria are 8 of their 11 MB)."""
        shells, blocks = self.shells, self.blocks
        return self.pattern.sub(
            lambda found: shells.get(found[1]) or blocks.get(found[1], found[0]), page_html
        )


_KEPT: ContextVar[RawBlocks | None] = ContextVar("normkit_raw_blocks", default=None)


@contextmanager
def raw_blocks_kept(prefix: str = "") -> Iterator[RawBlocks]:
    """Within: `raw` leaves placeholders and keeps the blocks in the yielded `RawBlocks`
    (`prefix`: the session's, to keep the names of unchanged blocks)."""
    kept = RawBlocks(prefix)
    token = _KEPT.set(kept)
    try:
        yield kept
    finally:
        _KEPT.reset(token)


def raw(fragment: str, css_class: str = "", **attributes: str) -> str:
    """A raw HTML block that Python-Markdown passes through untouched (`markdown="0"`).

    `fragment` is HTML (a template's output or the model's sanitised HTML); attribute
    values are text and escaped.
    """
    # Written here, not with a template: a page of criteria has several blocks each, and
    # a template call costs more than the block (escaped as the template escaped them).
    safe = fragment
    if "```" in safe or "~~~" in safe:  # a fence needs three; most blocks have none
        safe = _FENCE_LINE.sub(lambda m: m.group(1) + _FENCE_ENTITY[m.group(2)], fragment)
    named = "".join(
        f' {escape(name.replace("_", "-"))}="{escape(value)}"' for name, value in attributes.items()
    )
    opening = f' class="{escape(css_class)}"{named}' if css_class else named
    block = f'\n<div{opening} markdown="0">\n{safe}\n</div>\n'
    kept = _KEPT.get()
    if kept is None:
        return block
    shell = None
    if _unindexed(css_class) and "<img" not in safe and "data-pagefind" not in safe:
        # Nothing in it that Pagefind might take even from an element it leaves out (an
        # image for a result's picture, filters or metadata of the page).
        shell = f'<div{opening} markdown="0">\n</div>'
    return kept.keep(block, shell)


UNINDEXED = ("nk-criterion", "nk-term-entry")
"""Classes of raw blocks whose content search leaves out of the pages' index (`search.py`
indexes criteria and glossary entries as records of their own)."""


def _unindexed(css_class: str) -> bool:
    return any(name in UNINDEXED for name in css_class.split())


_FENCE_LINE = re.compile(r"^([ \t]*)([`~])(?=\2\2)", re.MULTILINE)
"""A line of text that starts like a code fence: Python-Markdown's fenced_code (on in every
MkDocs site) would take it for one even inside raw HTML. Lines of tags start with `<`."""
_FENCE_ENTITY = {"`": "&#96;", "~": "&#126;"}


def applicability_items(
    codes: tuple[str, ...], vocabulary: dict[str, str]
) -> list[tuple[str, str]] | None:
    """(code, label) pairs to show; None when a criterion applies to every activity."""
    if len(vocabulary) > 1 and set(codes) == set(vocabulary):
        return None
    return [(code, vocabulary.get(code, code)) for code in codes]


def date_text(value: datetime.date | None) -> str:
    return value.isoformat() if value else "—"


def field_text(spec: FieldSpec, value: FieldValue) -> str:
    if value is None:
        return "—"
    if spec.type is FieldType.BOOLEAN:
        return _("Yes") if value else _("No")
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value) if value else "—"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def field_rows(
    specs: tuple[FieldSpec, ...], values: Mapping[str, FieldValue]
) -> list[dict[str, str | None]]:
    """Fields with a value, for a `<dl>`: label, text and (for `url` fields) the link.

    A `url` value is an http, https or mailto URL (checked when the sources are read), so
    it can be a link target as it is; the template escapes it."""
    return [
        {
            "label": spec.label,
            "text": field_text(spec, values.get(spec.name)),
            "url": str(values.get(spec.name)) if spec.type is FieldType.URL else None,
        }
        for spec in specs
        if values.get(spec.name) is not None
    ]


def field_tokens(spec: FieldSpec, value: FieldValue) -> list[str]:
    """Values a filter can match: each choice of a list, `yes`/`no` for booleans."""
    if value is None:
        return []
    if spec.type is FieldType.BOOLEAN:
        return ["yes" if value else "no"]
    if isinstance(value, tuple):
        return [str(item) for item in value]
    return [field_text(spec, value)]


def field_attribute(name: str) -> str:
    """`data-field-…` attribute of a field, as the explorer's scripts look it up. Field
    names are checked when declared; an attribute name cannot be escaped, so anything but a
    letter, digit or hyphen is replaced here too."""
    return f"data-field-{_NOT_IN_ATTRIBUTE.sub('-', name.replace('_', '-'))}"


_NOT_IN_ATTRIBUTE = re.compile(r"[^\w-]")
