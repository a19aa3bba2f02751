"""`[[id]]`, `[[id.b]]`, `[[standard:id]]`, `[[id|text]]`: cross-references to criteria."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

TOKEN_TYPE = "nk_ref"
_PATTERN = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")


def refs_plugin(md: MarkdownIt) -> None:
    """Parse `[[target|text]]` into an `nk_ref` token with `meta = {target, text, offset}`."""
    md.inline.ruler.before("link", "nk_ref", _parse_ref)


def _parse_ref(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _PATTERN.match(state.src, state.pos)
    if match is None or match.end() > state.posMax:
        return False
    if not silent:
        token = state.push(TOKEN_TYPE, "a", 0)
        token.meta = {
            "target": match.group(1).strip(),
            "text": (match.group(2) or "").strip(),
            "offset": state.pos,
        }
        token.content = match.group(0)
    state.pos = match.end()
    return True
