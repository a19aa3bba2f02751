"""The one configured markdown-it parser every Markdown source goes through."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from normkit.sources.control import control_references_plugin
from normkit.sources.plugins.refs import refs_plugin
from normkit.sources.plugins.terms import terms_plugin


@cache
def parser() -> MarkdownIt:
    """CommonMark plus tables, strikethrough, footnotes, definition lists, refs and terms;
    character references to control characters are left out (`control.py`)."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    md.use(refs_plugin)
    md.use(terms_plugin)
    md.use(control_references_plugin)
    return md


def parse(text: str) -> list[Token]:
    """Parse a whole Markdown file into block tokens (`token.map` holds 0-based lines)."""
    return parser().parse(text, {})
