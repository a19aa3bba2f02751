"""Consultation rounds: every comment answered once the round closes, and every response's
`addressed_in` found in the version that supersedes the draft."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.corpus import Corpus
from normkit.model.standard import Version

if TYPE_CHECKING:  # imported where a round is met: most projects have none
    from normkit.model.consultation import ConsultationRound


def check_consultations(corpus: Corpus) -> Iterator[Diagnostic]:
    for found in corpus.consultations:
        version = corpus.version(found.standard, found.version)
        if version is None:
            continue
        yield from _unanswered(found)
        yield from _addressed(corpus, found, version)


def _unanswered(found: ConsultationRound) -> Iterator[Diagnostic]:
    from normkit.model.consultation import RoundState

    if found.state is not RoundState.CLOSED:
        return
    for comment in found.comments:
        if comment.response is None:
            yield diagnostic(
                Code.CONSULTATION_UNANSWERED,
                comment.location,
                f"the consultation on {found.key} is closed and comment {comment.label} "
                f"({comment.keys[0]}) has no response",
                "answer it in responses.yml",
            )


def _addressed(corpus: Corpus, found: ConsultationRound, version: Version) -> Iterator[Diagnostic]:
    responses = {id(c.response): c.response for c in found.comments if c.response is not None}
    claimed = [
        (item, where)
        for response in responses.values()
        for item, where in zip(response.addressed_in, response.addressed_locations, strict=True)
    ]
    if not claimed:
        return
    successor = corpus.version(found.standard, version.superseded_by or "")
    if successor is None:
        first = min(where for _, where in claimed)
        yield diagnostic(
            Code.CONSULTATION_ADDRESSED_UNCHECKED,
            first,
            f"no version supersedes {found.key} yet, so where responses say comments are "
            "addressed cannot be checked",
            f"add the next version with `supersedes: {version.name}`",
        )
        return
    known = {c.id: {p.label for p in c.parts} for c in successor.criteria()}
    keys = [*known, *(f"{i}.{label}" for i, labels in known.items() for label in labels)]
    for item, where in sorted(claimed, key=lambda pair: pair[1]):
        criterion_id, _, part = item.partition(".")
        if criterion_id in known and (not part or part in known[criterion_id]):
            continue
        yield diagnostic(
            Code.CONSULTATION_ADDRESSED_UNKNOWN,
            where,
            f"'{item}' is not a criterion or part of {successor.key}, which supersedes {found.key}",
            did_you_mean(item, keys),
        )
