"""Parsed chapters kept in the build folder between builds, as Sphinx keeps its doctrees.

Parsing a chapter depends on nothing but its path and text and on the code that parses it,
so what `parse_document` returned for a file is stored under a digest of exactly those
(`entry_key`), and the next read of the same bytes loads it instead of parsing again.
Loading is 4–5× cheaper than parsing: a chunk's tokens are stored as one `marshal` string
of plain tuples (`_reduce_chunk`), which at 10,000 criteria halved the cost of storing the
parses (0.88 → 0.40 s CPU) and cut loading them by 40% (0.65 → 0.38 s, against 1.69 s of
parsing), in-process, collector off. The model and every diagnostic are the same either
way: the stored result is the parse's own return value.

Why a stored entry can never be wrong:
- its name covers the file's path and text, normkit's version, every module that parses
  or defines what is stored (`sources/`, `model/`, `diagnostics.py`: their paths, sizes and
  times, `cache_entries.source_digest`), and the versions of Python, markdown-it-py and
  mdit-py-plugins: an edit or another normkit gives another name, so an old entry is never
  read;
- a truncated, damaged or foreign entry is parsed again and replaced, never trusted
  (`cache_entries.py`: a checksum checked before unpickling, this user's regular files
  only, normkit's and markdown-it's classes only), and one is used only when the text
  stored in it is the text just read.

Entries the last read did not use are removed (`save`): the folder holds one per chapter.
`normkit check` stores them too, creating the build folder's cache if needed (as mypy and
ruff keep theirs: a repeated check is the common case); a build that stops at content
errors writes nothing (`pipeline.py` saves once the build folder is made), and a folder
that cannot be written only makes reads slower.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from functools import cache, partial
from pathlib import Path
from typing import Any, Literal

import markdown_it
import mdit_py_plugins
from markdown_it.token import Token

import normkit
from normkit.cache_entries import PROTOCOL, PickleEntries, source_digest
from normkit.diagnostics import Diagnostic
from normkit.sources.documents import Chunk, ParseCache, ParsedDocument
from normkit.sources.files import SourceFile
from normkit.sources.packed_tokens import COMPACT, MARSHAL, pack, token_fields
from normkit.sources.parse_ahead import Workers

FOLDER = "parses"
"""The entries' folder in the build folder's cache (`build/.cache/parses`)."""
_CODE = ("sources", "model", "diagnostics.py")
"""What in normkit's package parses a chapter or defines what a parse returns."""
Parsed = tuple[ParsedDocument, list[Diagnostic]]


@cache
def parser_fingerprint() -> bytes:
    """A digest of the code a stored parse depends on; part of every entry's name."""
    digest = source_digest(Path(normkit.__file__).parent, _CODE)
    for part in (
        normkit.__version__,
        sys.version,
        markdown_it.__version__,
        mdit_py_plugins.__version__,
        str(PROTOCOL),
        str(MARSHAL),  # the format of packed tokens
    ):
        digest.update(part.encode() + b"\0")
    return digest.digest()


def entry_key(source: SourceFile) -> str:
    """The entry name for `source`: its path and text, and the parsing code."""
    digest = hashlib.sha256(parser_fingerprint())
    path = source.path.encode("utf-8", "surrogatepass")
    digest.update(len(path).to_bytes(8, "big") + path)
    digest.update(source.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class StoredParses(ParseCache):
    """Parses loaded from, and saved to, `cache/parses` (`cache`: the build folder's
    `.cache`). New parses are kept in memory until `save`."""

    keeps_documents = False

    def __init__(self, cache: Path) -> None:
        super().__init__()
        self.entries = PickleEntries(cache / FOLDER, _allowed, _REDUCERS, _REBUILDERS)
        self.folder = self.entries.folder
        self.loaded = 0
        """Parses loaded from entries, by the reads so far."""
        self.parsed = 0
        """Files parsed because no intact entry was there."""
        self.workers = Workers(load=partial(self.entries.loads, checked=False))
        """Workers parsing ahead for the read (`parse_ahead`); what they send is whole, from
        our own process (not checked against its checksum: `PickleEntries.loads`)."""
        self.keys: dict[str, tuple[str, str]] = {}
        """The entry key of each source `parse_ahead` saw, with its text, by path (a digest
        of every chapter's text is not made twice)."""

    def parse_ahead(self, sources: Iterable[SourceFile], jobs: int, at_start: bool = False) -> None:
        """Have the `sources` whose parse is not stored parsed on up to `jobs` processes,
        where that pays (`parse_ahead.py`; `at_start`: from a command's start,
        `head_start.py`): `parse` takes what they made. `sources` in the order the read asks
        for them."""
        unparsed: dict[str, SourceFile] = {}
        for source in sources:
            key = self.keys[source.path] = entry_key(source), source.text
            if not self.entries.stored(key[0]):
                unparsed[key[0]] = source
        self.workers.start(list(unparsed.items()), jobs, self.entries.pickler, at_start)

    def stop_parsing_ahead(self) -> None:
        """The read is over: a worker still parsing makes what nobody will ask for."""
        self.workers.stop()

    def parse(self, source: SourceFile) -> Parsed:
        known = self.keys.pop(source.path, None)
        key = known[0] if known is not None and known[1] is source.text else entry_key(source)
        taken = self.workers.take(source, key)
        if taken is not None:
            found, sent = taken
            if _is_parse_of(found, source):
                self.parsed += 1
                # A worker's entry is written as it sent it, from where it sent it (the
                # read holds only the parse it loaded); the read's own is pickled.
                self.entries.keep(key, found if sent is None else sent)
                return found  # type: ignore[return-value]
        found = self.entries.load(key)
        if _is_parse_of(found, source):
            self.loaded += 1
            return found  # type: ignore[return-value]
        self.parsed += 1
        parsed = self.workers.parse(source)
        self.entries.keep(key, parsed)  # nothing changes a parsed document
        return parsed

    def forget_unused(self) -> None:
        """Nothing is kept in memory between reads (`save` stores them), not even a parse
        made ahead of a file the read did not ask for."""
        self.workers.stop()
        self.keys = {}


def _allowed(module: str, name: str) -> bool:
    return module in ("markdown_it.token", "normkit.diagnostics") or module.startswith(
        ("normkit.sources.", "normkit.model.")
    )


def _is_parse_of(found: Any, source: SourceFile) -> bool:
    return (
        type(found) is tuple
        and len(found) == 2
        and type(found[0]) is ParsedDocument
        and found[0].source == source
        and type(found[1]) is list
        and all(type(item) is Diagnostic for item in found[1])
    )


def _token(
    type: str,  # Token's own field names
    tag: str,
    nesting: Literal[-1, 0, 1],
    attrs: dict[str, Any],
    map: list[int] | None,
    level: int,
    children: list[Token] | None,
    content: str,
    markup: str,
    info: str,
    meta: dict[Any, Any],
    block: bool,
    hidden: bool,
) -> Token:
    """A token from its fields, without `Token.__init__` (they are a stored token's)."""
    token = Token.__new__(Token)
    token.type = type
    token.tag = tag
    token.nesting = nesting
    token.attrs = attrs
    token.map = map
    token.level = level
    token.children = children
    token.content = content
    token.markup = markup
    token.info = info
    token.meta = meta
    token.block = block
    token.hidden = hidden
    return token


def _document(source: SourceFile, chunks: Any, env: dict[str, Any]) -> ParsedDocument:
    return ParsedDocument(source=source, chunks=chunks, env=env)  # (lines: when asked for)


def _reduce_token(token: Token) -> tuple[Any, tuple[Any, ...]]:
    return _token, token_fields(token)


def _reduce_document(document: ParsedDocument) -> tuple[Any, tuple[Any, ...]]:
    return _document, (document.source, document.chunks, document.env)


def _reduce_chunk(chunk: Chunk) -> tuple[Any, tuple[Any, ...]]:
    """A chunk whose tokens are packed into one `marshal` string (`packed_tokens.py`):
    tuples of plain fields cost a fraction of pickling a token object each, to store and to
    load. Tokens holding anything `marshal` cannot write (an attribute or meta value of a
    plugin's own type), or of a subclass of `Token`, are pickled as tokens, as before. A
    chunk shelved by the read (`Chunk.shelve`) is stored as it was packed then."""
    tokens: Any = chunk.packed
    if tokens is None:
        tokens = pack(chunk.heading_tokens, chunk.tokens) or (chunk.heading_tokens, chunk.tokens)
    return _chunk, (
        chunk.level, chunk.heading, chunk.location, chunk.meta, tokens, chunk.lines,
        chunk.end_marker, chunk.parts,
    )  # fmt: skip


def _chunk(
    level: int,
    heading: str,
    location: Any,
    meta: Any,
    tokens: bytes | tuple[list[Token], list[Token]],
    lines: tuple[int, int],
    end_marker: bool,
    parts: int | None = None,
) -> Chunk:
    """A stored chunk: packed tokens stay packed until they are asked for (`Chunk`), its
    part count with them (`Chunk.parts`)."""
    if isinstance(tokens, bytes):
        return Chunk(level, heading, location, meta, None, None, lines, end_marker, tokens, parts)
    return Chunk(level, heading, location, meta, *tokens, lines, end_marker, parts=parts)


_REDUCERS: dict[type, Any] = {ParsedDocument: _reduce_document, Chunk: _reduce_chunk}
"""Chunks with their tokens packed by `marshal`, other tokens (footnotes kept in `env`) as
their fields, and documents without their lines: a fraction of the size and of the time of
pickle's generic form for slotted dataclasses."""
if COMPACT:  # else pickle's own form of a token, which keeps every field
    _REDUCERS[Token] = _reduce_token
_REBUILDERS = frozenset({(__name__, "_token"), (__name__, "_document"), (__name__, "_chunk")})
