"""Reading and writing gettext PO catalogs (with polib), strictly: a malformed catalog is a
located error, never a traceback or a silently mangled string."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location
from normkit.sources.control import HINT as CONTROL_HINT
from normkit.sources.control import is_control
from normkit.sources.files import read_source
from normkit.translations.po_entries import (
    CONTINUATION,
    KEYWORD_LINE,
    ReadCatalog,
    ReadEntry,
    read_entries,
)

HASH_PREFIX = "source: "
"""The `#.` comment line that records which source text an entry was made for."""
if TYPE_CHECKING:  # polib is imported when a catalog is read: most projects have none
    import polib

_HASH_LINE = re.compile(r"^source: (sha256:[0-9a-f]{16})$", re.M)

_STRING_START = re.compile(r'^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?[ \t]*"')


def source_hash(text: str) -> str:
    """`sha256:` and the first 16 hex digits of the text's digest."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def text_digest(path: str, text: str) -> str:
    """A digest of a catalog's project path and text."""
    encoded = path.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(len(encoded).to_bytes(8, "big") + encoded)
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One catalog entry, as read."""

    key: str
    """`msgctxt` (empty for none)."""
    source: str
    """`msgid`."""
    translation: str
    """`msgstr`."""
    fuzzy: bool
    source_hash: str | None
    """The hash in the `#. source:` comment; None when a tool dropped it."""
    location: Location
    """Where the entry starts."""
    text_line: int
    """Line of its `msgstr`: translated Markdown's line 1 is on this line or the next."""

    def made_for(self, text: str) -> bool:
        """Whether the entry was made for this source text."""
        if self.source_hash is not None:
            return self.source_hash == source_hash(text)
        return self.source == text


@dataclass(slots=True)
class Catalog:
    """A PO catalog's entries by key."""

    path: str
    """Project path."""
    language: str
    """The `Language` header (empty when absent)."""
    entries: dict[str, Entry] = field(default_factory=dict)
    po: polib.POFile | None = None
    """The parsed file, for updating it in place."""
    digest: str = ""
    """A digest of its path and text as read: equal for catalogs read the same (what is
    made from a catalog can be kept under it)."""


def _line_problem(line: str) -> tuple[int, str] | None:
    """(column, message) when a line is not valid PO syntax."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    if KEYWORD_LINE.match(stripped) or CONTINUATION.match(stripped):
        return None
    column = len(line) - len(line.lstrip()) + 1
    if _STRING_START.match(stripped):
        quote = line.index('"')
        if re.search(r"\\[^ntr\"\\abfv0-7x]", line):
            bad = re.search(r"\\[^ntr\"\\abfv0-7x]", line)
            return (bad.start() + 1 if bad else quote + 1, "unknown escape sequence in a string")
        return quote + 1, "string not closed with a double quote on its line"
    return column, "not a PO keyword (msgctxt, msgid, msgstr), string or comment"


@dataclass(slots=True)
class _Positions:
    """The lines where a catalog's entries start and where their `msgstr` is."""

    starts: list[int] = field(default_factory=list)
    text_lines: list[int] = field(default_factory=list)


def _positions(lines: list[str]) -> _Positions:
    """Start line and `msgstr` line of each active entry (the header included), in order."""
    found = _Positions()
    start: int | None = None
    after_id = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#~"):
            continue
        if stripped.startswith("#"):
            if start is None or after_id:
                start, after_id = number, False
            continue
        keyword = stripped.split(None, 1)[0]
        if keyword in ("msgctxt", "msgid") and (start is None or after_id):
            start, after_id = number, False
        if keyword.startswith("msgstr") and not after_id:
            found.starts.append(start or number)
            found.text_lines.append(number)
            after_id = True
    return found


_ESCAPE = re.compile(r'\\(?:[ntr"\\abfv]|[0-7]{1,3}|x[0-9a-fA-F]+)')
"""An escape in a PO string, as GNU gettext reads them (`\\\\` taken as one, so that the
escape after an escaped backslash is not mistaken for one)."""
_NAMED_CONTROLS = {"a": 0x07, "b": 0x08, "f": 0x0C, "v": 0x0B}


def _escaped_code(escape: str) -> int | None:
    """The character an escape stands for, for the named controls and numeric escapes."""
    body = escape[1:]
    if body in _NAMED_CONTROLS:
        return _NAMED_CONTROLS[body]
    if body[0] == "x":
        return int(body[1:], 16)
    if body[0].isdigit():
        return int(body, 8)
    return None


def _has_control_escape(text: str) -> bool:
    """Whether an escape in `text` stands for a control character (`_without_control_escapes`
    would report it)."""
    for match in _ESCAPE.finditer(text):
        code = _escaped_code(match[0])
        if code is not None and is_control(code):
            return True
    return False


def _without_control_escapes(lines: list[str], rel: str) -> list[Diagnostic]:
    """Escapes that stand for a control character (`\\a`, `\\f`, `\\v`, `\\033`, `\\x1b`),
    each reported where it is written and left out of its line, as a control character is
    left out of every source (polib would write `\\f` and `\\v` into the text as themselves)."""
    found: list[Diagnostic] = []
    for index, line in enumerate(lines):
        if "\\" not in line or line.lstrip().startswith("#"):
            continue
        kept: list[str] = []
        last = 0
        for match in _ESCAPE.finditer(line):
            code = _escaped_code(match[0])
            if code is None or not is_control(code):
                continue
            found.append(
                diagnostic(
                    Code.SOURCE_CONTROL_ESCAPE,
                    Location(path=rel, line=index + 1, column=match.start() + 1),
                    f"escape {match[0]} stands for the control character U+{code:04X}; "
                    "it is left out",
                    CONTROL_HINT,
                )
            )
            kept.append(line[last : match.start()])
            last = match.end()
        if last:
            lines[index] = "".join(kept) + line[last:]
    return found


def read_catalog(root: Path, path: Path) -> tuple[Catalog | None, list[Diagnostic]]:
    """A catalog, or None with located errors when it cannot be read as PO. Control
    characters, typed or escaped, are errors but the catalog is read without them. Within
    `catalogs_kept`, a catalog read before from the same text is loaded instead, without
    its polib file (`stored_catalogs.py`: what a check reads; `update` reads its own)."""
    from normkit.translations.stored_catalogs import current_catalogs

    source, read_problems = read_source(root, path)
    if source is None:
        return None, read_problems
    stored = current_catalogs()
    if stored is None:
        catalog, problems = parse_catalog(source.path, source.text)
    else:
        catalog, problems = stored.catalog(source.path, source.text)
    return catalog, read_problems + problems


def parse_catalog(
    rel: str, text: str, keep_file: bool = True
) -> tuple[Catalog | None, list[Diagnostic]]:
    """The catalog at project path `rel` from its text (`read_catalog`); without its polib
    file (`Catalog.po`) unless `keep_file`, and then read without polib where it can be
    (`po_entries.py`: the same catalog, in a third of the time)."""
    if not keep_file:
        fast = read_entries(text)
        if fast is not None and not ("\\" in text and _has_control_escape(text)):
            return _catalog(rel, text, None, fast.entries, fast.language, fast, [])
    whole = Location(path=rel)
    read = text
    lines = text.split("\n")
    problems = [
        diagnostic(
            Code.TRANSLATION_MALFORMED,
            Location(path=rel, line=number, column=column),
            f"malformed catalog: {message}",
        )
        for number, line in enumerate(lines, start=1)
        if (found := _line_problem(line)) is not None
        for column, message in [found]
    ]
    if problems:
        return None, problems
    controls = _without_control_escapes(lines, rel)
    text = "\n".join(lines)
    import polib

    try:
        po = polib.pofile(text, encoding="utf-8", wrapwidth=78)
    except (OSError, ValueError) as error:
        match = re.search(r"line (\d+)", str(error))
        at = Location(path=rel, line=int(match.group(1)), column=1) if match else whole
        message = str(error).split(" in po file")[0].split(" (line")[0]
        malformed = diagnostic(Code.TRANSLATION_MALFORMED, at, f"malformed catalog: {message}")
        return None, [*controls, malformed]
    language = po.metadata.get("Language", "").strip()
    kept = po if keep_file else None
    return _catalog(rel, read, kept, list(po), language, _positions(lines), controls)


def _catalog(
    rel: str,
    text: str,
    po: polib.POFile | None,
    entries: list[polib.POEntry] | list[ReadEntry],
    language: str,
    positions: _Positions | ReadCatalog,
    controls: list[Diagnostic],
) -> tuple[Catalog, list[Diagnostic]]:
    """The catalog of `text` from its entries as polib reads them, and where they are."""
    active = [entry for entry in entries if not entry.obsolete]
    # The header (`msgid ""`, no context) is an entry of the file but not of polib's list.
    skip = len(positions.starts) - len(active) if len(positions.starts) > len(active) else 0
    offsets, text_lines = positions.starts[skip:], positions.text_lines[skip:]
    catalog = Catalog(path=rel, language=language, po=po, digest=text_digest(rel, text))
    diagnostics: list[Diagnostic] = list(controls)
    for index, po_entry in enumerate(active):
        start = offsets[index] if index < len(offsets) else po_entry.linenum
        text_line = text_lines[index] if index < len(text_lines) else start
        key = po_entry.msgctxt or po_entry.msgid
        location = Location(path=rel, line=start, column=1)
        if key in catalog.entries:
            diagnostics.append(
                diagnostic(
                    Code.TRANSLATION_DUPLICATE,
                    location,
                    f"second entry for '{key}' (the first is at line "
                    f"{catalog.entries[key].location.line})",
                    "a catalog has one entry per unit; remove one of them",
                )
            )
            continue
        hashed = _HASH_LINE.search(po_entry.comment or "")
        catalog.entries[key] = Entry(
            key=key,
            source=po_entry.msgid,
            translation=po_entry.msgstr,
            fuzzy="fuzzy" in po_entry.flags,
            source_hash=hashed.group(1) if hashed else None,
            location=location,
            text_line=text_line,
        )
    return catalog, diagnostics
