"""Guidance: editions serving real versions, entries for real criteria, criteria with guidance."""

from __future__ import annotations

from collections.abc import Iterator

from normkit.checks.versions import describe_cycle, supersedes_cycles
from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.corpus import Corpus


def _edition_cycles(corpus: Corpus) -> Iterator[Diagnostic]:
    for standard in sorted({g.standard for g in corpus.guidance}):
        editions = [g for g in corpus.guidance if g.standard == standard]
        cycles = supersedes_cycles({g.name: g.supersedes for g in editions})
        for edition in editions:
            cycle = cycles.get(edition.name)
            if cycle and cycle[0] == edition.name:
                yield diagnostic(
                    Code.VERSION_SUPERSEDES_CYCLE,
                    edition.located("supersedes"),
                    "guidance edition " + describe_cycle(edition.key, cycle),
                    "each edition supersedes an older one; remove `supersedes` from the oldest",
                )


def check_guidance(corpus: Corpus) -> Iterator[Diagnostic]:
    yield from _edition_cycles(corpus)
    # A standard with an edition that serves no known version: whichever version it was
    # meant for is not reported as lacking guidance (one cause, one error).
    misdirected = {
        edition.standard
        for edition in corpus.guidance
        if corpus.version(edition.standard, edition.serves) is None
    }
    for edition in corpus.guidance:
        if not edition.serves:
            continue  # reported as meta.missing-key
        standard = corpus.standard(edition.standard)
        version = standard.version(edition.serves) if standard else None
        if version is None:
            candidates = [v.key for v in corpus.versions()]
            yield diagnostic(
                Code.GUIDANCE_UNKNOWN_VERSION,
                edition.located("serves"),
                f"edition {edition.key} serves '{edition.standard}@{edition.serves}', "
                "which does not exist",
                did_you_mean(f"{edition.standard}@{edition.serves}", candidates),
            )
            continue
        if edition.supersedes and not any(
            g.name == edition.supersedes and g.standard == edition.standard for g in corpus.guidance
        ):
            yield diagnostic(
                Code.GUIDANCE_UNKNOWN_VERSION,
                edition.located("supersedes"),
                f"edition {edition.key} supersedes unknown edition '{edition.supersedes}'",
            )
        ids = {c.id for c in version.criteria()}
        seen: set[str] = set()
        for entry in edition.entries:
            if entry.criterion_id in seen:
                yield diagnostic(
                    Code.GUIDANCE_DUPLICATE,
                    entry.location,
                    f"guidance for '{entry.criterion_id}' is given twice in {edition.key}",
                )
            seen.add(entry.criterion_id)
            if entry.criterion_id not in ids:
                yield diagnostic(
                    Code.GUIDANCE_UNKNOWN_CRITERION,
                    entry.location,
                    f"guidance for '{entry.criterion_id}', which is not a criterion of "
                    f"{version.key}",
                    did_you_mean(entry.criterion_id, ids),
                )
    for version in corpus.versions():
        latest = corpus.guidance_for(version)
        if latest is None and version.standard in misdirected:
            continue
        if latest is None:
            yield diagnostic(
                Code.GUIDANCE_MISSING,
                version.location,
                f"{version.key} has no guidance edition",
                f"add guidance/{version.standard}/<edition>/edition.yml "
                f"with `serves: {version.name}`",
            )
            continue
        covered = {e.criterion_id for e in latest.entries}
        for criterion in version.active_criteria():
            if criterion.id not in covered:
                yield diagnostic(
                    Code.GUIDANCE_MISSING,
                    criterion.location,
                    f"criterion '{criterion.id}' has no guidance in {latest.key}",
                )
