"""Version metadata: dates in order, `supersedes` and `replaces` naming earlier versions."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.corpus import Corpus
from normkit.model.standard import Standard, Version, VersionStatus


def check_versions(corpus: Corpus) -> Iterator[Diagnostic]:
    for standard in corpus.standards:
        names = [v.name for v in standard.versions]
        for position, version in enumerate(standard.versions):
            yield from _dates(version)
            if version.supersedes is None:
                if version.status is VersionStatus.SUPERSEDED and version.superseded_by is None:
                    yield diagnostic(
                        Code.VERSION_STATUS_INCONSISTENT,
                        version.located("status"),
                        f"{version.key} is marked superseded but no version supersedes it",
                    )
                continue
            earlier = names[:position]
            if version.supersedes not in earlier:
                yield diagnostic(
                    Code.VERSION_SUPERSEDES_UNKNOWN,
                    version.located("supersedes"),
                    f"{version.key} supersedes '{version.supersedes}', which is not an earlier "
                    f"version of {standard.slug}",
                    did_you_mean(version.supersedes, earlier),
                )
                continue
            predecessor = standard.version(version.supersedes)
            if (
                predecessor is not None
                and version.status is VersionStatus.PUBLISHED
                and predecessor.status is VersionStatus.PUBLISHED
            ):
                yield diagnostic(
                    Code.VERSION_STATUS_INCONSISTENT,
                    predecessor.located("status"),
                    f"{predecessor.key} is still 'published' although {version.key} supersedes it",
                    "set its status to superseded",
                )


def _dates(version: Version) -> Iterator[Diagnostic]:
    ordered: list[tuple[str, datetime.date | None]] = [
        ("published", version.published),
        ("effective", version.effective),
        ("transition_end", version.transition_end),
    ]
    known = [(name, date) for name, date in ordered if date is not None]
    for (first, first_date), (second, second_date) in itertools.pairwise(known):
        assert first_date is not None and second_date is not None
        if second_date < first_date:
            yield diagnostic(
                Code.VERSION_DATES_ORDER,
                version.located(second),
                f"{version.key}: {second} ({second_date}) is before {first} ({first_date})",
            )


def check_replaces(corpus: Corpus) -> Iterator[Diagnostic]:
    for standard in corpus.standards:
        for version in standard.versions:
            yield from _replaces(standard, version)


def _replaces(standard: Standard, version: Version) -> Iterator[Diagnostic]:
    predecessor = standard.version(version.supersedes) if version.supersedes else None
    if version.supersedes and predecessor is None:
        return  # the unknown `supersedes` is the one error; its `replaces` cannot be checked
    earlier_ids = {c.id for c in predecessor.criteria()} if predecessor else set()
    for criterion in version.criteria():
        for index, old_id in enumerate(criterion.replaces):
            where = (
                criterion.replaces_locations[index]
                if index < len(criterion.replaces_locations)
                else criterion.location
            )
            if predecessor is None:
                yield diagnostic(
                    Code.REPLACES_UNKNOWN,
                    where,
                    f"criterion '{criterion.id}' replaces '{old_id}', but {version.key} "
                    "supersedes no version",
                )
            elif old_id not in earlier_ids:
                yield diagnostic(
                    Code.REPLACES_UNKNOWN,
                    where,
                    f"criterion '{criterion.id}' replaces '{old_id}', which is not in "
                    f"{predecessor.key}",
                    did_you_mean(old_id, earlier_ids),
                )
