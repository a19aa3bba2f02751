"""Copying markdown-it tokens, which rendering does for every inline run and list item."""

from __future__ import annotations

import dataclasses
from typing import Any

from markdown_it.token import Token

_FIELDS = tuple(field.name for field in dataclasses.fields(Token))


def copy_token(token: Token, **changes: Any) -> Token:
    """A shallow copy, as `Token.copy(**changes)` makes: `attrs`, `children` and `meta` are
    shared unless replaced. `Token.copy` goes through `dataclasses.replace`, which inspects
    the class's fields on every call; that was the largest single cost of rendering."""
    copy = Token.__new__(Token)
    for name in _FIELDS:
        setattr(copy, name, changes[name] if name in changes else getattr(token, name))
    return copy
