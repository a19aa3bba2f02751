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
- an entry ends with the SHA-256 of the rest, checked before anything is unpickled: a
  truncated or damaged entry is parsed again (and replaced), never trusted;
- it is read only from the build folder's cache, only when it is a regular file of this
  user, unpickled only into normkit's and markdown-it's own classes, and used only when the
  text stored in it is the text just read; anything else is parsed again.

Entries are written whole beside their name and renamed into place (a killed build leaves
no half entry), and those the last read did not use are removed (`save`), so the folder
holds one entry per chapter. `normkit check` stores them too, creating the build folder's
cache if needed (as mypy and ruff keep theirs: a repeated check is the common case); a
build that stops at content errors writes nothing (`pipeline.py` saves once the build
folder is made), and a folder that cannot be written only makes reads slower.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import io
import operator
import os
import pickle
import shutil
import stat
import sys
from functools import cache
from pathlib import Path
from typing import Any, Literal

import markdown_it
import mdit_py_plugins
from markdown_it.token import Token

import normkit
from normkit.diagnostics import Diagnostic
from normkit.sources.documents import ParseCache, ParsedDocument, parse_document
from normkit.sources.files import SourceFile

FOLDER = "parses"
"""The entries' folder in the build folder's cache (`build/.cache/parses`)."""
_PROTOCOL = 5
_CHECKSUM = hashlib.sha256().digest_size
_READ = os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW
_CODE = ("sources", "model", "diagnostics.py")
"""What in normkit's package parses a chapter or defines what a parse returns."""

Parsed = tuple[ParsedDocument, list[Diagnostic]]


@cache
def parser_fingerprint() -> bytes:
    """A digest of the code a stored parse depends on; part of every entry's name."""
    digest = hashlib.sha256()
    for part in (
        normkit.__version__,
        sys.version,
        markdown_it.__version__,
        mdit_py_plugins.__version__,
        str(_PROTOCOL),
    ):
        digest.update(part.encode() + b"\0")
    package = Path(normkit.__file__).parent
    for name in _CODE:
        found = package / name
        files = sorted(found.rglob("*.py")) if found.is_dir() else [found]
        for path in files:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
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
        self.folder = cache / FOLDER
        self.wanted: set[str] = set()
        """Entry names the reads so far used, loaded or new."""
        self.pending: dict[str, bytes] = {}
        """New entries, not saved yet (stored as parsed, before anything reads them)."""
        self.loaded = 0
        """Parses loaded from entries, by the reads so far."""
        self.parsed = 0
        """Files parsed because no intact entry was there."""
        self.saved = False
        self._owner = os.geteuid()

    def parse(self, source: SourceFile) -> Parsed:
        key = entry_key(source)
        self.wanted.add(key)
        found = self._load(key, source)
        if found is not None:
            self.loaded += 1
            return found
        self.parsed += 1
        found = parse_document(source)
        self.pending[key] = _dumps(found)
        return found

    def forget_unused(self) -> None:
        """Nothing is kept in memory between reads (`save` stores them)."""

    def save(self, create: bool = False) -> None:
        """Write the new parses and remove the entries no read used, when the build folder
        (the cache's parent) exists or may be created (`create`); a cache that cannot be
        written only costs speed."""
        if self.saved or not (create or self.folder.parent.parent.is_dir()):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, data in self.pending.items():
                _write(self.folder / key, data)
            self.pending = {}
            self.saved = True
            for entry in os.scandir(self.folder):
                if entry.name not in self.wanted:
                    _remove(entry.path)
        except OSError:
            pass

    def _load(self, key: str, source: SourceFile) -> Parsed | None:
        data = self._read(self.folder / key)
        if data is None or len(data) < _CHECKSUM:
            return None
        view = memoryview(data)
        if hashlib.sha256(view[:-_CHECKSUM]).digest() != view[-_CHECKSUM:]:
            return None  # cut short or changed on disk
        try:  # unpickling stops at the pickle's end, before the checksum
            found = _Loader(io.BytesIO(data)).load()
        except Exception:  # a foreign entry may fail in any way: parse again
            return None
        if not _is_parse_of(found, source):
            return None
        return found  # type: ignore[no-any-return]

    def _read(self, path: Path) -> bytes | None:
        """An entry's bytes, if it is a regular file of this user."""
        try:
            descriptor = os.open(path, _READ)
        except OSError:
            return None
        try:
            found = os.fstat(descriptor)
            if not stat.S_ISREG(found.st_mode) or found.st_uid != self._owner:
                return None
            chunks = []
            while chunk := os.read(descriptor, max(found.st_size, 1 << 16)):
                chunks.append(chunk)
            return b"".join(chunks)
        except OSError:
            return None
        finally:
            os.close(descriptor)


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
_REDUCERS: dict[type, Any] = {**copyreg.dispatch_table, ParsedDocument: _reduce_document}
"""Tokens as their fields, and documents without their lines: about half the size and a
third faster to load than pickle's generic form for slotted dataclasses."""
if _COMPACT:
    _REDUCERS[Token] = _reduce_token


def _dumps(parsed: Parsed) -> bytes:
    """The entry: the pickle, then the SHA-256 of the pickle (no copy of the pickle is made
    to check or load it)."""
    buffer = io.BytesIO()
    dumper = pickle.Pickler(buffer, protocol=_PROTOCOL)
    dumper.dispatch_table = _REDUCERS
    dumper.dump(parsed)
    buffer.write(hashlib.sha256(buffer.getbuffer()).digest())
    return buffer.getvalue()


_ALLOWED = {"markdown_it.token", "normkit.sources.stored_parses"}


class _Loader(pickle.Unpickler):
    """Only normkit's and markdown-it's token classes: an entry that names anything else
    is not ours."""

    def find_class(self, module: str, name: str) -> Any:
        if (
            module in _ALLOWED
            or module == "normkit.diagnostics"
            or module.startswith(("normkit.sources.", "normkit.model."))
        ):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a stored parse")


def _write(path: Path, data: bytes) -> None:
    """`path` with `data`, written beside it and renamed into place (whatever was there,
    even a folder, is replaced)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with open(partial, "wb") as file:
            file.write(data)
        try:
            os.replace(partial, path)
        except OSError:
            _remove(str(path))
            os.replace(partial, path)
    finally:
        _remove(str(partial))


def _remove(path: str) -> None:
    """A file, link or folder of the cache folder, gone (a cache only costs speed)."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
