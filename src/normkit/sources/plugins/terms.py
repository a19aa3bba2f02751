"""`[=Term=]` and `[=Term|shown text=]`: explicit uses of defined terms (Bikeshed's syntax)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

TOKEN_TYPE = "nk_term"
_PATTERN = re.compile(r"\[=([^\[\]|=\n]+?)(?:\|([^\[\]=\n]+?))?=\]")


def terms_plugin(md: MarkdownIt) -> None:
    """Parse `[=term|text=]` into an `nk_term` token with `meta = {term, text, offset}`."""
    md.inline.ruler.before("link", "nk_term", _parse_term)


def _parse_term(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[=", state.pos):
        return False
    match = _PATTERN.match(state.src, state.pos)
    if match is None or match.end() > state.posMax:
        return False
    if not silent:
        token = state.push(TOKEN_TYPE, "a", 0)
        term = match.group(1).strip()
        token.meta = {"term": term, "text": (match.group(2) or term).strip(), "offset": state.pos}
        token.content = match.group(0)
    state.pos = match.end()
    return True
