"""Checking a located YAML mapping against a declared block: one diagnostic per bad value,
at the value (or at the key, for unknown keys), and typed access to what was valid."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any, cast
from urllib.parse import urlsplit

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.metadata.schema import (
    URL_SCHEMES,
    Anything,
    Block,
    Boolean,
    Choice,
    Date,
    Key,
    ListOf,
    MapOf,
    Number,
    Record,
    Text,
    Url,
    ValueType,
)
from normkit.model.location import Location
from normkit.sources.yaml_values import YamlMapping, YamlPath

_INVALID = object()
"""Marks a value that was reported; the key then counts as given but has no value."""

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

_CONTAINERS = (dict, list)
_NUMBERS = (int, float)
"""For `isinstance`: a union written in the call (`dict | list`) is made again at every call,
and these run for every value of every metadata block."""


class Checked:
    """The valid values of one validated mapping, with where each was written."""

    def __init__(self, block: Block, mapping: YamlMapping, path: YamlPath) -> None:
        self.block = block
        self.mapping = mapping
        self.path = path
        self.values: dict[str, Any] = {}
        """Valid values of the keys that were given."""
        self.given: set[str] = set()
        """Keys present with a non-null value, valid or not."""
        written: Any = mapping.values
        for step in path:
            written = written[step]
        self.written: dict[str, Any] = written if isinstance(written, dict) else {}
        """The mapping at `path` as written, before validation (empty for a shorthand)."""

    def get(self, name: str) -> Any:
        values = self.values
        if name in values:
            return values[name]
        return self.block.key(name).default

    def has(self, name: str) -> bool:
        """Whether the key was given with a valid value."""
        return name in self.values

    @property
    def valid(self) -> bool:
        """Whether every key given has a valid value."""
        return self.given <= set(self.values)

    def text(self, name: str) -> str:
        text: str = self.get(name) or ""  # (no `cast`: it is a call, and this runs per key)
        return text

    def optional_text(self, name: str) -> str | None:
        return cast(str | None, self.get(name) or None)

    def date(self, name: str) -> datetime.date | None:
        return cast(datetime.date | None, self.get(name))

    def boolean(self, name: str) -> bool:
        return bool(self.get(name))

    def texts(self, name: str) -> tuple[str, ...]:
        texts: tuple[str, ...] = self.get(name) or ()
        return tuple(texts)

    def records(self, name: str) -> tuple[Checked, ...]:
        return tuple(cast(tuple[Checked, ...], self.get(name) or ()))

    def record_map(self, name: str) -> dict[str, Checked]:
        return dict(cast(dict[str, Checked], self.get(name) or {}))

    @property
    def origin(self) -> Location:
        return self.mapping.at(*self.path)

    def at(self, *path: str | int) -> Location:
        """Location of a value inside this mapping (of the mapping when absent)."""
        return self.mapping.at(*self.path, *path)

    def key_at(self, name: str) -> Location:
        return self.mapping.key_at(*self.path, name)

    def raw(self, name: str) -> Any:
        """The value as written, before validation."""
        return self.written.get(name)


def validate(
    mapping: YamlMapping, block: Block, path: YamlPath = ()
) -> tuple[Checked, list[Diagnostic]]:
    """Every key of the mapping at `path` checked against `block`."""
    validator = _Validator(mapping)
    raw: Any = mapping.values
    for step in path:
        raw = raw[step]
    checked = validator.record(block, path, cast(dict[str, Any], raw))
    return checked, validator.diagnostics


def validate_value(
    mapping: YamlMapping, key: Key, block: Block, path: YamlPath
) -> tuple[bool, Any, list[Diagnostic]]:
    """One value (at `path`) checked against `key`'s type: (valid, value, diagnostics)."""
    validator = _Validator(mapping)
    raw: Any = mapping.values
    for step in path:
        raw = raw[step]
    result = validator.value(key, block, key.type, raw, path)
    return result is not _INVALID, result, validator.diagnostics


def _dotted(path: YamlPath) -> str:
    text = ""
    for step in path:
        text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


class _Validator:
    def __init__(self, mapping: YamlMapping) -> None:
        self.mapping = mapping
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: Code, location: Location, message: str, hint: str = "") -> None:
        self.diagnostics.append(diagnostic(code, location, message, hint))

    def record(self, block: Block, path: YamlPath, raw: dict[str, Any]) -> Checked:
        checked = Checked(block, self.mapping, path)
        for name, value in raw.items():
            key = block.by_name.get(name)
            if key is None:
                self.report(
                    block.unknown_code,
                    self.mapping.key_at(*path, name),
                    f"unknown key '{name}' in {block.name}"
                    if block.unknown_code is not Code.FIELD_UNKNOWN
                    else f"unknown field '{name}'",
                    dict(block.unknown_hints).get(name)
                    or did_you_mean(name, [key.name for key in block.keys])
                    or block.unknown_hint,
                )
                continue
            if value is None:
                continue
            checked.given.add(name)
            result = self.value(key, block, key.type, value, (*path, name))
            if result is not _INVALID:
                checked.values[name] = result
        for key in block.keys:
            if key.required and key.name not in checked.given:
                code = key.missing_code or block.missing_code
                what = f"required field '{key.name}'" if key.custom else f"'{key.name}'"
                self.report(code, self.mapping.at(*path), f"{block.name} needs {what}")
        return checked

    def wrong(self, key: Key, block: Block, path: YamlPath, expected: str, raw: Any) -> Any:
        self.report(
            key.invalid_code or block.invalid_code,
            self.mapping.at(*path),
            f"{self.noun(key, path)} must be {expected}, not {self.shown(path, raw)}",
        )
        return _INVALID

    def noun(self, key: Key, path: YamlPath) -> str:
        if key.custom:
            return key.noun
        return f"'{_dotted(path)}'"

    def shown(self, path: YamlPath, raw: Any) -> str:
        if isinstance(raw, dict):
            return "a mapping"
        if isinstance(raw, list):
            return "a list"
        text = self.mapping.text(*path)
        return f"'{text if text is not None else raw}'"

    def value(self, key: Key, block: Block, kind: ValueType, raw: Any, path: YamlPath) -> Any:
        match kind:  # (the commonest types of block keys first: each case is a test)
            case Text():
                return self.text(key, block, kind, raw, path)
            case Choice(choices=choices):
                return self.choice(key, block, choices, raw, path)
            case ListOf(item=item):
                return self.list(key, block, item, raw, path)
            case Date():
                return self.date(key, block, raw, path)
            case Boolean():
                if isinstance(raw, bool):
                    return raw
                return self.wrong(key, block, path, "true or false", raw)
            case Number():
                if isinstance(raw, _NUMBERS) and not isinstance(raw, bool) and math.isfinite(raw):
                    return raw
                return self.wrong(key, block, path, "a number", raw)
            case Url():
                return self.url(key, block, raw, path)
            case Record(block=inner, shorthand=shorthand):
                if isinstance(raw, dict):
                    return self.record(inner, path, raw)
                if shorthand is not None and not isinstance(raw, list):
                    checked = Checked(inner, self.mapping, path)
                    result = self.value(inner.key(shorthand), inner, Text(), raw, path)
                    if result is not _INVALID:
                        checked.values[shorthand] = result
                        checked.given.add(shorthand)
                    return checked
                return self.wrong(key, block, path, "a mapping", raw)
            case MapOf(value=value_type):
                if not isinstance(raw, dict):
                    return self.wrong(key, block, path, "a mapping", raw)
                results = {}
                for name, item in raw.items():
                    result = self.value(key, block, value_type, item, (*path, name))
                    if result is not _INVALID:
                        results[name] = result
                return results
            case Anything():
                return raw

    def text(self, key: Key, block: Block, kind: Text, raw: Any, path: YamlPath) -> Any:
        if isinstance(raw, _CONTAINERS):
            return self.wrong(key, block, path, "text", raw)
        value = (raw if isinstance(raw, str) else (self.mapping.text(*path) or str(raw))).strip()
        if (kind.pattern is not None and not kind.pattern.match(value)) or (
            kind.lowercase and value != value.lower()
        ):
            self.report(
                key.invalid_code or block.invalid_code,
                self.mapping.at(*path),
                f"{self.noun(key, path)} must be {kind.pattern_doc}, not '{value}'",
                f"try '{kind.suggest(value)}'" if kind.suggest and kind.suggest(value) else "",
            )
            return _INVALID
        return value

    def date(self, key: Key, block: Block, raw: Any, path: YamlPath) -> Any:
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        if isinstance(raw, str):
            match = _ISO_DATE.match(raw.strip())
            if match:
                try:
                    return datetime.date(*(int(part) for part in match.groups()))
                except ValueError as error:
                    return self.wrong(key, block, path, f"a real date ({error})", raw)
        return self.wrong(key, block, path, "a date as YYYY-MM-DD", raw)

    def url(self, key: Key, block: Block, raw: Any, path: YamlPath) -> Any:
        if not isinstance(raw, str):
            return self.wrong(key, block, path, "a URL", raw)
        problem = url_problem(raw.strip())
        if problem:
            self.report(
                key.invalid_code or block.invalid_code,
                self.mapping.at(*path),
                f"{self.noun(key, path)} must be an http, https or mailto URL: {problem}",
            )
            return _INVALID
        return raw.strip()

    def choice(
        self, key: Key, block: Block, choices: tuple[str, ...], raw: Any, path: YamlPath
    ) -> Any:
        if isinstance(raw, _CONTAINERS):
            return self.wrong(key, block, path, "one of " + ", ".join(choices), raw)
        written = self.mapping.text(*path)
        word = raw if isinstance(raw, str) else (written or str(raw))
        if word in choices:
            return word
        self.report(
            key.choice_code or key.invalid_code or block.invalid_code,
            self.mapping.at(*path),
            f"{self.noun(key, path)}: '{word}' is not one of {', '.join(choices)}",
            did_you_mean(word, choices),
        )
        return _INVALID

    def list(self, key: Key, block: Block, item: ValueType, raw: Any, path: YamlPath) -> Any:
        if isinstance(raw, dict):
            return self.wrong(key, block, path, "a list", raw)
        if not isinstance(raw, list):
            if isinstance(item, Record):
                return self.wrong(key, block, path, "a list", raw)
            single = self.value(key, block, item, raw, path)
            return _INVALID if single is _INVALID else (single,)
        results = [self.value(key, block, item, value, (*path, i)) for i, value in enumerate(raw)]
        if any(result is _INVALID for result in results):
            return _INVALID
        return tuple(results)


def url_problem(url: str) -> str:
    """Why `url` is not an acceptable link target, or an empty string."""
    if not url:
        return "it is empty"
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return "it contains white space or a control character"
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return str(error)
    if not parts.scheme:
        return f"'{url}' has no scheme (write https://…)"
    if parts.scheme.lower() not in URL_SCHEMES:
        return f"scheme '{parts.scheme}' is not allowed"
    if parts.scheme.lower() == "mailto":
        return "" if "@" in parts.path else "a mailto URL needs an address"
    if not parts.hostname:
        return f"'{url}' has no host"
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return f"'{url}' has a malformed port"
    return ""
