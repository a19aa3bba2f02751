"""Markdown links into chapters: the anchor must name a criterion or a section there."""

from __future__ import annotations

from collections.abc import Iterator

from normkit.checks.text_pieces import text_pieces
from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model import chapters
from normkit.model.corpus import Corpus
from normkit.model.text import TargetKind


def check_links(corpus: Corpus) -> Iterator[Diagnostic]:
    """`link.broken` for `chapter.md#anchor` links whose anchor names nothing there."""
    for piece in text_pieces(corpus).links:
        target = piece.target
        if target.kind is not TargetKind.PROJECT:
            continue
        found = chapters.chapter(corpus, target.value)
        if found is None or not target.anchor:
            continue
        version, _ = found
        if not chapters.names(version, target.anchor):
            yield diagnostic(
                Code.LINK_BROKEN,
                piece.location,
                f"'#{target.anchor}' names no criterion or section of {target.value}",
                did_you_mean(target.anchor, chapters.anchors(version)),
            )
