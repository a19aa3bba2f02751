"""Consistency checks: pure functions from the model to diagnostics, one module per family."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from normkit.checks import (
    consultation,
    criteria,
    crosswalks,
    glossary,
    guidance,
    intended,
    links,
    numbering,
    versions,
    withdrawn,
)
from normkit.checks.text_pieces import walked_once
from normkit.derived import Derived
from normkit.diagnostics import Diagnostic
from normkit.model.corpus import Corpus

Check = Callable[[Corpus], Iterable[Diagnostic]]

CHECKS: tuple[Check, ...] = (
    criteria.check_criteria,
    numbering.check_numbering,
    withdrawn.check_withdrawn,
    versions.check_versions,
    versions.check_replaces,
    glossary.check_glossary,
    guidance.check_guidance,
    links.check_links,
    consultation.check_consultations,
)
"""Every check that reads the model alone, in the order their diagnostics are produced."""

DERIVED_CHECKS: tuple[Callable[[Derived], Iterable[Diagnostic]], ...] = (
    intended.check_intended_changes,
    crosswalks.check_crosswalks,
)
"""Checks that read what the build derives from the model (changesets), after the others."""


def run_checks(corpus: Corpus, derived: Derived | None = None) -> list[Diagnostic]:
    """Every diagnostic of every check; `derived` keeps the changesets computed for the
    outputs of the same build."""
    derived = derived or Derived(corpus)
    with walked_once():  # (the glossary's and the links' checks read the same pieces)
        found = [problem for check in CHECKS for problem in check(corpus)]
    found.extend(problem for check in DERIVED_CHECKS for problem in check(derived))
    return found
