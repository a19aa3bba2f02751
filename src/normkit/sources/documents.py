"""Splitting a parsed Markdown file into headings, their metadata blocks and their content."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location
from normkit.sources.control import reference_diagnostics
from normkit.sources.files import SourceFile, markdown_files, read_source
from normkit.sources.markdown import parser
from normkit.sources.packed_tokens import pack, unpack

META_BLOCK_KINDS = ("criterion", "guidance", "term", "section")
"""Info strings of fenced blocks that carry metadata for the heading above them."""
SECTION_KIND = "section"
"""The metadata block of a structural heading: it stays a section, with field values."""

END_MARKER = re.compile(r"<!--\s*end(?:\s+(?:criterion|guidance|term))?\s*-->\s*", re.IGNORECASE)
"""An HTML comment on its own (`<!-- end -->`, `<!-- end criterion -->`): ends the open
criterion, guidance entry or term, so the text after it belongs to the enclosing section.
A comment is invisible in any other Markdown viewer, where the text reads the same way."""


@dataclass(slots=True)
class MetaBlock:
    """A fenced metadata block (```criterion …```) right under a heading."""

    kind: str
    """Its info string: criterion, guidance, term or section."""
    content: str
    """The YAML inside the fence."""
    first_line: int
    """1-based line of the first YAML line (the line after the opening fence)."""
    location: Location
    """Where the opening fence is."""


class Chunk:
    """A heading and everything up to the next heading of any level.

    Its tokens may be shelved (`shelve`): kept packed (`packed_tokens.py`), at a fifth of
    their size, and unpacked again when next asked for. A read shelves the chapters of the
    versions it is not assembling, so that one version's tokens are alive at a time."""

    __slots__ = (
        "_heading_tokens",
        "_tokens",
        "end_marker",
        "heading",
        "level",
        "lines",
        "location",
        "meta",
        "packed",
        "parts",
    )  # fmt: skip

    level: int
    """Heading level; 0 for the text before the first heading."""
    heading: str
    """Heading text as written (inline Markdown)."""
    location: Location
    """Where the heading is."""
    meta: MetaBlock | None
    """The metadata block immediately after the heading, if any."""
    lines: tuple[int, int]
    """0-based [start, end) source lines of the content."""
    end_marker: bool
    """True for the text after an end marker (level 0, no heading): section text."""
    packed: bytes | None
    """The tokens packed (`packed_tokens.pack`), once they were: as they were parsed."""
    parts: int | None
    """Items of the first top-level ordered list of its content (0 without one), once
    counted (`part_count`): known without its tokens, so that a read counts a criterion's
    parts without unpacking a shelved or stored chunk."""

    def __init__(
        self,
        level: int,
        heading: str,
        location: Location,
        meta: MetaBlock | None,
        heading_tokens: list[Token] | None,
        tokens: list[Token] | None,
        lines: tuple[int, int],
        end_marker: bool = False,
        packed: bytes | None = None,
        parts: int | None = None,
    ) -> None:
        """Without `heading_tokens` and `tokens` (None), the chunk's tokens are `packed`."""
        self.level = level
        self.heading = heading
        self.location = location
        self.meta = meta
        self._heading_tokens = heading_tokens
        self._tokens = tokens
        self.lines = lines
        self.end_marker = end_marker
        self.packed = packed
        self.parts = parts

    @property
    def heading_tokens(self) -> list[Token]:
        """The heading's own three tokens (empty for the text before the first heading)."""
        if self._heading_tokens is None:
            self._unshelve()
        assert self._heading_tokens is not None
        return self._heading_tokens

    @property
    def tokens(self) -> list[Token]:
        """Block tokens of the content (without heading and metadata block)."""
        if self._tokens is None:
            self._unshelve()
        assert self._tokens is not None
        return self._tokens

    @property
    def part_count(self) -> int:
        """Items of the first top-level ordered list of its content (a criterion's lettered
        parts), 0 without one; counted once, when parsed (`parse_document`)."""
        if self.parts is None:
            self.parts = count_parts(self.tokens)
        return self.parts

    def shelve(self, pack_new: bool = True) -> None:
        """Drop the token objects until they are next asked for, keeping them packed (not
        when they cannot be: `packed_tokens.pack`). Nothing may have changed them: they are
        unpacked as they were first packed. Without `pack_new`, tokens never packed are
        kept as they are (a forked child's copy: what it packed would die with it)."""
        if self._tokens is None:
            return
        if self.packed is None:
            if not pack_new:
                return
            self.packed = pack(self.heading_tokens, self.tokens)
            if self.packed is None:
                return
        self._heading_tokens = self._tokens = None

    def _unshelve(self) -> None:
        assert self.packed is not None
        self._heading_tokens, self._tokens = unpack(self.packed)

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.level, self.heading, self.location, self.meta, self.heading_tokens,
            self.tokens, self.lines, self.end_marker,
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if type(other) is not Chunk:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        return (
            f"Chunk(level={self.level!r}, heading={self.heading!r}, "
            f"location={self.location!r}, meta={self.meta!r}, lines={self.lines!r}, "
            f"end_marker={self.end_marker!r}, tokens={len(self.tokens)})"
        )


@dataclass(slots=True)
class ParsedDocument:
    """A Markdown source, parsed once."""

    source: SourceFile
    chunks: list[Chunk]
    env: dict[str, Any] = field(default_factory=dict)
    """markdown-it environment (footnotes) shared by every render of this document."""
    split: list[str] | None = field(default=None, compare=False, repr=False)
    """The source's lines, once split (`lines`); a parse passes the ones it split."""

    @property
    def lines(self) -> list[str]:
        """The source split into lines once (rendering looks lines up for every
        reference). Split when first asked for, not when a stored or sent parse is loaded:
        a read renders only some of the chapters it loads (a render helper renders the
        others, a stored version needs none), and at 10,000 criteria the lines of every
        chapter held ~6.6 MiB more of the read's new memory."""
        if self.split is None:
            self.split = self.source.text.split("\n")
        return self.split

    def markdown(self, start: int, end: int) -> str:
        """Source lines [start, end), with trailing blank lines removed."""
        return "\n".join(self.lines[start:end]).strip("\n")

    def shelve(self) -> None:
        """Every chunk's tokens packed until they are next asked for (`Chunk.shelve`)."""
        for chunk in self.chunks:
            chunk.shelve()


def parse_document(source: SourceFile) -> tuple[ParsedDocument, list[Diagnostic]]:
    """Parse a Markdown source into heading chunks; misplaced metadata blocks are diagnosed."""
    env: dict[str, Any] = {}
    tokens = parser().parse(source.text, env)
    source_lines = source.text.split("\n")
    line_count = source.text.count("\n") + 1
    diagnostics: list[Diagnostic] = []
    chunks: list[Chunk] = []
    content: list[Token] = []  # the tokens of the chunk being filled (`current`'s)
    current = Chunk(
        level=0,
        heading="",
        location=Location(path=source.path, line=1, column=1),
        meta=None,
        heading_tokens=[],
        tokens=content,
        lines=(0, 0),
    )
    index = 0
    # Only these tokens end a chunk or are checked: the runs of tokens between them go to
    # their chunk whole (a loop in Python over every block token of a project cost a tenth
    # of parsing it). Those that a chunk's heading or a footnote block takes are skipped.
    for place in [place for place, token in enumerate(tokens) if token.type in _SPECIAL]:
        if place < index:
            continue
        content += tokens[index:place]
        index = place
        token = tokens[index]
        kind = token.type
        if kind == "footnote_block_open":
            index = _collect_footnotes(tokens, index, env)
            continue
        if kind == "heading_open" and token.level == 0:
            chunks.append(current)
            inline = tokens[index + 1]
            heading_tokens = tokens[index : index + 3]
            start = token.map[0] if token.map else 0
            content_start = token.map[1] if token.map else start + 1
            index += 3
            meta = None
            if index < len(tokens) and _is_meta_fence(tokens[index]):
                meta = _meta_block(tokens[index], source.path)
                fence_map = tokens[index].map
                content_start = fence_map[1] if fence_map else content_start
                index += 1
            content = []
            current = Chunk(
                level=int(token.tag[1]),
                heading=heading_text(inline),
                location=Location(path=source.path, line=start + 1, column=1),
                meta=meta,
                heading_tokens=heading_tokens,
                tokens=content,
                lines=(content_start, content_start),
            )
            continue
        if kind == "html_block" and _is_end_marker(token):
            chunks.append(current)
            start = token.map[0] if token.map else 0
            content_start = token.map[1] if token.map else start + 1
            content = []
            current = Chunk(
                level=0,
                heading="",
                location=Location(path=source.path, line=start + 1, column=1),
                meta=None,
                heading_tokens=[],
                tokens=content,
                lines=(content_start, content_start),
                end_marker=True,
            )
            index += 1
            continue
        if kind != "fence" and kind != "html_block":  # (a heading below the top level)
            content.append(token)
            index += 1
            continue
        if token.level == 0 and (problem := _unclosed(token, source_lines, source.path)):
            diagnostics.append(problem)
        if _is_meta_fence(token) and token.level == 0:
            line = token.map[0] + 1 if token.map else 0
            diagnostics.append(
                diagnostic(
                    Code.CRITERION_BLOCK_MISPLACED,
                    Location(path=source.path, line=line, column=1),
                    f"`{_kind(token)}` block must come right after a heading",
                    "move it directly under the heading it belongs to",
                )
            )
        content.append(token)
        index += 1
    content += tokens[index:]
    chunks.append(current)
    for chunk in chunks:  # (here, where the tokens are at hand: in a parse-ahead worker too)
        chunk.parts = count_parts(chunk.tokens)
    _close_line_ranges(chunks, line_count)
    diagnostics.extend(reference_diagnostics(env, source_lines, source.path))
    return ParsedDocument(source=source, chunks=chunks, env=env, split=source_lines), diagnostics


_SPECIAL = frozenset({"footnote_block_open", "heading_open", "html_block", "fence"})
"""The kinds of block token `parse_document` looks at one by one."""


def count_parts(tokens: Sequence[Token]) -> int:
    """Items of the first top-level ordered list: a criterion's lettered parts."""
    inside = False
    count = 0
    for token in tokens:
        kind = token.type  # (one lookup: this runs for every token of every chapter)
        if kind == "ordered_list_open" and token.level == 0:
            inside = True
        elif kind == "ordered_list_close" and token.level == 0:
            return count
        elif inside and kind == "list_item_open" and token.level == 1:
            count += 1
    return count


FOOTNOTES_KEY = "nk_footnotes"
"""Key in the markdown-it env holding each footnote's tokens by footnote id."""


def _collect_footnotes(tokens: list[Token], index: int, env: dict[str, Any]) -> int:
    """Keep footnote definitions aside: each Text renders the ones it references."""
    footnotes: dict[int, list[Token]] = env.setdefault(FOOTNOTES_KEY, {})
    current: list[Token] = []
    index += 1
    while index < len(tokens) and tokens[index].type != "footnote_block_close":
        token = tokens[index]
        if token.type == "footnote_open":
            current = []
            footnotes[int(token.meta["id"])] = current
        current.append(token)
        index += 1
    return index + 1


class ParseCache:
    """Parsed documents kept between the reads of one session (`normkit serve`), by path and
    text: a file whose text did not change is not parsed again. Nothing downstream changes
    a parsed document (rendering works on copies of its tokens), so one can be reused."""

    keeps_documents = True
    """Whether documents stay in memory from one read to the next (else `shelve_tokens`)."""

    def __init__(self) -> None:
        self.documents: dict[tuple[str, str], tuple[ParsedDocument, list[Diagnostic]]] = {}
        self.used: set[tuple[str, str]] = set()

    def parse(self, source: SourceFile) -> tuple[ParsedDocument, list[Diagnostic]]:
        key = (source.path, source.text)
        self.used.add(key)
        found = self.documents.get(key)
        if found is None:
            found = self.documents[key] = parse_document(source)
        return found

    def forget_unused(self) -> None:
        """Drop the documents the last read did not use (files edited or removed)."""
        self.documents = {key: value for key, value in self.documents.items() if key in self.used}
        self.used = set()


_CACHE: ContextVar[ParseCache | None] = ContextVar("normkit_parse_cache", default=None)


def current_parses() -> ParseCache | None:
    """The cache documents are parsed through now (`parses_kept`), if any."""
    return _CACHE.get()


@contextmanager
def parses_kept(cache: ParseCache) -> Iterator[ParseCache]:
    """Within: documents are parsed through `cache`; afterwards it forgets the ones not read."""
    token = _CACHE.set(cache)
    try:
        yield cache
    finally:
        _CACHE.reset(token)
        cache.forget_unused()


def shelve_tokens() -> bool:
    """Whether a read shelves the tokens of the versions it is not assembling
    (`Chunk.shelve`): unless a session keeps the documents for its next read (`normkit
    serve`), which would then unpack every chapter's tokens again on each read."""
    cache = _CACHE.get()
    return cache is None or not cache.keeps_documents


def parse_folder(
    root: Path, folder: Path, shelve: bool = False
) -> tuple[list[ParsedDocument], list[Diagnostic]]:
    """Every Markdown file of a folder, in file-name order, parsed once; with `shelve`, each
    document's tokens shelved (`ParsedDocument.shelve`) as soon as it is parsed, for a
    reader that shelves the folder's chapters anyway once it has read them: one chapter's
    token objects are alive at a time, not the whole folder's (NIST SP 800-53's guidance,
    parsed in the read's own process: ~40 MiB of fresh memory, a page fault per page)."""
    documents: list[ParsedDocument] = []
    diagnostics: list[Diagnostic] = []
    cache = _CACHE.get()
    for path in markdown_files(folder):
        source, problems = read_source(root, path)
        diagnostics.extend(problems)
        if source is not None:
            document, problems = cache.parse(source) if cache else parse_document(source)
            diagnostics.extend(problems)
            documents.append(document)
            if shelve:
                document.shelve()
    return documents, diagnostics


_BREAKS = {"softbreak", "hardbreak"}
_MARKUP = {
    "em_open",
    "em_close",
    "strong_open",
    "strong_close",
    "s_open",
    "s_close",
    "link_open",
    "link_close",
}


def heading_text(inline: Token) -> str:
    """A heading's text as readers see it: escapes resolved (`\\*` is `*`), emphasis and link
    markup dropped, code and inline HTML kept as written, so that a title containing `*`,
    `<` or `[` can be written in Markdown and still reach every output unchanged."""
    pieces: list[str] = []
    for child in inline.children or []:
        if child.type in _BREAKS:
            pieces.append(" ")
        elif child.type == "image":
            pieces.append(heading_text(child))
        elif child.type not in _MARKUP:
            pieces.append(child.content)
    text = "".join(pieces) if inline.children is not None else inline.content
    return " ".join(text.split())


def _is_end_marker(token: Token) -> bool:
    return (
        token.type == "html_block"
        and token.level == 0
        and END_MARKER.fullmatch(token.content.strip()) is not None
    )


def _is_meta_fence(token: Token) -> bool:
    return token.type == "fence" and _kind(token) in META_BLOCK_KINDS


def _kind(token: Token) -> str:
    """A fence's kind is the first word of its info string, as a code block's language is
    (```` ```criterion {#ac-2} ```` is a criterion block, not a code block)."""
    words = token.info.split(maxsplit=1)
    return words[0] if words else ""


_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_CLOSING_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")
_HTML_ENDS = (
    (
        re.compile(r"<(?:script|pre|style|textarea)(?:\s|>|$)", re.IGNORECASE),
        re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE),
    ),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
)
"""HTML blocks that CommonMark ends only at a closing tag or marker, else at the end of the
file (the others end at a blank line)."""


def _unclosed(token: Token, lines: list[str], path: str) -> Diagnostic | None:
    """A code fence or HTML block (a comment, `<script>` …) that is never closed runs to the
    end of the file, so every heading after it, and its criteria, silently disappear."""
    if token.map is None or token.map[1] < len(lines) - (lines[-1] == ""):
        return None
    start, end = token.map
    opening = lines[start].lstrip()
    if token.type == "fence":
        closing = _CLOSING_FENCE.fullmatch(lines[end - 1]) if end - 1 > start else None
        if (
            closing
            and closing.group(1)[0] == token.markup[0]
            and (len(closing.group(1)) >= len(token.markup))
        ):
            return None
        what = "code fence"
    elif token.type == "html_block":
        found = next(((s.match(opening), e) for s, e in _HTML_ENDS if s.match(opening)), None)
        if found is None or found[0] is None:
            return None
        block = "\n".join(lines[start:end]).lstrip()
        if found[1].search(block, found[0].end()):
            return None
        what = "HTML comment" if opening.startswith("<!--") else "HTML block"
    else:
        return None
    hidden = next((n for n in range(start + 1, end) if _HEADING_LINE.match(lines[n])), None)
    if hidden is None:
        return None
    return diagnostic(
        Code.MARKDOWN_UNCLOSED,
        Location(path=path, line=start + 1, column=1),
        f"{what} is never closed: the heading on line {hidden + 1} and everything after it "
        f"is {'code' if what == 'code fence' else 'hidden'}",
        "close it"
        + (f" with a line of {token.markup}" if what == "code fence" else "")
        + " before the next heading",
    )


def _meta_block(token: Token, path: str) -> MetaBlock:
    line = token.map[0] + 1 if token.map else 1
    content = token.content
    if token.map and token.map[1] - token.map[0] == content.count("\n") + 1:
        # A block left open at the end of the file has no closing line: without its final
        # line break, YAML reports an unexpected end at the end of the last line, and an
        # empty block's problems ("needs 'id'") at its fence, not past the end of the file.
        content = content.removesuffix("\n")
    return MetaBlock(
        kind=_kind(token),
        content=content,
        first_line=min(line + 1, token.map[1]) if token.map else line + 1,
        location=Location(path=path, line=line, column=1),
    )


def _close_line_ranges(chunks: list[Chunk], line_count: int) -> None:
    """Each chunk's content ends where the next chunk's heading starts."""
    for chunk, following in zip(chunks, [*chunks[1:], None], strict=True):
        end = following.location.line - 1 if following is not None else line_count
        chunk.lines = (chunk.lines[0], max(chunk.lines[0], end))
