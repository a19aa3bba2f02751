"""YAML with positions, made safe: every value keeps where it was written, and the YAML
features that can hurt (aliases, explicit tags, duplicate keys) are diagnostics.

PyYAML's own loaders construct values from a node graph in which an alias is a shared
node, so a few lines of anchors (an "alias bomb") expand into gigabytes as soon as
anything walks the values, and an explicit tag (`!!timestamp x`) or an impossible date
raises instead of reporting. Here the parser's event stream (libyaml when available) is
composed by hand: anchors, aliases and tags are rejected where they are written, duplicate
keys are reported at the second key, and each scalar is resolved on its own so that a value
that cannot be constructed (`2025-02-30`) stays text for the metadata schema to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location
from normkit.sources.control import HINT, escaped_controls

_Parser: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted; metadata never needs more than a few."""

YamlPath = tuple[str | int, ...]
Position = tuple[int, int]
"""A 1-based line and column in the mapping's file: a `Location` is made from one only when
something asks where a value is (a diagnostic, a `replaces` entry), not for every value read."""
_Mark = Any
"""A parser position (libyaml's and PyYAML's mark classes differ)."""

# What YAML 1.1 allows in a stream (§5.1): tab, line feed, carriage return, printable ASCII,
# NEL, and Unicode outside the C1 controls, surrogates and the two non-characters.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(slots=True)
class YamlMapping:
    """A parsed YAML mapping and where each of its values is."""

    values: dict[str, Any]
    """The mapping as plain Python values (str, int, float, bool, date, None, list, dict)."""
    origin: Location
    """Where the mapping starts."""
    positions: dict[YamlPath, Position] = field(default_factory=dict)
    """Position of every key's value, by path (`("fields", "criticality", "type")`), in the
    origin's file."""
    key_positions: dict[YamlPath, Position] = field(default_factory=dict)
    """Position of every key itself."""
    texts: dict[YamlPath, str] = field(default_factory=dict)
    """Source text of every scalar, by path: `1.10` stays `1.10` for a key that wants text."""

    def at(self, *path: str | int) -> Location:
        """Location of the value at `path`, or of the nearest enclosing value."""
        while path:
            position = self.positions.get(path)
            if position is not None:
                return Location(path=self.origin.path, line=position[0], column=position[1])
            path = path[:-1]
        return self.origin

    def key_at(self, *path: str | int) -> Location:
        position = self.key_positions.get(path)
        if position is None:
            return self.at(*path)
        return Location(path=self.origin.path, line=position[0], column=position[1])

    def text(self, *path: str | int) -> str | None:
        """The scalar at `path` as written, or None when it is a list, mapping or absent."""
        return self.texts.get(path)


@dataclass(slots=True)
class _Open:
    """A list or mapping being composed."""

    path: YamlPath
    value: list[Any] | dict[str, Any]
    pending_key: str | None = None
    key_position: Position | None = None
    key_lines: dict[str, Position] = field(default_factory=dict)
    broken_key: bool = False


class _Composer:
    """Builds plain values from parser events, reporting unsafe or ambiguous YAML."""

    def __init__(self, path: str, first_line: int, first_column: int, text: str = "") -> None:
        self.path = path
        self.first_line = first_line
        self.first_column = first_column
        self.lines = text.split("\n")
        self.mapping = YamlMapping(values={}, origin=self.locate(None))
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[_Open] = []
        self.root: Any = None
        self.root_location: Location | None = None
        self.documents = 0
        self.aliases: list[tuple[_Mark, str]] = []
        self.too_deep = False

    def locate(self, mark: _Mark | None) -> Location:
        line, column = self.position(mark)
        return Location(path=self.path, line=line, column=column)

    def position(self, mark: _Mark | None) -> Position:
        if mark is None:
            return self.first_line, self.first_column
        line, column = mark.line, mark.column
        if line >= len(self.lines):
            # libyaml reports an unexpected end of the text one line past it when the text
            # has no final line break: point at the end of the last line instead.
            line = len(self.lines) - 1
            column = len(self.lines[line])
        column += self.first_column if line == 0 else 1
        return self.first_line + line, column

    def finish(self) -> None:
        """One diagnostic for every anchor and alias: one cause, one error."""
        if not self.aliases:
            return
        mark, what = self.aliases[0]
        more = f" (and {len(self.aliases) - 1} more)" if len(self.aliases) > 1 else ""
        self.report(
            Code.YAML_ALIAS,
            mark,
            f"YAML {what} is not allowed{more}",
            "write each value out in full; anchors and aliases are not accepted in sources",
        )

    def report(self, code: Code, mark: _Mark | None, message: str, hint: str = "") -> None:
        self.diagnostics.append(diagnostic(code, self.locate(mark), message, hint))

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents == 2:
                self.report(
                    Code.YAML_MALFORMED,
                    event.start_mark,
                    "a second YAML document ('---') is not allowed here",
                    "metadata is one mapping; remove the '---' line",
                )
            return
        if self.documents > 1 or not isinstance(event, yaml.NodeEvent):
            if isinstance(event, yaml.CollectionEndEvent) and self.documents == 1:
                self._close(event)
            return
        self._check_node_event(event)
        if isinstance(event, yaml.AliasEvent):
            self._add(None, event, None)
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self._open(event)

    def _check_node_event(self, event: yaml.NodeEvent) -> None:
        if isinstance(event, yaml.AliasEvent):
            self.aliases.append((event.start_mark, f"alias '*{event.anchor}'"))
        elif event.anchor is not None:
            self.aliases.append((event.start_mark, f"anchor '&{event.anchor}'"))
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.report(
                Code.YAML_TAG,
                event.start_mark,
                f"explicit YAML tag '{shown}' is not allowed",
                "remove the tag; quote the value if it must be text",
            )

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.pending_key is None:
            self._key(top, self._without_controls(event), event.start_mark)
            return
        plain = bool(event.implicit and event.implicit[0]) and event.tag is None
        text = self._without_controls(event)
        value = _construct(text, plain)
        self._add(value, event, text)

    def _without_controls(self, event: yaml.ScalarEvent) -> str:
        """The scalar without the control characters its escapes wrote (`\\e`, `\\x1b`),
        each string with one reported at its start (typed as themselves, they were found when
        the file was read); the block is then not read, as a malformed one."""
        text, first = escaped_controls(event.value)
        if first is not None:
            self.report(
                Code.SOURCE_CONTROL_ESCAPE,
                event.start_mark,
                f"an escape in this string stands for the control character U+{ord(first):04X}",
                HINT,
            )
        return text

    def _key(self, top: _Open, key: str, mark: _Mark) -> None:
        position = self.position(mark)
        earlier = top.key_lines.get(key)
        if earlier is not None:
            self.report(
                Code.YAML_DUPLICATE_KEY,
                mark,
                f"key '{key}' is given twice (first at line {earlier[0]})",
                "remove one of them; YAML would silently keep only the last",
            )
        else:
            top.key_lines[key] = position
        top.pending_key = key
        top.key_position = position

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        value: list[Any] | dict[str, Any] = [] if isinstance(event, yaml.SequenceStartEvent) else {}
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.pending_key is None:
            self.report(
                Code.YAML_MALFORMED,
                event.start_mark,
                "a key must be plain text, not a list or mapping",
            )
            top.pending_key, top.broken_key = "", True
            self.stack.append(_Open(path=(*top.path, ""), value=value))
            return
        path = self._add(value, event, None)
        if len(self.stack) >= MAX_DEPTH and not self.too_deep:
            self.too_deep = True
            self.report(
                Code.YAML_MALFORMED,
                event.start_mark,
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
            )
        self.stack.append(_Open(path=path, value=value))

    def _close(self, event: yaml.CollectionEndEvent) -> None:
        if self.stack:
            self.stack.pop()

    def _add(self, value: Any, event: yaml.NodeEvent, text: str | None) -> YamlPath:
        position = self.position(event.start_mark)
        if not self.stack:
            self.root = value
            self.root_location = Location(path=self.path, line=position[0], column=position[1])
            return ()
        top = self.stack[-1]
        path: YamlPath
        if isinstance(top.value, list):
            path = (*top.path, len(top.value))
            top.value.append(value)
        else:
            key = top.pending_key or ""
            path = (*top.path, key)
            if not top.broken_key:
                top.value[key] = value
                if top.key_position is not None:
                    self.mapping.key_positions[path] = top.key_position
            top.pending_key, top.key_position, top.broken_key = None, None, False
        self.mapping.positions[path] = position
        if text is not None:
            self.mapping.texts[path] = text
        return path


def _construct(text: str, plain: bool) -> Any:
    """A scalar's value as YAML 1.1 resolves it; text when it cannot be constructed."""
    return _plain_value(text) if plain else text


_RESOLVERS: dict[str | None, Any] = Resolver.yaml_implicit_resolvers
_FIRST_RESOLVED = None if None in _RESOLVERS else frozenset(_RESOLVERS)
"""The characters a plain scalar that YAML may read as other than text starts with (None:
any, when a resolver matches whatever the first character)."""


def _plain_value(text: str) -> Any:
    """`_plain`, without asking the resolver about text none of its patterns can match (an
    id, a word): each id is a new scalar, which would also push the shared ones out of the
    cache."""
    if text and _FIRST_RESOLVED is not None and text[0] not in _FIRST_RESOLVED:
        return text
    return _plain(text)


@lru_cache(maxsize=4096)
def _plain(text: str) -> Any:
    """A plain scalar's value (immutable, so one can be shared: the same few values, such as
    a field's choices, come back in every block)."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    constructor = SafeConstructor.yaml_constructors.get(tag)
    if constructor is None or tag == "tag:yaml.org,2002:str":
        return text
    try:
        return constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, text))
    except (ValueError, OverflowError, yaml.YAMLError):
        # `2025-02-30` matches the timestamp pattern but is no date: keep the text and
        # let the key's declared type say what is wrong with it, at the value.
        return text


def _one_line(*parts: str | None) -> str:
    return " ".join(" ".join(part.split()) for part in parts if part)


def _control_characters(
    text: str, path: str, first_line: int, first_column: int
) -> list[Diagnostic]:
    found = list(_NOT_PRINTABLE.finditer(text))
    if not found:
        return []
    offset = found[0].start()
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + (first_column if line == 0 else 1)
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return [
        diagnostic(
            Code.YAML_MALFORMED,
            Location(path=path, line=first_line + line, column=column),
            f"control character U+{ord(found[0].group()):04X} is not allowed in YAML{more}",
            "remove it; YAML text may hold tabs and line breaks but no other control characters",
        )
    ]


def parse_yaml_mapping(
    text: str, path: str, first_line: int = 1, first_column: int = 1
) -> tuple[YamlMapping | None, list[Diagnostic]]:
    """Parse `text` (which starts at `first_line` of `path`) into a located mapping.

    Returns None with diagnostics when the text is not YAML, is not a mapping, or uses a
    feature that is rejected (anchors, aliases, explicit tags, duplicate keys).
    """
    flat = flat_mapping(text, path, first_line, first_column)
    if flat is not None:
        return flat, []
    return composed_mapping(text, path, first_line, first_column)


def composed_mapping(
    text: str, path: str, first_line: int = 1, first_column: int = 1
) -> tuple[YamlMapping | None, list[Diagnostic]]:
    """`parse_yaml_mapping` through the YAML parser's events, for any text."""
    problems = _control_characters(text, path, first_line, first_column)
    if problems:
        return None, problems
    composer = _Composer(path, first_line, first_column, text)
    parser = _Parser(text)
    try:
        while parser.check_event():
            composer.feed(parser.get_event())  # type: ignore[no-untyped-call]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = _one_line(error.context, error.problem)
        composer.diagnostics.append(
            diagnostic(Code.YAML_MALFORMED, composer.locate(mark), f"malformed YAML: {message}")
        )
        return None, composer.diagnostics
    except yaml.YAMLError as error:
        message = _one_line(str(error))
        return None, [
            diagnostic(Code.YAML_MALFORMED, composer.locate(None), f"malformed YAML: {message}")
        ]
    finally:
        parser.dispose()
    composer.finish()
    if composer.diagnostics:
        return None, composer.diagnostics
    root = composer.root if composer.root is not None else {}
    origin = composer.root_location or composer.locate(None)
    if not isinstance(root, dict):
        return None, [
            diagnostic(Code.YAML_NOT_MAPPING, origin, "expected a mapping of `key: value` lines")
        ]
    mapping = composer.mapping
    mapping.values, mapping.origin = root, origin
    return mapping, []


_FLAT_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_-]{0,99}): +(?:([A-Za-z0-9_](?:[A-Za-z0-9_ .-]*[A-Za-z0-9_.-])?)"
    r"|\[( *[A-Za-z0-9_][A-Za-z0-9_.-]*(?: *, *[A-Za-z0-9_][A-Za-z0-9_.-]*)*)? *\])"
)
"""`key: plain words` or `key: [plain, words]`: nothing that YAML reads in more than one
way (no quotes, comments, colons, indicators, trailing blanks or tabs)."""
_FLAT_ITEM = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def flat_mapping(
    text: str, path: str, first_line: int = 1, first_column: int = 1
) -> YamlMapping | None:
    """The mapping of a block whose every line is `key: value` or `key: [a, b]` (what most
    criterion blocks are), read without the YAML parser, with the values and locations it
    would give; None for any other text. A criterion block costs a tenth of its events."""
    lines = text.split("\n")
    if not lines[0]:
        return None
    values: dict[str, Any] = {}
    positions: dict[YamlPath, Position] = {}
    key_positions: dict[YamlPath, Position] = {}
    texts: dict[YamlPath, str] = {}
    for index, line in enumerate(lines):
        if not line:
            continue
        match = _FLAT_LINE.fullmatch(line)
        if match is None:
            return None
        key, scalar = match.group(1, 2)
        if key in values:
            return None  # the YAML parser reports it
        shift = first_column if index == 0 else 1
        number = first_line + index
        at = (key,)
        key_positions[at] = (number, shift)
        if scalar is not None:
            positions[at] = (number, match.start(2) + shift)
            values[key] = _plain_value(scalar)
            texts[at] = scalar
            continue
        start = line.index("[", match.end(1))
        positions[at] = (number, start + shift)
        items: list[Any] = []
        values[key] = items
        for item in _FLAT_ITEM.finditer(line, start + 1):
            word = item.group()
            positions[(key, len(items))] = (number, item.start() + shift)
            texts[(key, len(items))] = word
            items.append(_plain_value(word))
    # (made once the text is known to be flat: a block that is not costs no objects)
    origin = Location(path=path, line=first_line, column=first_column)
    return YamlMapping(values, origin, positions, key_positions, texts)


_SIMPLE_LINE = re.compile(r"^[A-Za-z_][\w-]*:[ \t]+[^\s\[\]{}&*!|>'\"#%@`][^#]*$")


def recover_mapping(text: str, path: str) -> YamlMapping:
    """The plain top-level `key: value` lines of a file that does not parse, so that one
    broken line in a metadata file does not lose its other keys (and cause a cascade of
    follow-on errors). Only for reading on; its values are never reported on."""
    recovered = YamlMapping(values={}, origin=Location(path=path, line=1, column=1))
    for number, line in enumerate(text.split("\n"), start=1):
        if not _SIMPLE_LINE.match(line.rstrip()):
            continue
        one, problems = parse_yaml_mapping(line, path, first_line=number)
        if one is None or problems:
            continue
        for key, value in one.values.items():
            if key not in recovered.values:
                recovered.values[key] = value
                recovered.positions[(key,)] = one.positions[(key,)]
                recovered.key_positions[(key,)] = one.key_positions[(key,)]
                if (key,) in one.texts:
                    recovered.texts[(key,)] = one.texts[(key,)]
    return recovered
