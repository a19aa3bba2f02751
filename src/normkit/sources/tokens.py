"""Copying markdown-it tokens, which rendering does for every inline run and list item."""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

COPIED = (
    "type",
    "tag",
    "nesting",
    "attrs",
    "map",
    "level",
    "children",
    "content",
    "markup",
    "info",
    "meta",
    "block",
    "hidden",
)
"""Every field of `Token`, in its order (a test compares them with markdown-it's)."""


def copy_token(token: Token, **changes: Any) -> Token:
    """A shallow copy, as `Token.copy(**changes)` makes: `attrs`, `children` and `meta` are
    shared unless replaced. `Token.copy` goes through `dataclasses.replace`, which inspects
    the class's fields on every call, and a loop over the field names still spent most of
    its time looking names up: written out, a copy takes a quarter of the time, and copies
    were a fifth of reading a project."""
    copy = Token.__new__(Token)
    copy.type = token.type
    copy.tag = token.tag
    copy.nesting = token.nesting
    copy.attrs = token.attrs
    copy.map = token.map
    copy.level = token.level
    copy.children = token.children
    copy.content = token.content
    copy.markup = token.markup
    copy.info = token.info
    copy.meta = token.meta
    copy.block = token.block
    copy.hidden = token.hidden
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy
