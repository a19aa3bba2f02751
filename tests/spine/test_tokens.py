"""`copy_token` copies every field markdown-it's `Token` has."""

from __future__ import annotations

import dataclasses

from markdown_it import MarkdownIt
from markdown_it.token import Token

from normkit.sources.tokens import COPIED, copy_token


def test_every_field_of_a_token_is_copied() -> None:
    assert tuple(field.name for field in dataclasses.fields(Token)) == COPIED


def test_a_copy_equals_its_token_but_for_the_changes() -> None:
    for token in MarkdownIt("commonmark").parse("# Title\n\n1. *one* [two](x.md)\n"):
        copy = copy_token(token)
        assert copy == token and copy is not token
        assert copy.children is token.children  # shallow, like Token.copy
        moved = copy_token(token, level=token.level + 2, hidden=True)
        assert moved == token.copy(level=token.level + 2, hidden=True)
