"""Consistency checks: pure functions from the model to diagnostics, one module per family."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from normkit.checks import (
    criteria,
    glossary,
    guidance,
    intended,
    links,
    numbering,
    versions,
    withdrawn,
)
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
    intended.check_intended_changes,
    links.check_links,
)
"""Every check, in the order their diagnostics are produced."""


def run_checks(corpus: Corpus) -> list[Diagnostic]:
    return [found for check in CHECKS for found in check(corpus)]
