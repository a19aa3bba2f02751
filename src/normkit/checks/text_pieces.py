"""What the glossary's and the links' checks read of every text's pieces, in one walk.

Both go through every piece of every text (at 10,000 criteria ~116,000 of them, spread
over the whole model): a walk's time is mostly the memory it reads, not the Python it runs,
and two walks read it all twice (a cold `check` at 10,000 criteria: 36 ms for the two, the
last of its critical path). Within `walked_once` (`run_checks`), the first that asks walks
a corpus for both; elsewhere each asks for a walk of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from normkit.model.corpus import Corpus
from normkit.model.text import LinkStart, TermUse


@dataclass(frozen=True, slots=True)
class TextPieces:
    """The pieces of a corpus' texts the checks look for."""

    used_terms: frozenset[str]
    """Ids of the terms used in standards and guidance (not in definitions)."""
    links: list[LinkStart]
    """Every link of every text, definitions included, in the order of `Corpus.texts`."""


_SHARED: ContextVar[list[tuple[Corpus, TextPieces]] | None] = ContextVar(
    "normkit_text_pieces", default=None
)
"""Within `walked_once`: the corpus walked last, and what was found."""


@contextmanager
def walked_once() -> Iterator[None]:
    """Within: `text_pieces` walks each corpus once, for every check that asks."""
    token = _SHARED.set([])
    try:
        yield
    finally:
        _SHARED.reset(token)


def text_pieces(corpus: Corpus) -> TextPieces:
    """What `corpus`' texts hold of term uses and links (walked once within `walked_once`)."""
    shared = _SHARED.get()
    if shared is None:
        return _walk(corpus)
    if not shared or shared[0][0] is not corpus:
        shared[:] = [(corpus, _walk(corpus))]
    return shared[0][1]


def _walk(corpus: Corpus) -> TextPieces:
    used: set[str] = set()
    links: list[LinkStart] = []
    use, link = used.add, links.append
    # `type(...) is`: an `isinstance` or a generator's step (`Text.links`) per piece cost more.
    for text in corpus.texts(definitions=False):
        for piece in text.pieces:
            if type(piece) is TermUse:
                use(piece.term_id)
            elif type(piece) is LinkStart:
                link(piece)
    for term in corpus.terms:  # (the rest of `Corpus.texts`: a use here is no use)
        link_pieces = (piece for piece in term.definition.pieces if type(piece) is LinkStart)
        links.extend(link_pieces)
    return TextPieces(used_terms=frozenset(used), links=links)
