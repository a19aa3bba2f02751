"""What the builds of versions and guidance editions and the read need of the render
helper (`render_ahead.py`): how an item is rendered (`Renderer`), and whether a helper pays
and is safe. The helper's module is imported only where one is forked (a cold read of
`MIN_READ` items, a cold build of `MIN_CRITERIA`): a smaller project does not pay for
importing it (`tests/spine/test_imports.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from normkit.assemble.outline import DraftNode
from normkit.assemble.resolution import VersionResolver
from normkit.assemble.reuse import current_renders
from normkit.forking import fork_is_safe
from normkit.model.standard import Part
from normkit.model.text import Text
from normkit.sources.context import Rendered

if TYPE_CHECKING:
    from normkit.assemble.render_ahead import RendersAhead

Rendering = tuple[Text, Rendered, list[Part]]
"""What `texts.render_criterion` returns."""
Item = tuple[DraftNode, str, str]
"""A criterion to render: its node, number and id (a guidance entry: its node)."""
Made = TypeVar("Made")


@dataclass(frozen=True, slots=True)
class Renderer(Generic[Made]):
    """How one kind of item is rendered, on the helper as in the build."""

    render: Callable[[Item, VersionResolver], Made]
    rendereds: Callable[[Made], list[Rendered]]
    """The `Rendered` in a rendering, whose sets of terms are sent as lists
    (`_terms_in_order`)."""
    is_made: Callable[[object], bool]
    """Whether something loaded has the shape of a rendering."""


def _render_criterion(item: Item, resolver: VersionResolver) -> Rendering:
    from normkit.assemble.texts import render_criterion

    return render_criterion(item[0], resolver, item[1], item[2])


def _is_rendering(found: object) -> bool:
    return (
        type(found) is tuple
        and len(found) == 3
        and type(found[0]) is Text
        and type(found[1]) is Rendered
        and type(found[2]) is list
        and all(type(part) is Part for part in found[2])
    )


CRITERIA: Renderer[Rendering] = Renderer(
    render=_render_criterion, rendereds=lambda made: [made[1]], is_made=_is_rendering
)
"""A version's criteria (`texts.render_criterion`)."""

MIN_CRITERIA = 200
"""Criteria below which the build renders every one itself (forking, loading what the helper
sends and reaping it cost more than rendering a few)."""
MIN_READ = 400
"""Criteria and entries of a cold read below which it forks no helper for all its builds
(each build of `MIN_CRITERIA` forks its own). At 300 criteria in two versions, such a helper
saved the main process 2–9 ms of CPU and cost the helper 20–30 ms; at 595 in twelve
versions and editions (the demo), it saved 120 ms, for 13 ms more in all."""

_JOBS: ContextVar[int] = ContextVar("normkit_render_jobs", default=1)
_READ: ContextVar[RendersAhead | None] = ContextVar("normkit_read_ahead", default=None)


@contextmanager
def rendering_ahead(jobs: int) -> Iterator[None]:
    """Within: version builds may render on a helper where `jobs` > 1 (a command's read)."""
    token = _JOBS.set(jobs)
    try:
        yield
    finally:
        _JOBS.reset(token)


def may_render_ahead() -> bool:
    """Whether builds may render on a helper now (`rendering_ahead`, `fork_is_safe`)."""
    return _JOBS.get() > 1 and fork_is_safe()


Build = tuple[list[Item], VersionResolver, "Renderer[Any]"]
"""A build's items in the order it renders them, a resolver for them, and their renderer."""


@contextmanager
def read_rendered_ahead(builds: list[Build]) -> Iterator[None]:
    """Within: every build of `builds` (the read's versions and editions, in the order it
    builds them, each cold) takes its renderings from one helper, forked now, which renders
    each build's items (each stretch of a large build's) from its last backward until it
    meets the build, then the next one's; where that pays and is safe. One helper for the
    read, rather than one per build: none is forked again and again, and the second core is
    not idle at the end of each build, after the helper met it."""
    ahead = None
    if sum(len(items) for items, _, _ in builds) >= MIN_READ and may_render_ahead():
        from normkit.assemble.render_ahead import RendersAhead

        ahead = RendersAhead.start_read(builds)
    token = _READ.set(ahead)
    try:
        yield
    finally:
        _READ.reset(token)
        if ahead is not None:
            ahead.stop(read=True)


def renders_ahead(
    items: Callable[[], list[Item]], resolver: VersionResolver, renderer: Renderer[Any]
) -> RendersAhead | None:
    """The read's helper (`read_rendered_ahead`), or else a helper rendering `items()` from
    the last, where that pays and is safe; else None. The items are listed only for a helper
    of the build's own: the read's has them (listing a version's criteria walks its outline,
    ~2.7 M instructions per 500 criteria)."""
    read = _READ.get()
    if read is not None:
        return read
    renders = current_renders()
    if (renders is not None and renders.previous) or not may_render_ahead():
        return None  # (not cold: most are reused)
    found = items()
    if len(found) < MIN_CRITERIA:
        return None
    from normkit.assemble.render_ahead import RendersAhead

    return RendersAhead.start(found, resolver, renderer)
