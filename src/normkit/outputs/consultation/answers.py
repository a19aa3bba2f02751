"""Which comments a change in the next version answers: those whose response names, in
`addressed_in`, a criterion the change made."""

from __future__ import annotations

from collections.abc import Callable

from normkit.model.consultation import Comment
from normkit.model.corpus import Corpus
from normkit.model.standard import Version
from normkit.revisions.changeset import CriterionChange

Answers = Callable[[CriterionChange], list[Comment]]
"""A change → the comments on the old version it answers, in their order."""


def no_answers(change: CriterionChange) -> list[Comment]:
    return []


def answers_for(corpus: Corpus, old: Version) -> Answers:
    """The comments on `old` answered by each change to the version that supersedes it."""
    found = corpus.consultation(old)
    if found is None or not any(c.response and c.response.addressed_in for c in found.comments):
        return no_answers

    def answers(change: CriterionChange) -> list[Comment]:
        ids = {criterion.id for criterion in change.new}
        return [
            comment
            for comment in found.comments
            if comment.response
            and any(item.partition(".")[0] in ids for item in comment.response.addressed_in)
        ]

    return answers
