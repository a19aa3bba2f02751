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


def new_token(kind: str, tag: str, nesting: int, content: str = "", meta: Any = None) -> Token:
    """`Token(kind, tag, nesting, content=content, meta=meta or {})` with every other field
    at its default, made as `copy_token` makes a copy: the dataclass's `__init__` and its
    `__post_init__` cost as much again, and linking terms makes a text token and a term token
    for every term it links (a test compares the two)."""
    token = Token.__new__(Token)
    token.type = kind
    token.tag = tag
    token.nesting = nesting  # type: ignore[assignment]
    token.attrs = {}
    token.map = None
    token.level = 0
    token.children = None
    token.content = content
    token.markup = ""
    token.info = ""
    token.meta = {} if meta is None else meta
    token.block = False
    token.hidden = False
    return token
