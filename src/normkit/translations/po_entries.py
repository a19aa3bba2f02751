"""A PO catalog's entries as polib reads them, read without polib, for a check.

polib reads a catalog line by line through a state machine and makes a `POEntry` per entry
with all a catalog can hold; `po_files` then went through the lines twice more, to check
each one and to find where each entry starts. For the demo's six catalogs (~16,000 lines)
that was 63 ms of CPU on every cold check (33 ms here, under load). A check reads five things
of an entry (context, source, translation, flags, extracted comments) and the `Language`
header. `read_entries` does all of it in one pass: it follows polib's state machine,
transition by transition, for the lines catalogs are made of (what `normkit translations
update` and gettext's tools write: comments, `msgctxt`, `msgid` and `msgstr` with their
continuation lines, live or obsolete `#~`, and previous strings `#|`), checks each line as
`po_files` does and finds where entries start as it does. On anything else (plural forms, a
line `po_files` or polib rejects, a header polib would pick among several, line breaks that
polib splits on and the file's lines do not) it gives up, and the catalog is read as before:
its problems reported, by polib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

STRING = r'"(?:[^"\\]|\\[ntr"\\abfv]|\\[0-7]{1,3}|\\x[0-9a-fA-F]+)*"'
"""A whole PO string: no unescaped quote inside it, so polib takes it as it is."""
KEYWORD_LINE = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+{STRING}[ \t]*$")
CONTINUATION = re.compile(rf"^[ \t]*{STRING}[ \t]*$")
"""The lines that are not comments, as `po_files` checks them (stripped)."""
_STRING = re.compile(STRING)
_OTHER_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""What `str.splitlines` (polib's) breaks lines at besides `\\n`."""
_UNESCAPE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_UNESCAPED = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\"}
_KEYWORDS = {"msgctxt": "ct", "msgid": "mi", "msgstr": "ms"}
_PREVIOUS = {"msgctxt": "pc", "msgid": "pm", "msgid_plural": "pp"}
"""Previous strings (`#| msgid …`): a check reads none, but they move polib's state."""

# polib's transitions (`_POFileParser.__init__`): the states each symbol may follow.
_EVERY = frozenset(("st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp"))
_FOLLOWS = {
    "gc": _EVERY | {"mx", "mi"},
    "oc": _EVERY | {"mx", "mi"},
    "fl": _EVERY | {"mx", "mi"},
    "pc": _EVERY | {"mx", "mi"},
    "pm": _EVERY | {"mx", "mi"},
    "pp": _EVERY | {"mx", "mi"},
    "tc": frozenset(("gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mp", "mx", "mi")),
    "ct": frozenset(("st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx")),
    "mi": frozenset(("st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx")),
    "ms": frozenset(("mi", "mp", "tc")),
    "mc": frozenset(("ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc")),
}
_ENDS_ENTRY = ("mc", "ms", "mx")
"""States after which a comment, context or source starts the next entry."""


class ReadEntry:
    """What a check reads of an entry, under polib's `POEntry` names."""

    __slots__ = ("comment", "flags", "linenum", "msgctxt", "msgid", "msgstr", "obsolete")

    def __init__(self, linenum: int) -> None:
        self.linenum = linenum
        self.msgctxt: str | None = None
        self.msgid = ""
        self.msgstr = ""
        self.flags: list[str] = []
        self.comment = ""
        self.obsolete = False


def _unescape(text: str) -> str:
    """polib's `unescape`."""
    if "\\" not in text:
        return text
    return _UNESCAPE.sub(lambda match: _UNESCAPED.get(match[1], match[1]), text)


@dataclass(slots=True)
class ReadCatalog:
    """A catalog's entries and lines, as `po_files.parse_catalog` reads them with polib."""

    entries: list[ReadEntry]
    """In file order, the header left out."""
    language: str
    """The `Language` header, stripped."""
    starts: list[int] = field(default_factory=list)
    """The line each live entry starts on, the header's included (`po_files._positions`)."""
    text_lines: list[int] = field(default_factory=list)
    """The line of each one's `msgstr`."""


def read_entries(text: str) -> ReadCatalog | None:
    """A catalog as polib reads it, with its entries' lines; None where this reader gives
    up (see above), and where a line is not valid PO (`po_files` reports it)."""
    if text.startswith("\ufeff") or _OTHER_LINE_BREAKS.search(text):
        return None
    entries: list[ReadEntry] = []
    read = ReadCatalog(entries, "")
    entry = ReadEntry(0)
    state = "st"
    last = ""
    """The first word of the last line that is not blank (polib's `tokens[0]`)."""
    start = 0
    after_source = False
    for number, whole in enumerate(text.split("\n"), start=1):
        line = whole.strip()
        if not line:
            continue
        tokens = line.split(None, 2)
        last = tokens[0]
        # Where entries start, as `po_files._positions` finds it.
        if line[0] == "#":
            if (not start or after_source) and line[:2] != "#~":
                start, after_source = number, False
        elif last in ("msgctxt", "msgid"):
            if not start or after_source:
                start, after_source = number, False
        elif last.startswith("msgstr") and not after_source:
            read.starts.append(start or number)
            read.text_lines.append(number)
            after_source = True
        if last == "#~|":
            continue
        obsolete = last == "#~" and len(tokens) > 1
        if obsolete:
            line = line[3:].strip()
            tokens = tokens[1:]
            last = tokens[0]
        token = line
        if last in _KEYWORDS and len(tokens) > 1:
            token = line[len(last) :].lstrip()
            if not (_STRING.fullmatch(token) if obsolete else KEYWORD_LINE.match(line)):
                return None
            symbol = _KEYWORDS[last]
        elif last == "#:":
            if len(tokens) <= 1:
                continue
            symbol = "oc"
        elif line[:1] == '"':
            if not (_STRING.fullmatch(line) if obsolete else CONTINUATION.match(line)):
                return None
            symbol = "mc"
        elif last == "#,":
            if len(tokens) <= 1:
                continue
            symbol = "fl"
        elif last == "#" or last.startswith("##"):
            symbol = "tc"
        elif last == "#.":
            if len(tokens) <= 1:
                continue
            symbol = "gc"
        elif last == "#|":  # polib checks none of these strings
            if len(tokens) <= 1:
                return None
            token = line[2:].lstrip()
            if tokens[1].startswith('"'):
                symbol = "mc"
            elif len(tokens) == 2 or tokens[1] not in _PREVIOUS:
                return None
            else:
                symbol = _PREVIOUS[tokens[1]]
                token = token[len(tokens[1]) :].lstrip()
        else:
            return None  # plural forms, or a line polib rejects
        if symbol == "tc" and state in ("st", "he"):
            state = "he"  # the file's header comment
            continue
        if state not in _FOLLOWS[symbol]:
            return None  # polib raises: it says where
        if symbol == "mc":
            value = _unescape(token[1:-1])
            if state == "ct":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif state == "mi":
                entry.msgid += value
            elif state == "ms":
                entry.msgstr += value
            elif state not in ("pc", "pm", "pp"):
                return None
            continue  # the state stays
        if symbol != "ms" and state in _ENDS_ENTRY:
            entries.append(entry)
            entry = ReadEntry(number)
        if symbol == "gc":
            entry.comment = (entry.comment + "\n" if entry.comment else "") + token[3:]
        elif symbol == "fl":
            entry.flags += [flag.strip() for flag in token[3:].split(",")]
        elif symbol == "ct":
            entry.msgctxt = _unescape(token[1:-1])
        elif symbol == "mi":
            entry.obsolete = obsolete
            entry.msgid = _unescape(token[1:-1])
        elif symbol == "ms":
            entry.msgstr = _unescape(token[1:-1])
        state = symbol  # (a previous string is not kept)
    if last and not last.startswith("#"):
        entries.append(entry)
    header = _header(entries)
    if header is None:
        return None
    read.language = header
    return read


def _header(entries: list[ReadEntry]) -> str | None:
    """The `Language` of the header (the live entry with an empty source), which is taken
    out of `entries`; None if several entries have an empty source (polib picks one by
    rules of its own)."""
    empty = [entry for entry in entries if entry.msgid == ""]
    if len(empty) > 1:
        return None
    if not empty or empty[0].obsolete:
        return ""
    header = empty[0]
    entries.remove(header)
    metadata: dict[str, str] = {}
    key = None
    for line in header.msgstr.splitlines():  # as polib reads the header
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata.get("Language", "").strip()
