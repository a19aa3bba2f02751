"""Glossary changes between two versions, from which entries apply to each."""

from __future__ import annotations

from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.standard import Version
from normkit.revisions.changeset import TermChange, TermChangeKind


def _definition(term: Term) -> str:
    return " ".join(term.definition.markdown.split())


def compare_terms(
    old_corpus: Corpus, old: Version, corpus: Corpus, new: Version
) -> tuple[TermChange, ...]:
    """Terms added, removed or redefined between `old` and `new`, sorted by term."""
    before = {t.id: t for t in old_corpus.terms_for(old.key)}
    after = {t.id: t for t in corpus.terms_for(new.key)}
    changes: list[TermChange] = []
    for term_id in sorted(before.keys() | after.keys()):
        old_term, new_term = before.get(term_id), after.get(term_id)
        if old_term is None and new_term is not None:
            kind = TermChangeKind.ADDED
        elif new_term is None and old_term is not None:
            kind = TermChangeKind.REMOVED
        elif old_term is not None and new_term is not None:
            if old_term is new_term or _definition(old_term) == _definition(new_term):
                continue
            kind = TermChangeKind.REDEFINED
        else:  # pragma: no cover - the id came from one of the two maps
            continue
        shown = new_term or old_term
        written = shown.term if shown is not None else term_id
        changes.append(
            TermChange(kind=kind, term_id=term_id, term=written, old=old_term, new=new_term)
        )
    return tuple(sorted(changes, key=lambda c: (c.term.casefold(), c.term_id)))
