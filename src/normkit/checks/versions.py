"""Version metadata: dates in order, a `supersedes` lineage without unknown names or cycles,
`replaces` naming criteria of the superseded version."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator, Mapping

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.corpus import Corpus
from normkit.model.standard import Standard, Version, VersionStatus


def check_versions(corpus: Corpus) -> Iterator[Diagnostic]:
    for standard in corpus.standards:
        names = [v.name for v in standard.versions]
        cycles = supersedes_cycles({v.name: v.supersedes for v in standard.versions})
        for version in standard.versions:
            yield from _dates(version)
            if version.supersedes is None:
                if (
                    version.status is VersionStatus.SUPERSEDED
                    and version.superseded_by is None
                    and all(v.lineage_known for v in standard.versions)
                ):
                    yield diagnostic(
                        Code.VERSION_STATUS_INCONSISTENT,
                        version.located("status"),
                        f"{version.key} is marked superseded but no version supersedes it",
                    )
                continue
            predecessor = standard.version(version.supersedes)
            if predecessor is None:
                yield diagnostic(
                    Code.VERSION_SUPERSEDES_UNKNOWN,
                    version.located("supersedes"),
                    f"{version.key} supersedes '{version.supersedes}', which is not a "
                    f"version of {standard.slug}",
                    did_you_mean(version.supersedes, [n for n in names if n != version.name]),
                )
                continue
            if version.name in cycles:
                if cycles[version.name][0] == version.name:
                    yield _cycle(version, cycles[version.name])
                continue
            yield from _after_predecessor(version, predecessor)
            if (
                version.status is VersionStatus.PUBLISHED
                and predecessor.status is VersionStatus.PUBLISHED
            ):
                yield diagnostic(
                    Code.VERSION_STATUS_INCONSISTENT,
                    predecessor.located("status"),
                    f"{predecessor.key} is still 'published' although {version.key} supersedes it",
                    "set its status to superseded",
                )


def supersedes_cycles(supersedes: Mapping[str, str | None]) -> dict[str, tuple[str, ...]]:
    """Each name in a `supersedes` cycle → the cycle, starting at its least name (so each
    cycle is reported once, where it starts)."""
    cycles: dict[str, tuple[str, ...]] = {}
    for start in supersedes:
        path: list[str] = []
        current: str | None = start
        while current is not None and current in supersedes and current not in path:
            if current in cycles:
                break
            path.append(current)
            current = supersedes[current]
        if current is not None and current in path:
            loop = path[path.index(current) :]
            first = loop.index(min(loop))
            ordered = (*loop[first:], *loop[:first])
            cycles.update(dict.fromkeys(ordered, ordered))
    return cycles


def describe_cycle(key: str, cycle: tuple[str, ...]) -> str:
    """`demo@v1: the supersedes chain is a cycle (v1 supersedes v2, v2 supersedes v1)`."""
    if len(cycle) == 1:
        return f"{key} supersedes itself"
    links = itertools.pairwise((*cycle, cycle[0]))
    chain = ", ".join(f"{name} supersedes {older}" for name, older in links)
    return f"{key}: the supersedes chain is a cycle ({chain})"


def _cycle(version: Version, cycle: tuple[str, ...]) -> Diagnostic:
    return diagnostic(
        Code.VERSION_SUPERSEDES_CYCLE,
        version.located("supersedes"),
        describe_cycle(version.key, cycle),
        "each version supersedes an older one; remove `supersedes` from the oldest",
    )


def _after_predecessor(version: Version, predecessor: Version) -> Iterator[Diagnostic]:
    """A version cannot be published before the version it supersedes."""
    if version.published and predecessor.published and version.published < predecessor.published:
        yield diagnostic(
            Code.VERSION_DATES_ORDER,
            version.located("published"),
            f"{version.key} is published ({version.published}) before {predecessor.key}, "
            f"which it supersedes ({predecessor.published})",
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
