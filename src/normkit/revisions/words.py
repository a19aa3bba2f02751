"""Word-level diffs and the normalisation that tells editorial from wording changes."""

from __future__ import annotations

import re
from typing import Literal

from normkit.model.records import record
from normkit.model.standard import Criterion

TOKEN = re.compile(r"\n\s*\n|\s+|\w+|[^\w\s]", re.UNICODE)
"""Paragraph breaks, runs of white space, words and single punctuation marks."""
WORD_CHARS = re.compile(r"\w+", re.UNICODE)

Operation = Literal["equal", "insert", "delete"]


@record
class Segment:
    """A run of text that is kept, inserted or deleted."""

    op: Operation
    text: str


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


def normalize(text: str) -> str:
    """Letters and digits only, case-folded: equal results mean an editorial change at most."""
    return "".join(WORD_CHARS.findall(text.casefold()))


def words(text: str) -> str:
    """Case-folded words separated by single spaces, for similarity scoring."""
    return " ".join(WORD_CHARS.findall(text.casefold()))


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Segments turning `old` into `new`, word by word; adjacent runs of one kind joined."""
    # difflib's own algorithm compiled (same matching blocks, same opcodes): the pure-Python
    # one spends most of a diff's time in `find_longest_match` on long wordings. Imported
    # here, not with the module: comparing versions (the changesets of a JSON build, of a
    # check with `changes.yml`) never diffs words, and loading it cost those ~1 ms.
    from cydifflib import SequenceMatcher

    old_tokens, new_tokens = tokenize(old), tokenize(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments: list[Segment] = []

    def add(op: Operation, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", old_tokens[i1:i2])
        else:
            add("delete", old_tokens[i1:i2])
            add("insert", new_tokens[j1:j2])
    return tuple(_absorb_whitespace(segments))


def _absorb_whitespace(segments: list[Segment]) -> list[Segment]:
    """Fold a lone space kept between two changes into them, so redlines read as phrases."""
    result: list[Segment] = []
    for index, segment in enumerate(segments):
        between_changes = (
            segment.op == "equal"
            and segment.text.isspace()
            and "\n" not in segment.text
            and 0 < index < len(segments) - 1
            and segments[index - 1].op != "equal"
            and segments[index + 1].op != "equal"
        )
        if not between_changes:
            result.append(segment)
            continue
        result.append(Segment("delete", segment.text))
        result.append(Segment("insert", segment.text))
    merged: list[Segment] = []
    for segment in result:
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return _group_changes(merged)


def _group_changes(segments: list[Segment]) -> list[Segment]:
    """Within each run of changes, put every deletion before every insertion."""
    grouped: list[Segment] = []
    run: list[Segment] = []

    def flush() -> None:
        deleted = "".join(s.text for s in run if s.op == "delete")
        inserted = "".join(s.text for s in run if s.op == "insert")
        if deleted:
            grouped.append(Segment("delete", deleted))
        if inserted:
            grouped.append(Segment("insert", inserted))
        run.clear()

    for segment in segments:
        if segment.op == "equal":
            flush()
            grouped.append(segment)
        else:
            run.append(segment)
    flush()
    return grouped


def criterion_text(criterion: Criterion) -> str:
    """What a reader sees of a criterion's wording: title, then body in plain text."""
    return f"{criterion.title}\n\n{criterion.body.plain}".strip()


def criterion_source(criterion: Criterion) -> str:
    """The author's wording: title and body Markdown (references by id, not number)."""
    return f"{criterion.title}\n\n{criterion.body.markdown}"


def combined_text(criteria: tuple[Criterion, ...]) -> str:
    return "\n\n".join(criterion_text(c) for c in criteria)
