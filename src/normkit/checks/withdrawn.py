"""Withdrawn criteria: their `withdrawn_to` targets (criteria, parts, `section:<key>`) exist
and are in force."""

from __future__ import annotations

from collections.abc import Iterator

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.corpus import Corpus
from normkit.model.standard import Criterion, Version


def check_withdrawn(corpus: Corpus) -> Iterator[Diagnostic]:
    for version in corpus.versions():
        for criterion in version.criteria():
            if criterion.is_withdrawn:
                yield from _targets(version, criterion)


def _targets(version: Version, criterion: Criterion) -> Iterator[Diagnostic]:
    for section in criterion.withdrawn_to_sections:
        if version.section(section.key) is None:
            keys = [f"section:{s.key}" for s in version.all_sections()]
            yield diagnostic(
                Code.WITHDRAWN_TARGET_UNKNOWN,
                section.location,
                f"criterion '{criterion.id}' is withdrawn to '{section.written}', but "
                f"{version.key} has no section '{section.key}'",
                did_you_mean(section.written, keys)
                or "a section's key is its number and title as a slug: " + ", ".join(keys[:5]),
            )
    for target in criterion.withdrawn_to:
        found = version.resolve(target)
        if target.criterion_id == criterion.id:
            yield diagnostic(
                Code.WITHDRAWN_TARGET_UNKNOWN,
                target.location,
                f"criterion '{criterion.id}' is withdrawn to itself",
                "name the criteria its requirement went to",
            )
        elif found is None and (whole := version.criterion(target.criterion_id)) is not None:
            letters = ", ".join(p.label for p in whole.parts) or "none"
            yield diagnostic(
                Code.WITHDRAWN_TARGET_UNKNOWN,
                target.location,
                f"criterion '{criterion.id}' is withdrawn to '{target.key}', but "
                f"{whole.number or whole.id} has no part {target.part}",
                f"its parts: {letters}",
            )
        elif found is None:
            ids = [c.id for c in version.criteria() if c.id != criterion.id]
            yield diagnostic(
                Code.WITHDRAWN_TARGET_UNKNOWN,
                target.location,
                f"criterion '{criterion.id}' is withdrawn to '{target.key}', which is not a "
                f"criterion or part of {version.key}",
                did_you_mean(target.criterion_id, ids),
            )
        elif found[0].is_withdrawn:
            yield diagnostic(
                Code.REFERENCE_WITHDRAWN,
                target.location,
                f"criterion '{criterion.id}' is withdrawn to '{target.key}', which is "
                "withdrawn too",
                "name where the requirement is now",
            )
