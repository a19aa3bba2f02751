"""Plain text (comments, responses) for templates: paragraphs of lines, escaped when printed."""

from __future__ import annotations


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs at blank lines, each a list of its lines."""
    blocks = [block.strip("\n") for block in text.replace("\r", "").split("\n\n")]
    return [[line.strip() for line in block.split("\n")] for block in blocks if block.strip()]
