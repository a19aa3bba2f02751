"""Display numbers: in the declared numbering, unique, and in natural order in each section."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.corpus import Corpus
from normkit.model.numbering import Numbering, NumberingStyle, number_sort_key
from normkit.model.standard import Version


def check_numbering(corpus: Corpus) -> Iterator[Diagnostic]:
    for standard in corpus.standards:
        for version in standard.versions:
            yield from _unnumbered(version, standard.numbering)
            yield from _duplicates(version)
            yield from _order(version)


def _unnumbered(version: Version, numbering: Numbering) -> Iterator[Diagnostic]:
    """With a declared numbering, every criterion heading starts with a number."""
    if not numbering.declared or numbering.style is NumberingStyle.NONE:
        return
    for criterion in version.criteria():
        if not criterion.number:
            yield diagnostic(
                Code.NUMBER_INVALID,
                criterion.location,
                f"criterion '{criterion.id}': heading '{criterion.title}' does not start "
                f"with a display number in the standard's numbering ({numbering.describe()})",
                "start the heading with the criterion's number, or change `numbering` in "
                "standard.yml",
            )


def _duplicates(version: Version) -> Iterator[Diagnostic]:
    """Criteria and sections share one set of numbers: a reader names either by number."""
    counts = Counter(
        itertools.chain(
            (s.number for s in version.all_sections()), (c.number for c in version.criteria())
        )
    )
    if all(count == 1 or not number for number, count in counts.items()):
        return  # (the usual case: nothing to sort)
    # Only the holders of a number used more than once, in source order: the first of each
    # is the one the others are reported against.
    numbered = [
        *(
            (s.number, f"section '{s.label}'", s.location)
            for s in version.all_sections()
            if s.number and counts[s.number] > 1
        ),
        *(
            (c.number, f"'{c.id}'", c.location)
            for c in version.criteria()
            if c.number and counts[c.number] > 1
        ),
    ]
    seen: dict[str, str] = {}
    for number, name, location in sorted(numbered, key=lambda item: item[2]):
        if number in seen:
            yield diagnostic(
                Code.NUMBER_DUPLICATE,
                location,
                f"number {number} is also used by {seen[number]}",
            )
        seen.setdefault(number, name)


def _order(version: Version) -> Iterator[Diagnostic]:
    """Each criterion's number follows the previous numbered criterion of its section."""
    for section in version.all_sections():
        numbered = [(c, number_sort_key(c.number)) for c in section.criteria if c.number]
        for (previous, previous_key), (criterion, key) in itertools.pairwise(numbered):
            if key < previous_key:  # (each number's key made once, not once per neighbour)
                yield diagnostic(
                    Code.NUMBER_ORDER,
                    criterion.location,
                    f"number {criterion.number} comes after {previous.number}",
                    "renumber so that numbers increase through the section",
                )
