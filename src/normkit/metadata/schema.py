"""The vocabulary of metadata declarations: value types, keys and blocks.

Every key that a metadata file or block accepts is declared once with these classes (in
`normkit.metadata.declarations`); the declaration drives validation (`validate.py`) and the
reference tables of docs/authoring.md (`reference.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field, replace
from typing import TypeAlias

from normkit.diagnostics import Code
from normkit.model.records import record


@record
class Text:
    """Any scalar, taken as written (`1.10` stays `1.10`); optionally matching a pattern."""

    pattern: re.Pattern[str] | None = None
    """A pattern the whole text must match."""
    pattern_doc: str = ""
    """What the pattern allows, for messages and docs."""
    suggest: Callable[[str], str] | None = None
    """Proposes a valid text for one that does not match (the hint)."""
    lowercase: bool = False
    """The text must have no upper-case letter (in any script)."""

    def describe(self) -> str:
        return f"text ({self.pattern_doc})" if self.pattern_doc else "text"


@record
class Date:
    """A calendar date written as YYYY-MM-DD."""

    def describe(self) -> str:
        return "date (YYYY-MM-DD)"


@record
class Boolean:
    """True or false."""

    def describe(self) -> str:
        return "true or false"


@record
class Number:
    """A finite integer or decimal number."""

    def describe(self) -> str:
        return "number"


URL_SCHEMES = ("http", "https", "mailto")
"""Schemes a `url` value may use: nothing that runs script or reads local files."""


@record
class Url:
    """An absolute http, https or mailto URL."""

    def describe(self) -> str:
        return "URL (" + ", ".join(URL_SCHEMES) + ")"


@record
class Choice:
    """One of a fixed list of words."""

    choices: tuple[str, ...]

    def describe(self) -> str:
        return "one of " + ", ".join(f"`{c}`" for c in self.choices)


@record
class ListOf:
    """A list; a single value written without brackets counts as a list of one."""

    item: ValueType

    def describe(self) -> str:
        inner = self.item.describe()
        if isinstance(self.item, Record):
            return f"list of {inner}"
        return f"list of {inner}" if not isinstance(self.item, Choice) else f"list, each {inner}"


@record
class Record:
    """A nested mapping with its own declared keys."""

    block: Block
    shorthand: str | None = None
    """A key that a bare scalar stands for (`- mining` means `- code: mining`)."""

    def describe(self) -> str:
        return f"[{self.block.name}](#{self.block.anchor})"


@record
class MapOf:
    """A mapping from names the author chooses to values of one type."""

    value: ValueType
    key_doc: str = "name"

    def describe(self) -> str:
        return f"mapping of {self.key_doc} → {self.value.describe()}"


@record
class Anything:
    """A value checked later against something else (a field's `default`, by its `type`)."""

    doc: str = "any value"

    def describe(self) -> str:
        return self.doc


ValueType: TypeAlias = (
    Text | Date | Boolean | Number | Url | Choice | ListOf | Record | MapOf | Anything
)


@record(kw_only=True)
class Key:
    """One key of a metadata file or block."""

    name: str
    type: ValueType
    description: str
    required: bool = False
    default: object = None
    """Value when the key is absent (None: no value)."""
    default_doc: str = ""
    """How the default is shown in the docs, when it is not a plain value."""
    custom: bool = False
    """A custom field declared by the standard rather than by normkit."""
    invalid_code: Code | None = None
    """Code for a value of the wrong type or form (None: the block's)."""
    choice_code: Code | None = None
    """Code for a word that is not one of the choices (None: the invalid code)."""
    missing_code: Code | None = None
    """Code for a required key that is absent (None: the block's)."""

    @property
    def noun(self) -> str:
        return f"field '{self.name}'" if self.custom else f"'{self.name}'"


@record(kw_only=True)
class Block:
    """The declared keys of one metadata file or block."""

    name: str
    """How authors call it: `version.yml`, `criterion block`."""
    anchor: str
    """Anchor of its reference table in docs/authoring.md."""
    description: str
    keys: tuple[Key, ...]
    extra_doc: str = ""
    """What else the block accepts (custom fields), for the docs."""
    unknown_code: Code = Code.META_UNKNOWN_KEY
    invalid_code: Code = Code.META_INVALID
    missing_code: Code = Code.META_MISSING_KEY
    unknown_hint: str = ""
    """Hint for an unknown key when no known key is close."""
    unknown_hints: tuple[tuple[str, str], ...] = ()
    """Hints for particular unknown keys (a field retired in this version)."""
    nested: bool = False
    """Part of another block (documented under it, not on its own)."""
    by_name: dict[str, Key] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name.update((key.name, key) for key in self.keys)

    def key(self, name: str) -> Key:
        return self.by_name[name]

    def extended(self, keys: tuple[Key, ...]) -> Block:
        """The same block accepting more keys (a standard's custom fields)."""
        return replace(self, keys=(*self.keys, *keys), by_name={})

    def records(self) -> list[Block]:
        """Blocks nested in this one, depth first, each once."""
        found: list[Block] = []
        for key in self.keys:
            for nested in _nested_blocks(key.type):
                if nested not in found:
                    found.append(nested)
                    found.extend(b for b in nested.records() if b not in found)
        return found


def _nested_blocks(value_type: ValueType) -> list[Block]:
    match value_type:
        case Record(block=block):
            return [block]
        case ListOf(item=item):
            return _nested_blocks(item)
        case MapOf(value=value):
            return _nested_blocks(value)
    return []
