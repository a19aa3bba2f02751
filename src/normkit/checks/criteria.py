"""Criterion identity and content: duplicate ids, empty criteria."""

from __future__ import annotations

from collections.abc import Iterator

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.corpus import Corpus
from normkit.model.standard import Criterion


def check_criteria(corpus: Corpus) -> Iterator[Diagnostic]:
    for version in corpus.versions():
        first_by_id: dict[str, Criterion] = {}
        for criterion in version.criteria():
            earlier = first_by_id.setdefault(criterion.id, criterion)
            if earlier is not criterion:
                yield diagnostic(
                    Code.CRITERION_ID_DUPLICATE,
                    criterion.location,
                    f"criterion id '{criterion.id}' is already used by "
                    f"{earlier.number or earlier.title} at {earlier.location}",
                    "ids must be unique in a version; give this criterion its own id",
                )
            if criterion.body.is_empty and not criterion.is_withdrawn:
                yield diagnostic(
                    Code.CRITERION_EMPTY,
                    criterion.location,
                    f"criterion '{criterion.id}' has no text",
                    "write the requirement under the criterion block",
                )
