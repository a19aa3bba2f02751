"""What every output writer is given besides the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from normkit.derived import Derived

Result = TypeVar("Result")


class Tasks(Protocol):
    """Runs a writer's independent documents (one PDF each, say) where the build decides:
    on its worker processes beside the other outputs, reporting each as it finishes."""

    def map(
        self, function: Callable[[Any], Result], items: Sequence[Any], names: Sequence[str]
    ) -> list[Result]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildContext:
    """Paths and settings of one build."""

    project: Path
    """Project root: where `mkdocs.yml` and `themes/` are."""
    out: Path
    """The build being written: each output's folder is `out/<name>`; a writer writes only
    into the folder it is given, and may read the other outputs of this same build there."""
    cache: Path
    """A folder kept between builds for content-hash caches."""
    jobs: int = 1
    """How many processes a writer may use when no `tasks` are given."""
    tasks: Tasks | None = None
    """Where `map` runs documents; None: in this process, or a pool of `jobs` processes."""
    building: tuple[str, ...] = ()
    """The outputs this build writes; the others in `out` were carried from the last build."""
    derived: Derived | None = None
    """What the build derived from the model once (changesets); None: a writer derives it."""
    previous: Path | None = None
    """The visible build this one will replace (left untouched until then), laid out as
    `out`: a writer may hard-link those of its files whose bytes it would write again
    (`outputs/files.py`). None: the first build, or no reuse."""
    save_caches: Callable[[], None] | None = None
    """What the build read, to save for the next (`CheckResult.save_stored`; in a child
    where that pays), for a writer that forks a child of its own to call right after that
    fork (or before writing if it forks none): while a child shares this process's pages,
    each page the process writes is copied, and two forks made in one step share one copy
    of it, where a fork after a moment's work copies again what that work wrote. None: saved
    already, or by the build after its writers."""

    listings: dict[str, str] = field(default_factory=dict)
    """The listing of each output whose writer, in this process, knew its files as it
    wrote them (`unchanged.listing_of`): the build records it rather than list the folder
    once it is written. (A writer in a worker process tells nothing: its folder is listed.)"""

    def previous_of(self, folder: Path) -> Path | None:
        """Where the visible build has `folder` (a folder inside `out`), if there is one."""
        if self.previous is None or not folder.is_relative_to(self.out):
            return None
        return self.previous / folder.relative_to(self.out)

    def map(
        self, function: Callable[[Any], Result], items: Sequence[Any], names: Sequence[str]
    ) -> list[Result]:
        """`function` over `items` (picklable; `names` label them for progress), in order."""
        if self.tasks is not None:
            return self.tasks.map(function, items, names)
        from normkit.parallel import local_map

        return local_map(function, items, self.jobs)
