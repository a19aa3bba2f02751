"""Heading chunks of one document set → a draft tree of sections and leaf entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from normkit.assemble.slugs import slugify
from normkit.model.numbering import DEFAULT_NUMBERING, Numbering
from normkit.sources.documents import SECTION_KIND, Chunk, MetaBlock, ParsedDocument

__all__ = ["DraftNode", "build_outline", "slugify", "split_number"]


def split_number(heading: str, numbering: Numbering = DEFAULT_NUMBERING) -> tuple[str, str]:
    """`"5.3 Greenhouse gas targets"` → `("5.3", "Greenhouse gas targets")`, with the
    standard's numbering; `"1.1"` → `("1.1", "")`."""
    return numbering.split(heading)


@dataclass(slots=True)
class DraftNode:
    """A heading with its content, before rendering."""

    chunk: Chunk
    """The heading chunk."""
    document: ParsedDocument
    """The document it is in."""
    extra: list[Chunk] = field(default_factory=list)
    """Deeper headings without a metadata block, absorbed into a leaf's content."""
    children: list[DraftNode] = field(default_factory=list)
    """Sub-sections, leaves and notes, in source order (sections only)."""
    closes: DraftNode | None = None
    """For a note: the leaf its end marker closed (None: the marker closed nothing)."""

    @property
    def kind(self) -> str:
        """`section`, `note` (text after an end marker), or the metadata block's kind
        (`criterion`, `guidance`, `term`)."""
        if self.chunk.end_marker:
            return "note"
        return self.chunk.meta.kind if self.chunk.meta else "section"

    @property
    def is_leaf(self) -> bool:
        """A criterion, guidance entry or term (a `section` block keeps a heading a section)."""
        return self.chunk.meta is not None and self.chunk.meta.kind != SECTION_KIND

    @property
    def section_meta(self) -> MetaBlock | None:
        """The `section` block under a structural heading, if any."""
        meta = self.chunk.meta
        return meta if meta is not None and meta.kind == SECTION_KIND else None

    @property
    def is_note(self) -> bool:
        return self.chunk.end_marker

    @property
    def is_section(self) -> bool:
        return not self.is_leaf and not self.is_note

    @property
    def level(self) -> int:
        return self.chunk.level

    def content_tokens(self) -> list[Token]:
        """The leaf's own tokens followed by each absorbed sub-heading and its content."""
        tokens = list(self.chunk.tokens)
        for sub in self.extra:
            tokens.extend(sub.heading_tokens)
            tokens.extend(sub.tokens)
        return tokens

    def part_count(self) -> int:
        """Items of the first top-level ordered list of `content_tokens` (its lettered
        parts), without unpacking shelved or stored tokens (`Chunk.part_count`)."""
        for chunk in (self.chunk, *self.extra):  # (a heading's own tokens hold no list)
            if count := chunk.part_count:
                return count
        return 0

    def shelve(self, pack_new: bool = True) -> None:
        """Its own tokens packed until they are next asked for (`Chunk.shelve`)."""
        self.chunk.shelve(pack_new)
        for chunk in self.extra:
            chunk.shelve(pack_new)

    def content_markdown(self) -> str:
        start = self.chunk.lines[0]
        end = self.extra[-1].lines[1] if self.extra else self.chunk.lines[1]
        return self.document.markdown(start, end)


def build_outline(documents: list[ParsedDocument]) -> list[DraftNode]:
    """Top-level nodes of a set of chapters read in order, as one document."""
    roots: list[DraftNode] = []
    stack: list[DraftNode] = []
    for document in documents:
        for chunk in document.chunks:
            if chunk.end_marker:
                closed = stack.pop() if stack and stack[-1].is_leaf else None
                note = DraftNode(chunk=chunk, document=document, closes=closed)
                (stack[-1].children if stack else roots).append(note)
                continue
            if chunk.level == 0:
                if stack and chunk.tokens:
                    # A new chunk, not the parsed one extended: parsed documents are shared
                    # with later reads (`normkit serve`, stored parses), which would see the
                    # text twice.
                    last = stack[-1]
                    last.chunk = _extended(last.chunk, chunk)
                continue
            top = stack[-1] if stack else None
            if top is not None and top.is_leaf and chunk.meta is None and chunk.level > top.level:
                top.extra.append(chunk)
                continue
            while stack and (stack[-1].level >= chunk.level or stack[-1].is_leaf):
                stack.pop()
            node = DraftNode(chunk=chunk, document=document)
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
    return roots


def _extended(chunk: Chunk, following: Chunk) -> Chunk:
    """`chunk` with the tokens of `following` (text without a heading) after its own."""
    return Chunk(
        chunk.level, chunk.heading, chunk.location, chunk.meta, chunk.heading_tokens,
        [*chunk.tokens, *following.tokens], chunk.lines, chunk.end_marker,
        parts=chunk.part_count or following.part_count,
    )  # fmt: skip


def shelve_outline(nodes: list[DraftNode]) -> None:
    """Every chunk's tokens under `nodes` packed until they are next asked for
    (`Chunk.shelve`): for a read, between reading a version and assembling it."""
    documents: dict[int, ParsedDocument] = {}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        node.chunk.shelve()  # its own when it was extended (`_extended`)
        documents[id(node.document)] = node.document
        stack.extend(node.children)
    for document in documents.values():
        document.shelve()  # the absorbed sub-headings' chunks with the rest
