"""Typed access to a located YAML mapping that collects a diagnostic per bad value."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.location import Location
from normkit.sources.yaml_values import YamlMapping


class MetaReader:
    """Reads keys of one metadata mapping, reporting missing, unknown and ill-typed values."""

    def __init__(self, mapping: YamlMapping, what: str) -> None:
        self.mapping = mapping
        self.what = what
        self.diagnostics: list[Diagnostic] = []

    def at(self, *path: str | int) -> Location:
        return self.mapping.at(*path)

    def report(self, code: Code, location: Location, message: str, hint: str = "") -> None:
        self.diagnostics.append(diagnostic(code, location, message, hint))

    def check_keys(self, known: Iterable[str], code: Code = Code.META_UNKNOWN_KEY) -> None:
        known = list(known)
        for key in self.mapping.values:
            if key not in known:
                self.report(
                    code,
                    self.mapping.key_at(key),
                    f"unknown key '{key}' in {self.what}",
                    did_you_mean(key, known),
                )

    def _missing(self, key: str) -> None:
        self.report(Code.META_MISSING_KEY, self.mapping.origin, f"{self.what} needs '{key}'")

    def string(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self.mapping.values.get(key)
        if value is None:
            if required:
                self._missing(key)
            return default
        if isinstance(value, bool | dict | list):
            self.report(Code.META_INVALID, self.at(key), f"'{key}' must be text")
            return default
        return str(value).strip()

    def optional_string(self, key: str) -> str | None:
        value = self.string(key)
        return value or None

    def date(self, key: str) -> datetime.date | None:
        value: Any = self.mapping.values.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.report(
                Code.META_INVALID,
                self.at(key),
                f"'{key}' must be a date as YYYY-MM-DD, not {value!r}",
            )
            return None

    def string_list(self, key: str) -> tuple[str, ...]:
        value = self.mapping.values.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, list) or not all(
            isinstance(item, str | int | float) and not isinstance(item, bool) for item in value
        ):
            self.report(Code.META_INVALID, self.at(key), f"'{key}' must be a list of names")
            return ()
        return tuple(str(item).strip() for item in value)
