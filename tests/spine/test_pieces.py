"""Rendering to pieces token by token gives what rendering the whole fragment and splitting it
at its markers gives (markdown-it's output is the concatenation of its tokens'), on every
Markdown file of the demo and the construct goldens' project, and on constructs that put
markers at the edges of the fragment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown_it.token import Token

from normkit.model.text import Piece
from normkit.sources import pieces
from normkit.sources.markdown import parser
from normkit.sources.plugins import refs, terms

REPO = Path(__file__).resolve().parents[2]
FILES = sorted(
    path
    for root in (REPO / "standards", REPO / "guidance", REPO / "tests" / "constructs" / "project")
    for path in root.rglob("*.md")
)
EDGES = [
    "[[ref-1]]",
    "  [[ref-1]] and [=term=]  ",
    "1. [[ref-1]]\n2. text [=term=]\n",
    "- a\n\n  b [[x]]\n- c\n",
    "text[^1]\n\n[^1]: note [[ref-1]]\n",
    "| a | [[b]] |\n|---|:-:|\n| [=c=] | d |\n",
    "Term: [=t=]\n: definition [[r]]\n",
]


def _whole(tokens: list[Token], env: dict[str, Any]) -> list[Piece]:
    """The fragment rendered at once and split at its markers (the reference)."""
    render_env = {**env, pieces.PIECES_KEY: []}
    md = parser()
    html = md.renderer.render(tokens, md.options, render_env).strip()
    typed: list[Piece] = render_env[pieces.PIECES_KEY]
    if not typed:
        return [html] if html else []
    found: list[Piece] = []
    for index, part in enumerate(pieces._MARKER.split(html)):
        if index % 2:
            found.append(typed[int(part)])
        elif part:
            found.append(part)
    return found


def _resolved(tokens: list[Token]) -> list[Token]:
    """References and terms given targets (as rendering does), so that they become pieces."""
    for token in tokens:
        for child in token.children or []:
            if child.type == refs.TOKEN_TYPE:
                child.meta["resolved"] = None if "x" in str(child.meta.get("target")) else _Ref()
            elif child.type == terms.TOKEN_TYPE:
                child.meta["resolved"] = _Term()
            elif child.type in ("link_open", "image"):
                child.meta.update(target=None, location=None)
    return tokens


class _Ref:
    key, anchor, label, title = "s/v/ref-1", "ref-1", "1.1", "Title"


class _Term:
    id, tooltip = "term", "A term."


@pytest.mark.parametrize("text", [*EDGES, *(p.read_text(encoding="utf-8") for p in FILES)])
def test_token_by_token_equals_the_whole_fragment(text: str) -> None:
    env: dict[str, Any] = {}
    tokens = _resolved(parser().parse(text, env))
    inlines: pieces.Rendered = {}
    assert pieces.render_pieces(tokens, env, has_html=False, inlines=inlines) == _whole(tokens, env)
    # A second render reuses every inline run's pieces, and gives the same.
    assert pieces.render_pieces(tokens, env, has_html=False, inlines=inlines) == _whole(tokens, env)
