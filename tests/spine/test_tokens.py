"""`copy_token` copies every field markdown-it's `Token` has, and `new_token` makes the token
markdown-it's `Token` makes."""

from __future__ import annotations

import dataclasses

from markdown_it import MarkdownIt
from markdown_it.token import Token

from normkit.sources.tokens import COPIED, copy_token, new_token


def test_every_field_of_a_token_is_copied() -> None:
    assert tuple(field.name for field in dataclasses.fields(Token)) == COPIED


def test_a_copy_equals_its_token_but_for_the_changes() -> None:
    for token in MarkdownIt("commonmark").parse("# Title\n\n1. *one* [two](x.md)\n"):
        copy = copy_token(token)
        assert copy == token and copy is not token
        assert copy.children is token.children  # shallow, like Token.copy
        moved = copy_token(token, level=token.level + 2, hidden=True)
        assert moved == token.copy(level=token.level + 2, hidden=True)


def test_a_new_token_is_the_token_markdown_it_makes() -> None:
    made = new_token("nk_term", "a", 0, "GHG", {"term": "GHG"})
    assert made == Token("nk_term", "a", 0, content="GHG", meta={"term": "GHG"})
    plain = new_token("text", "", 0)
    assert plain == Token("text", "", 0)
    assert plain.attrs is not new_token("text", "", 0).attrs  # (each its own, as defaults)
    assert plain.meta is not new_token("text", "", 0).meta
