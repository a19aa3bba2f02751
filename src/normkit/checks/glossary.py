"""The glossary: terms defined twice, aliases that clash, terms never used, unknown versions."""

from __future__ import annotations

from collections.abc import Iterator

from normkit.checks.text_pieces import text_pieces
from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.corpus import Corpus
from normkit.model.glossary import Term


def check_glossary(corpus: Corpus) -> Iterator[Diagnostic]:
    yield from _id_duplicates(corpus.terms)
    yield from _duplicates(corpus)
    yield from _alias_clashes(corpus.terms)
    yield from _unknown_versions(corpus)
    used = used_term_ids(corpus)
    reported: set[str] = set()
    for term in corpus.terms:
        if term.id not in used and term.id not in reported:
            reported.add(term.id)
            yield diagnostic(
                Code.TERM_UNUSED,
                term.location,
                f"term '{term.term}' is defined but never used",
                "use it in a standard or guidance, or remove it",
            )


def _version_keys(corpus: Corpus) -> list[str]:
    return [v.key for v in corpus.versions()]


def _duplicates(corpus: Corpus) -> Iterator[Diagnostic]:
    keys = _version_keys(corpus) or ["*"]
    for key in keys:
        seen: dict[str, Term] = {}
        for term in corpus.terms:
            if key != "*" and not term.applies_to(key):
                continue
            name = term.term.casefold()
            earlier = seen.setdefault(name, term)
            if earlier is not term and _first_shared_key(earlier, term, keys) == key:
                yield diagnostic(
                    Code.TERM_DUPLICATE,
                    term.location,
                    f"term '{term.term}' is already defined for {key} at {earlier.location}",
                    "give the two entries disjoint `versions`, or remove one",
                )


def _id_duplicates(terms: tuple[Term, ...]) -> Iterator[Diagnostic]:
    """Entries of one term share its id; two different terms must not."""
    first: dict[str, Term] = {}
    for term in sorted(terms, key=lambda t: t.location):
        earlier = first.setdefault(term.id, term)
        if earlier.term != term.term:
            yield diagnostic(
                Code.TERM_ID_DUPLICATE,
                term.id_location or term.location,
                f"term '{term.term}' has the id '{term.id}' of term '{earlier.term}' "
                f"at {earlier.location}",
                "give one of them another `id:` in its term block",
            )


def _first_shared_key(first: Term, second: Term, keys: list[str]) -> str:
    """Report a duplicate pair once, at the first version both apply to."""
    return next((k for k in keys if k == "*" or (first.applies_to(k) and second.applies_to(k))), "")


def _alias_clashes(terms: tuple[Term, ...]) -> Iterator[Diagnostic]:
    names = {term.term: term for term in terms}
    for term in terms:
        for alias in term.aliases:
            other = names.get(alias)
            if other is not None and other.id != term.id:
                yield diagnostic(
                    Code.TERM_ALIAS_CLASH,
                    term.location,
                    f"alias '{alias}' of '{term.term}' is itself a defined term",
                    f"remove the alias or rename the term defined at {other.location}",
                )
    owners: dict[str, Term] = {}
    for term in terms:
        for alias in term.aliases:
            owner = owners.setdefault(alias, term)
            if owner.id != term.id:
                yield diagnostic(
                    Code.TERM_ALIAS_CLASH,
                    term.location,
                    f"alias '{alias}' of '{term.term}' is also an alias of '{owner.term}'",
                )


def _unknown_versions(corpus: Corpus) -> Iterator[Diagnostic]:
    known = set(_version_keys(corpus)) | {s.slug for s in corpus.standards}
    for term in corpus.terms:
        for index, key in enumerate(term.versions):
            if key not in known:
                where = term.versions_locations[index] if term.versions_locations else None
                yield diagnostic(
                    Code.TERM_VERSION_UNKNOWN,
                    where or term.location,
                    f"term '{term.term}' names unknown version or standard '{key}'",
                    did_you_mean(key, known),
                )


def used_term_ids(corpus: Corpus) -> frozenset[str]:
    """Ids of terms used in standards and guidance (every scope links its first use)."""
    return text_pieces(corpus).used_terms
