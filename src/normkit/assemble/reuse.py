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
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Generic, TypeVar

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
    key: Hashable
    """The sources and settings it was built from."""
    context: object
    """What its references and terms resolved against (compared with ==)."""
    asked: list[FileAnswer]
    built: Built
    diagnostics: list[Diagnostic]


@dataclass(slots=True)
class AssemblyCache:
    """Built versions and editions by name, with what each was built from."""

    kept: dict[str, Kept[object]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    reused: set[str] = field(default_factory=set)
    """Names reused by the last read, for tests and logs."""

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
        if (
            found is not None
            and found.key == key
            and found.context == context
            and all(_same_answer(files, asked) for asked in found.asked)
        ):
            self.reused.add(name)
            return found.built, list(found.diagnostics)  # type: ignore[return-value]
        asking = AskedFiles(files.root)
        built, diagnostics = build(asking)
        self.kept[name] = Kept(key, context, asking.asked, built, list(diagnostics))
        return built, diagnostics

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
    try:
        yield cache
    finally:
        _CACHE.reset(token)
        cache.forget_unused()
