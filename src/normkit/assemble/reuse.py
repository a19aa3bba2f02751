"""Versions and guidance editions kept between the reads of one `normkit serve` session.

Rendering Markdown is most of reading a project, and an edit usually touches one version.
A version (or edition) is built again only when something it is built from changed:
- its own files and `standard.yml` (the digests in the drafts' `sources`), its numbering
  and the version that supersedes it;
- what its references, terms and links resolve against: every criterion a reference can
  name (numbers, titles, parts, withdrawals, in every version), the newest published
  version of each standard, the terms that apply to it;
- the answers about the project's files that its links and images got, asked again
  before the kept one is used (a file added, removed or replaced by a folder changes them).
Nothing else reaches `build_version` or `build_edition`, so a kept one is what a fresh
read would build; the model is immutable, so sharing it between reads is safe.

When a version must be built again but what its references and terms resolve against did
not change (the usual edit: a criterion's text), each criterion's rendering is reused
from its last build if its chapter is byte-identical (`Renders`): rendering is a function
of the chapter's parse, the criterion's place in it, its number and id, and the resolver,
whose answers are the context's (compared) and the files' (asked again). An edit then
renders the edited chapter's criteria, not the whole version's.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from normkit.assemble.links import ProjectFiles
from normkit.diagnostics import Diagnostic
from normkit.model.location import Location
from normkit.model.text import LinkTarget

Built = TypeVar("Built")
FileAnswer = tuple[str, Location, bool, tuple[LinkTarget, list[Diagnostic]]]


@dataclass(frozen=True, slots=True)
class AskedFiles(ProjectFiles):
    """The project's files, remembering every question a build asked about them."""

    asked: list[FileAnswer] = field(default_factory=list)

    def link(
        self, destination: str, location: Location, *, image: bool
    ) -> tuple[LinkTarget, list[Diagnostic]]:
        answer = ProjectFiles.link(self, destination, location, image=image)
        self.asked.append((destination, location, image, answer))
        return answer


@dataclass(slots=True)
class Kept(Generic[Built]):
    """Something built, kept with what it was built from, for a later build to reuse."""

    key: Hashable
    """The sources and settings it was built from."""
    context: object
    """What its references and terms resolved against (compared with ==)."""
    asked: list[FileAnswer]
    built: Built
    diagnostics: list[Diagnostic]
    renders: dict[Hashable, Rendering] = field(default_factory=dict)
    """Each criterion's rendering in this build, by what it was rendered from
    (`Renders`)."""


Rendering = tuple[object, list[FileAnswer]]
"""What rendering one criterion returned, and the questions about files it asked."""


@dataclass(slots=True)
class Renders:
    """The criteria renderings of one build of a version: reused from `previous` (the last
    build's, under the same context) when their key and the answers about files they got
    are the same; what this build rendered or reused is in `made`."""

    previous: dict[Hashable, Rendering]
    files: AskedFiles
    made: dict[Hashable, Rendering] = field(default_factory=dict)
    reused: int = 0
    """Renderings taken from `previous`, for tests and logs."""
    places: dict[int, Any] = field(default_factory=dict)
    """What its users compute once per document of this build (by `id`, with the document
    held so that the `id` stays its own)."""

    def render(self, key: Hashable, make: Callable[[], object]) -> object:
        """`make()`, or what it returned for `key` last time."""
        found = self.previous.get(key)
        # Asked again through `files`, the answers count as this build's questions too.
        if found is not None and all(_same_answer(self.files, asked) for asked in found[1]):
            self.made[key] = found
            self.reused += 1
            return found[0]
        start = len(self.files.asked)
        made = make()
        self.made[key] = (made, self.files.asked[start:])
        return made


_RENDERS: ContextVar[Renders | None] = ContextVar("normkit_renders", default=None)


def current_renders() -> Renders | None:
    """The renderings of the version being built through an `AssemblyCache`, if any."""
    return _RENDERS.get()


@dataclass(slots=True)
class AssemblyCache:
    """Built versions and editions by name, with what each was built from."""

    kept: dict[str, Kept[object]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    reused: set[str] = field(default_factory=set)
    """Names reused by the last read, for tests and logs."""
    renders_reused: int = 0
    """Criteria renderings the last read reused in versions built again (`Renders`)."""

    def build(
        self,
        name: str,
        key: Hashable,
        context: object,
        files: ProjectFiles,
        build: Callable[[ProjectFiles], tuple[Built, list[Diagnostic]]],
    ) -> tuple[Built, list[Diagnostic]]:
        """`build(files)`, or what it returned last time when nothing it reads changed."""
        self.used.add(name)
        found = self.kept.get(name)
        same_context = found is not None and found.context == context
        if (
            found is not None
            and same_context
            and found.key == key
            and all(_same_answer(files, asked) for asked in found.asked)
        ):
            self.reused.add(name)
            return found.built, list(found.diagnostics)  # type: ignore[return-value]
        asking = AskedFiles(files.root)
        renders = Renders(found.renders if found is not None and same_context else {}, asking)
        token = _RENDERS.set(renders)
        try:
            built, diagnostics = build(asking)
        finally:
            _RENDERS.reset(token)
        self.renders_reused += renders.reused
        self.kept[name] = Kept(key, context, asking.asked, built, list(diagnostics), renders.made)
        return built, diagnostics

    def may_reuse(self, name: str) -> bool:
        """Whether building `name` may reuse an earlier build of it, or its renderings."""
        return name in self.kept

    def built_from(self, name: str) -> object | None:
        """What this read built `name` from, or reused it for: its sources, what its
        references and terms resolved against and the answers about files it got. Builds
        are deterministic, so two builds of `name` from equal ones are equal: what is made
        from the built one (its translations) can be kept under it. None when this read did
        not build `name` through the cache."""
        kept = self.kept.get(name) if name in self.used else None
        return None if kept is None else (kept.key, kept.context, tuple(kept.asked))

    def forget_unused(self) -> None:
        self.kept = {name: kept for name, kept in self.kept.items() if name in self.used}
        self.used = set()


def _same_answer(files: ProjectFiles, asked: FileAnswer) -> bool:
    destination, location, image, answer = asked
    return files.link(destination, location, image=image) == answer


_CACHE: ContextVar[AssemblyCache | None] = ContextVar("normkit_assembly_cache", default=None)


def current_cache() -> AssemblyCache | None:
    return _CACHE.get()


@contextmanager
def assemblies_kept(cache: AssemblyCache) -> Iterator[AssemblyCache]:
    """Within: versions and editions are built through `cache`; afterwards it forgets the
    ones the read did not build (removed from the project)."""
    token = _CACHE.set(cache)
    cache.reused = set()
    cache.renders_reused = 0
    try:
        yield cache
    finally:
        _CACHE.reset(token)
        cache.forget_unused()
