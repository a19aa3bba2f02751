"""Which lines of a consultation draft's PDF each criterion, part and section spans.

The numbers are the ones printed in the PDF's margin: typst lays the document out exactly as
for the PDF, and reports where each line number lands (`<nk-line>` in `house.typ`) and where
each criterion and section starts and ends (markers in `documents.py`), each part starts
(its anchor) and each list ends (`<nk-list-end>`). A line belongs to what encloses its
position on the page.
"""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import typst

from normkit.environment import EnvironmentFailure, first_line
from normkit.model.consultation import DRAFT_TARGET_ID, SECTION_PREFIX, LineMap, LineRange
from normkit.model.corpus import Corpus
from normkit.model.standard import Version, VersionStatus
from normkit.outputs.pdf.documents import version_job
from normkit.outputs.pdf.engine import compiler_for, job_hash, render, typst_source
from normkit.outputs.pdf.source import PrintJob
from normkit.outputs.render_cache import RenderCache
from normkit.sources.issued_lines import issued_lines_path, read_issued_lines

Position = tuple[int, float]
"""(page, y in points from the top): document order."""

_QUERY = """{
  let at(it) = (it.location().page(), it.location().position().y.pt())
  let labelled(it) = it.value == "anchor" and it.has("label")
  (
    lines: query(<nk-line>).map(it => (n: it.value, page: at(it).at(0), y: at(it).at(1))),
    starts: query(<nk-start>).map(it => (it.value, ..at(it))),
    ends: query(<nk-end>).map(it => (it.value, ..at(it))),
    body-end: query(<nk-body-end>).map(at),
    list-ends: query(<nk-list-end>).map(at),
    lists: query(enum).map(at),
    parts: query(metadata).filter(labelled).map(it => (str(it.label), ..at(it))),
  )
}"""
CACHE_FOLDER = "lines"
FORMAT_REVISION = "1"
"""Bump when the computation below changes, to invalidate cached line maps."""
_LAID_OUT: dict[str, LineMap] = {}
"""Line maps this process laid out or loaded, by digest: `normkit serve` checks the sources
again after every edit, usually without a build folder to cache them in, and a draft's
layout (~0.8 s for the demo's) would otherwise be redone for each edit."""
_LAID_OUT_KEPT = 16
"""At most this many (a session edits a few drafts; each map is a few kilobytes)."""


def version_line_map(
    corpus: Corpus,
    version: Version,
    root: Path,
    cache: Path | None,
    ahead: Callable[[str], dict[str, Any] | None] = lambda digest: None,
    printed: RenderCache | None = None,
    job: tuple[PrintJob, str] | None = None,
) -> LineMap:
    """The lines of a version's PDF as a consultation draft (as the PDF output builds it), from
    `cache` when this exact document was laid out before, else from `ahead` (the positions of
    the document with that digest, laid out while the project was read: `layout_ahead.py`)
    or laid out now (and printed into `printed`, the PDF output's cache, if it is given and
    the PDF output prints this document: `printed_with`).

    A draft whose round is over may have moved on (superseded, published): it is laid out as
    it was while out for consultation, with its line numbers, which the comments cite.
    The register's line map of the draft as issued (`sources/issued_lines.py`) is used when
    it is of this very document, before the cache. `job`: the draft's `draft_job`, when the
    caller made it already.
    """
    document, digest = job if job is not None else draft_job(corpus, version, root)
    if digest in _LAID_OUT:
        return LineMap(dict(_LAID_OUT[digest].ranges))
    found = issued_line_map(root, version, digest) or stored_line_map(digest, cache)
    if found is None:
        positions = ahead(digest)
        if positions is None:
            positions = layout_positions(document, printed_with(version, printed))
        found = line_map(version, positions)
        if cache is not None:
            _store(_cached(cache, digest), {k: asdict(v) for k, v in found.ranges.items()})
    if len(_LAID_OUT) >= _LAID_OUT_KEPT:
        del _LAID_OUT[next(iter(_LAID_OUT))]  # the oldest
    _LAID_OUT[digest] = LineMap(dict(found.ranges))
    return found


def draft_job(corpus: Corpus, version: Version, root: Path) -> tuple[PrintJob, str]:
    """The document a version is laid out as for its line numbers, and its digest."""
    standard = corpus.standard(version.standard)
    assert standard is not None
    consulted = replace(version, status=VersionStatus.CONSULTATION)
    job = version_job(corpus, standard, consulted, str(root.resolve()))
    return job, f"{FORMAT_REVISION}-{job_hash(job)}"


def is_known(digest: str, cache: Path | None, root: Path, version: Version) -> bool:
    """Whether the line map of `version`'s document, with `digest`, is at hand without a
    layout."""
    if digest in _LAID_OUT or (cache is not None and _cached(cache, digest).is_file()):
        return True
    return issued_line_map(root, version, digest) is not None


def issued_line_map(root: Path, version: Version, digest: str) -> LineMap | None:
    """The line map the version's consultation register keeps, if it is of this document."""
    return read_issued_lines(issued_lines_path(root, version.standard, version.name), digest)


def _cached(cache: Path, digest: str) -> Path:
    return cache / CACHE_FOLDER / f"{digest}.json"


def stored_line_map(digest: str, cache: Path | None) -> LineMap | None:
    """The line map stored in `cache` for the document with `digest`, if any (a damaged
    entry is none: the document is laid out again)."""
    if cache is None:
        return None
    try:
        data = json.loads(_cached(cache, digest).read_text(encoding="utf-8"))
        return LineMap({key: LineRange(**value) for key, value in data.items()})
    except (OSError, ValueError, TypeError):
        return None


def _store(path: Path, data: dict[str, Any]) -> None:
    """Write a cache entry atomically; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass


def printed_with(version: Version, printed: RenderCache | None) -> RenderCache | None:
    """`printed` for a draft out for consultation now, whose PDF is the very document laid
    out for its line numbers; None for one whose round is over (it prints as it is now)."""
    return printed if version.status is VersionStatus.CONSULTATION else None


def layout_positions(job: PrintJob, printed: RenderCache | None = None) -> dict[str, Any]:
    """Where typst places line numbers and markers in the document `job` renders.

    With `printed` (the PDF output's cache, when the build writes PDFs), the document is
    also compiled to its PDF and stored there under its digest, as the PDF output would
    store it: the same compiler reuses the layout it has just made (~0.08 s of CPU for the
    demo's draft instead of ~0.8 s for a layout of its own), and the PDF output finds the
    document in its cache instead of laying the draft out a second time. A failure there is
    left to the PDF output, which renders the document again and reports it."""
    source = typst_source(job).encode()
    try:
        compiler = compiler_for(job, source)
        raw = compiler.eval(_QUERY, format="json")
    except typst.TypstError as error:
        raise EnvironmentFailure(
            f"typst failed laying out {job.name}: {first_line(error.message)}",
            "run with --debug for typst's message and report it: normkit generated the input",
            f"{error.message}\n{error.diagnostic}",
        ) from error
    if printed is not None:
        with suppress(EnvironmentFailure):  # the PDF output renders it again, and says why
            printed.put(job_hash(job), ".pdf", render(job, compiler))
    data: dict[str, Any] = json.loads(raw)
    return data


def line_map(version: Version, positions: dict[str, Any]) -> LineMap:
    """Ranges of every criterion, part and section of `version` from typst's positions."""
    numbered = sorted({(int(m["page"]), float(m["y"]), int(m["n"])) for m in positions["lines"]})
    spans = _Spans(numbered)
    starts = {str(key): (int(page), float(y)) for key, page, y in positions["starts"]}
    ends = {str(key): (int(page), float(y)) for key, page, y in positions["ends"]}
    ends_of_body = [(int(page), float(y)) for page, y in positions["body-end"]]
    body_end: Position = ends_of_body[0] if ends_of_body else (10**9, 0.0)
    parts = {str(label): (int(page), float(y)) for label, page, y in positions["parts"]}
    list_starts = sorted((int(p), float(y)) for p, y in positions["lists"])
    list_ends = sorted((int(p), float(y)) for p, y in positions["list-ends"])
    ranges: dict[str, LineRange] = {}
    whole = spans.between((0, 0.0), (10**9, 0.0))
    if whole is not None:
        ranges[DRAFT_TARGET_ID] = whole
    sections = list(version.all_sections())
    order = sorted(
        (starts[f"{SECTION_PREFIX}{s.key}"], s.level, s.key)
        for s in sections
        if f"{SECTION_PREFIX}{s.key}" in starts
    )
    for index, (start, level, key) in enumerate(order):
        end = next((later for later, lv, _ in order[index + 1 :] if lv <= level), body_end)
        _put(ranges, f"{SECTION_PREFIX}{key}", spans.between(start, end))
    for criterion in version.criteria():
        opened, closed = starts.get(criterion.id), ends.get(criterion.id)
        if opened is None or closed is None:
            continue
        start, end = opened, closed
        _put(ranges, criterion.id, spans.between(start, end))
        anchors = [
            (parts[f"{criterion.id}.{part.label}"], part.label)
            for part in criterion.parts
            if f"{criterion.id}.{part.label}" in parts
        ]
        for index, (anchor, label) in enumerate(anchors):
            if index + 1 < len(anchors):
                part_end = anchors[index + 1][0]
            else:
                part_end = _list_end(anchor, end, list_starts, list_ends)
            _put(ranges, f"{criterion.id}.{label}", spans.between(anchor, part_end))
    return LineMap(ranges)


def _put(ranges: dict[str, LineRange], key: str, found: LineRange | None) -> None:
    if found is not None:
        ranges[key] = found


def _list_end(
    anchor: Position, limit: Position, starts: list[Position], ends: list[Position]
) -> Position:
    """Where the list holding the part at `anchor` ends: lists nested in the part start and
    end before it does. `limit` (the criterion's end) when no end is found."""
    events = sorted(
        [(p, 1) for p in starts if anchor < p < limit]
        + [(p, -1) for p in ends if anchor < p < limit]
    )
    depth = 1
    for position, step in events:
        depth += step
        if depth == 0:
            return position
    return limit


class _Spans:
    """Line numbers in document order, and the range of those between two positions."""

    def __init__(self, numbered: list[tuple[int, float, int]]) -> None:
        self.positions = [(page, y) for page, y, _ in numbered]
        self.numbers = [n for _, _, n in numbered]

    def between(self, start: Position, end: Position) -> LineRange | None:
        first = bisect.bisect_left(self.positions, start)
        last = bisect.bisect_left(self.positions, end) - 1
        if last < first:
            return None
        numbers = self.numbers[first : last + 1]
        return LineRange(
            first_line=min(numbers),
            last_line=max(numbers),
            first_page=self.positions[first][0],
            last_page=self.positions[last][0],
        )
