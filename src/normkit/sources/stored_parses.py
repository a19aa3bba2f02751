"""Parsed chapters kept in the build folder between builds, as Sphinx keeps its doctrees.

Parsing a chapter depends on nothing but its path and text and on the code that parses it,
so what `parse_document` returned for a file is stored under a digest of exactly those
(`entry_key`), and the next read of the same bytes loads it instead of parsing again.
Loading is 3–6× cheaper than parsing (`benchmarks/run.py`, compile rows). The model and
every diagnostic are the same either way: the stored result is the parse's own return value.

Why a stored entry can never be wrong:
- its name covers the file's path and text, normkit's version, the source of every module
  that parses or defines what is stored (`sources/`, `model/`, `diagnostics.py`), and the
  versions of Python, markdown-it-py and mdit-py-plugins: an edit or another normkit gives
  another name, so an old entry is never read;
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
import operator
import sys
from functools import cache
from pathlib import Path
from typing import Any, Literal

import markdown_it
import mdit_py_plugins
from markdown_it.token import Token

import normkit
from normkit.cache_entries import PROTOCOL, PickleEntries, source_digest
from normkit.diagnostics import Diagnostic
from normkit.sources.documents import ParseCache, ParsedDocument, parse_document
from normkit.sources.files import SourceFile

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

    def __init__(self, cache: Path) -> None:
        super().__init__()
        self.entries = PickleEntries(cache / FOLDER, _allowed, _REDUCERS, _REBUILDERS)
        self.folder = self.entries.folder
        self.loaded = 0
        """Parses loaded from entries, by the reads so far."""
        self.parsed = 0
        """Files parsed because no intact entry was there."""

    def parse(self, source: SourceFile) -> Parsed:
        key = entry_key(source)
        found = self.entries.load(key)
        if _is_parse_of(found, source):
            self.loaded += 1
            return found  # type: ignore[return-value]
        self.parsed += 1
        parsed = parse_document(source)
        self.entries.keep(key, parsed)  # nothing changes a parsed document
        return parsed

    def forget_unused(self) -> None:
        """Nothing is kept in memory between reads (`save` stores them)."""


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
    return ParsedDocument(source=source, chunks=chunks, env=env)  # its lines split again


_TOKEN_FIELDS = (
    "type", "tag", "nesting", "attrs", "map", "level", "children",
    "content", "markup", "info", "meta", "block", "hidden",
)  # fmt: skip
_COMPACT = tuple(Token.__dataclass_fields__) == _TOKEN_FIELDS
"""Tokens are stored as their fields only while `Token` has exactly these (another
markdown-it-py may add one: then pickle's own form, which keeps every field)."""


def _reduce_token(token: Token) -> tuple[Any, tuple[Any, ...]]:
    return _token, _token_fields(token)


def _reduce_document(document: ParsedDocument) -> tuple[Any, tuple[Any, ...]]:
    return _document, (document.source, document.chunks, document.env)


_token_fields = operator.attrgetter(*_TOKEN_FIELDS)
_REDUCERS: dict[type, Any] = {ParsedDocument: _reduce_document}
"""Tokens as their fields, and documents without their lines: about half the size and a
third faster to load than pickle's generic form for slotted dataclasses."""
if _COMPACT:
    _REDUCERS[Token] = _reduce_token
_REBUILDERS = frozenset({(__name__, "_token"), (__name__, "_document")})
