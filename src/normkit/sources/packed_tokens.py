"""A chunk's tokens as one `marshal` string of plain tuples: how a stored parse keeps them
(`stored_parses.py`), and how a read keeps the chapters of versions it is not assembling
(`documents.Chunk.shelve`).

markdown-it's `Token` objects, each with its own dicts and lists, take about 15 times the
size of the Markdown they were parsed from (at 10,000 criteria, ~130 MiB of tokens for
7.6 MB of chapters); packed, they take about 3 times, and unpacking them costs a tenth of
parsing again.
"""

from __future__ import annotations

import marshal
import operator
from typing import Any

from markdown_it.token import Token

TOKEN_FIELDS = (
    "type", "tag", "nesting", "attrs", "map", "level", "children",
    "content", "markup", "info", "meta", "block", "hidden",
)  # fmt: skip
COMPACT = tuple(Token.__dataclass_fields__) == TOKEN_FIELDS
"""Tokens are packed as their fields only while `Token` has exactly these (another
markdown-it-py may add one: then they are never packed)."""
MARSHAL = 4
"""The `marshal` format of packed tokens (part of every stored parse's name)."""

token_fields = operator.attrgetter(*TOKEN_FIELDS)


def pack(heading_tokens: list[Token], tokens: list[Token]) -> bytes | None:
    """A chunk's heading and content tokens as one string, or None when they cannot be
    packed without losing something: a plugin's own kind of token (a subclass of `Token`)
    or a value `marshal` cannot write (an attribute or meta value of a plugin's own type)."""
    if not COMPACT:
        return None
    try:
        return marshal.dumps((_packed(heading_tokens), _packed(tokens)), MARSHAL)
    except ValueError:
        return None


def unpack(packed: bytes) -> tuple[list[Token], list[Token]]:
    """The heading and content tokens of `pack`, as new objects."""
    heading_fields, token_fields_ = marshal.loads(packed)
    return _unpacked(heading_fields), _unpacked(token_fields_)


def _packed(tokens: list[Token]) -> list[tuple[Any, ...]]:
    """Tokens as tuples of their fields (`TOKEN_FIELDS`), children packed the same way."""
    packed = []
    for token in tokens:
        if type(token) is not Token:  # a plugin's own kind: pickled, keeping its class
            raise ValueError(f"not a Token: {type(token).__qualname__}")
        fields = token_fields(token)
        if fields[6]:  # children
            fields = (*fields[:6], _packed(fields[6]), *fields[7:])
        packed.append(fields)
    return packed


def _unpacked(packed: list[tuple[Any, ...]]) -> list[Token]:
    tokens = []
    new = Token.__new__
    for fields in packed:
        token = new(Token)
        (
            token.type, token.tag, token.nesting, token.attrs, token.map, token.level,
            children, token.content, token.markup, token.info, token.meta, token.block,
            token.hidden,
        ) = fields  # fmt: skip
        token.children = _unpacked(children) if children else children
        tokens.append(token)
    return tokens
