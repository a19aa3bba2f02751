"""Lines cited by comments against the lines of what they comment on, in the draft's PDF.

Unlike the other checks this one needs the PDF's layout (`outputs/pdf/lines.py`), which the
pipeline passes in as `LineMaps`; it lays out only drafts whose register cites lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.corpus import Corpus
from normkit.model.standard import Version

if TYPE_CHECKING:  # the rounds' model: only a project with a round has comments to check
    from normkit.model.consultation import Comment, ConsultationRound, LineMap

_RANGE = re.compile(r"^(\d+)(?:\s*[-–—]\s*(\d+))?$")
LineMaps = Callable[[Version], "LineMap"]
"""A draft → the line ranges of its consultation PDF."""


def check_cited_lines(corpus: Corpus, line_maps: LineMaps) -> Iterator[Diagnostic]:
    for found in corpus.consultations:
        version = corpus.version(found.standard, found.version)
        if version is None or not any(c.lines or c.stated_lines for c in found.comments):
            continue
        lines = line_maps(version)
        yield from _outside(found, lines, version)
        yield from _layout_changed(found, lines)


def _what(comment: Comment, version: Version) -> str:
    target = comment.target
    criterion = version.criterion(target.criterion_id) if target.criterion_id else None
    if criterion is not None:
        part = target.key.partition(".")[2]
        number = f"{criterion.number}.{part}" if part and criterion.number else target.key
        return number if part else criterion.label
    section = next((s for s in version.all_sections() if s.key == target.key), None)
    return section.label or section.key if section is not None else "the draft"


def stated_range(text: str) -> tuple[int, int] | None:
    """The Lines cell of a received form (`412–431`, `412-431`, `415`) as numbers."""
    match = _RANGE.match(text.strip())
    if match is None:
        return None
    first = int(match.group(1))
    return first, int(match.group(2) or first)


def _outside(found: ConsultationRound, lines: LineMap, version: Version) -> Iterator[Diagnostic]:
    """Cited lines outside what the comment is about: in the lines the commenter's own form
    gave the row (the PDF they read), or, without them, in the draft's PDF as built now."""
    for comment in found.comments:
        span = lines.get(comment.target.form_id)
        stated = stated_range(comment.stated_lines)
        if stated is not None:
            first, last = stated
        elif span is not None:
            first, last = span.first_line, span.last_line
        else:
            continue
        shown = f"lines {first}–{last}" if first != last else f"line {first}"
        for cited in comment.lines:
            if not (first <= cited.first and cited.last <= last):
                yield diagnostic(
                    Code.CONSULTATION_LINE_OUTSIDE,
                    comment.line_location,
                    f"{'lines' if cited.first != cited.last else 'line'} {cited} "
                    f"{'are' if cited.first != cited.last else 'is'} outside "
                    f"{_what(comment, version)}, which is on {shown} of the consultation PDF",
                    "cite a line within the row's Lines, or move the comment to the row of "
                    "what the line is in",
                )
                break


def _layout_changed(found: ConsultationRound, lines: LineMap) -> Iterator[Diagnostic]:
    """One warning per form whose stated ranges differ from the PDF's, at the first."""
    warned: set[str] = set()
    for comment in found.comments:
        where = comment.lines_location
        span = lines.get(comment.target.form_id)
        stated = stated_range(comment.stated_lines)
        if where is None or where.path in warned or span is None or stated is None:
            continue
        if stated != (span.first_line, span.last_line):
            warned.add(where.path)
            yield diagnostic(
                Code.CONSULTATION_LAYOUT_CHANGED,
                where,
                f"this form gives {comment.target.form_id} lines {comment.stated_lines}, the "
                f"draft's PDF now {span.lines}: the draft changed after the form was made, so "
                "its comments' lines are checked against the lines the form gave",
                "check the cited lines against the PDF the commenter had",
            )
