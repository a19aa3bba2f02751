"""What rendering works with: the targets of references and terms, the resolver that finds
them, the outcome of a render, and the context carried through one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from markdown_it.token import Token

from normkit.diagnostics import Diagnostic
from normkit.model.location import Location
from normkit.model.text import DEFAULT_STYLE, LinkTarget, Piece


@dataclass(frozen=True, slots=True)
class RefTarget:
    """What a cross-reference resolves to."""

    key: str
    """`standard/version/id` or `standard/version/id.part`."""
    anchor: str
    """Anchor in the target's document: `id` or `id.part`."""
    label: str
    """Text shown by default: the display number (`5.3.b`), or the id when unnumbered."""
    title: str
    """Target's title, for the link's tooltip."""


@dataclass(frozen=True, slots=True)
class TermTarget:
    """A defined term as the text refers to it."""

    id: str
    tooltip: str
    """Plain-text definition, shown on hover."""


class Resolver(Protocol):
    """What rendering needs to know about the rest of the corpus and the project's files."""

    def reference(self, target: str) -> RefTarget | None: ...

    def reference_candidates(self, target: str) -> Iterable[str]: ...

    def term(self, name: str) -> TermTarget | None: ...

    def term_names(self) -> Iterable[str]: ...

    def term_pattern(self) -> re.Pattern[str] | None: ...

    def link(
        self, destination: str, location: Location, *, image: bool
    ) -> tuple[LinkTarget, list[Diagnostic]]:
        """Where a Markdown link (or image) leads, with any problem found on the way."""
        ...


@dataclass(slots=True)
class Rendered:
    """The outcome of rendering one run of content."""

    pieces: tuple[Piece, ...]
    plain: str
    references: list[tuple[RefTarget, Location]] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def html(self) -> str:
        return DEFAULT_STYLE.render(self.pieces)


TermMet = tuple[str, bool | None]
"""A defined term met while linking terms: its id, and whether it was linked there (True),
left as text as used earlier (False), or written explicitly (None: it counts as linked)."""


@dataclass(slots=True)
class RenderContext:
    """What rendering one run of content carries from token to token."""

    resolver: Resolver
    path: str
    lines: Sequence[str]
    result: Rendered
    linked_terms: set[str] = field(default_factory=set)
    has_html: bool = False
    unlinked: dict[int, tuple[list[Token], list[TermMet]]] | None = None
    """With lettered parts: each prepared inline's children before terms were linked, and
    the uses of terms linking met in them (by the inline's id), so that a part can tell
    whether it links them alike, and link them afresh where not."""
    uses: list[TermMet] | None = None
    """While an inline run is linked: where to record its uses of terms."""
    items: list[tuple[int, int]] = field(default_factory=list)
    """With lettered parts: each item's content, as [start, end) in the prepared tokens."""
