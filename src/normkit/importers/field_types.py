"""Inferring a custom field's type from the values of its column."""

from __future__ import annotations

import re
from typing import Any

from normkit.importers.document import FieldDeclaration

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL = re.compile(r"^(?:https?://\S+|mailto:\S+)$")
_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False}
_LIST_SEPARATOR = re.compile(r"\s*(?:;|\n)\s*")
_NUMBER_LIST = re.compile(r"^-?\d+(?:\.\d+)?(?:\s*[,;\n]\s*-?\d+(?:\.\d+)?)+$")
MAX_CHOICES = 12
"""At most this many distinct values (and fewer than the rows) make a column an enum."""


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _items(text: str, number_list: bool) -> list[str]:
    separator = r"\s*[,;\n]\s*" if number_list else _LIST_SEPARATOR
    return [item for item in re.split(separator, text) if item]


def infer_field(name: str, label: str, values: list[str]) -> FieldDeclaration:
    """The simplest type every non-empty value of the column has."""
    given = [v for v in values if v]
    declaration = FieldDeclaration(name=name, label=label)
    if not given:
        return declaration
    if all(_NUMBER.match(v) for v in given):
        declaration.type = "number"
    elif all(v.lower() in _BOOLEANS for v in given):
        declaration.type = "boolean"
    elif all(_DATE.match(v) for v in given):
        declaration.type = "date"
    elif all(_URL.match(v) for v in given):
        declaration.type = "url"
    elif all(_NUMBER_LIST.match(v) or _NUMBER.match(v) for v in given):
        declaration.type = "list-of-number"
    elif any(_LIST_SEPARATOR.search(v) for v in given):
        items = [i for v in given for i in _items(v, False)]
        distinct = list(dict.fromkeys(items))
        if len(distinct) <= MAX_CHOICES and len(distinct) < len(items) and _short(distinct):
            declaration.type, declaration.choices = "list-of-enum", distinct
        else:
            declaration.type = "list-of-string"
    else:
        distinct = list(dict.fromkeys(given))
        if len(distinct) <= MAX_CHOICES and len(distinct) < len(given) and _short(distinct):
            declaration.type, declaration.choices = "enum", distinct
    return declaration


def _short(choices: list[str]) -> bool:
    return all(len(c) <= 40 and "\n" not in c for c in choices)


def field_value(declaration: FieldDeclaration, text: str) -> Any:
    """A cell's text as a value of the declared type (None: empty)."""
    if not text:
        return None
    if declaration.type == "number":
        return _number(text)
    if declaration.type == "boolean":
        return _BOOLEANS[text.lower()]
    if declaration.type == "list-of-number":
        return [_number(item) for item in _items(text, True)]
    if declaration.type in ("list-of-string", "list-of-enum"):
        return _items(text, False)
    return " ".join(text.split()) if declaration.type != "string" else text
