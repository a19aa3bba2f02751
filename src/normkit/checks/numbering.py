"""Display numbers: duplicates and numbers out of document order (warnings)."""

from __future__ import annotations

from collections.abc import Iterator

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.corpus import Corpus


def number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def check_numbering(corpus: Corpus) -> Iterator[Diagnostic]:
    for version in corpus.versions():
        seen: dict[str, str] = {}
        previous: tuple[int, ...] = ()
        previous_number = ""
        for criterion in version.criteria():
            if not criterion.number:
                continue
            if criterion.number in seen:
                yield diagnostic(
                    Code.NUMBER_DUPLICATE,
                    criterion.location,
                    f"number {criterion.number} is also used by '{seen[criterion.number]}'",
                )
            seen.setdefault(criterion.number, criterion.id)
            key = number_key(criterion.number)
            if previous and key < previous:
                yield diagnostic(
                    Code.NUMBER_ORDER,
                    criterion.location,
                    f"number {criterion.number} comes after {previous_number}",
                    "renumber so that numbers increase through the document",
                )
            previous, previous_number = key, criterion.number
