"""The shape of an OSCAL catalog (JSON, OSCAL 1.0 to 1.2) that the importer relies on.

Only what the importer reads is checked, so that a catalog with extensions it ignores
still imports; every problem is collected with its JSON path, never raised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from normkit.importers.json_positions import JsonPath, describe

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")


@dataclass(frozen=True, slots=True)
class ShapeProblem:
    """Where an OSCAL document departs from the shape it should have, and how."""

    path: JsonPath
    message: str


Check = Callable[[Any, JsonPath, list[ShapeProblem]], None]


def _text(value: Any, path: JsonPath, problems: list[ShapeProblem]) -> None:
    if not isinstance(value, str):
        problems.append(ShapeProblem(path, f"{describe(path)} must be a string"))


def _list_of(item: Check) -> Check:
    def check(value: Any, path: JsonPath, problems: list[ShapeProblem]) -> None:
        if not isinstance(value, list):
            problems.append(ShapeProblem(path, f"{describe(path)} must be an array"))
            return
        for index, element in enumerate(value):
            item(element, (*path, index), problems)

    return check


def _object(required: dict[str, Check], optional: dict[str, Check]) -> Check:
    def check(value: Any, path: JsonPath, problems: list[ShapeProblem]) -> None:
        if not isinstance(value, dict):
            problems.append(ShapeProblem(path, f"{describe(path)} must be an object"))
            return
        for key, inner in required.items():
            if key not in value:
                problems.append(ShapeProblem(path, f"{describe(path)} has no '{key}'"))
            else:
                inner(value[key], (*path, key), problems)
        for key, inner in optional.items():
            if key in value:
                inner(value[key], (*path, key), problems)

    return check


_PROP = _object({"name": _text, "value": _text}, {})
_LINK = _object({"href": _text}, {"rel": _text, "text": _text})


def _part(value: Any, path: JsonPath, problems: list[ShapeProblem]) -> None:
    _object(
        {"name": _text},
        {
            "id": _text,
            "title": _text,
            "prose": _text,
            "props": _list_of(_PROP),
            "links": _list_of(_LINK),
            "parts": _list_of(_part),
        },
    )(value, path, problems)


_SELECT = _object({}, {"how-many": _text, "choice": _list_of(_text)})
_GUIDELINE = _object({"prose": _text}, {})
_PARAM = _object(
    {"id": _text},
    {
        "label": _text,
        "select": _SELECT,
        "guidelines": _list_of(_GUIDELINE),
        "values": _list_of(_text),
        "props": _list_of(_PROP),
    },
)


def _control(value: Any, path: JsonPath, problems: list[ShapeProblem]) -> None:
    _object(
        {"id": _text, "title": _text},
        {
            "class": _text,
            "params": _list_of(_PARAM),
            "props": _list_of(_PROP),
            "links": _list_of(_LINK),
            "parts": _list_of(_part),
            "controls": _list_of(_control),
        },
    )(value, path, problems)


def _group(value: Any, path: JsonPath, problems: list[ShapeProblem]) -> None:
    _object(
        {"title": _text},
        {
            "id": _text,
            "class": _text,
            "params": _list_of(_PARAM),
            "props": _list_of(_PROP),
            "links": _list_of(_LINK),
            "parts": _list_of(_part),
            "groups": _list_of(_group),
            "controls": _list_of(_control),
        },
    )(value, path, problems)


_RESOURCE = _object(
    {"uuid": _text},
    {
        "title": _text,
        "citation": _object({"text": _text}, {}),
        "rlinks": _list_of(_object({"href": _text}, {})),
    },
)
_METADATA = _object(
    {"title": _text, "oscal-version": _text},
    {"version": _text, "published": _text, "last-modified": _text},
)
_CATALOG = _object(
    {"metadata": _METADATA},
    {
        "uuid": _text,
        "params": _list_of(_PARAM),
        "controls": _list_of(_control),
        "groups": _list_of(_group),
        "back-matter": _object({}, {"resources": _list_of(_RESOURCE)}),
    },
)


def check_catalog(document: Any) -> list[ShapeProblem]:
    """Every way `document` is not an OSCAL catalog the importer can read."""
    problems: list[ShapeProblem] = []
    if not isinstance(document, dict) or "catalog" not in document:
        kind = next(iter(document), "") if isinstance(document, dict) and document else ""
        found = f" (it is an OSCAL '{kind}')" if kind else ""
        return [ShapeProblem((), f"the document is not an OSCAL catalog{found}")]
    _CATALOG(document["catalog"], ("catalog",), problems)
    if problems:
        return problems
    version = document["catalog"]["metadata"]["oscal-version"]
    if not version.startswith(tuple(f"{v}." for v in SUPPORTED_VERSIONS)) and version not in (
        SUPPORTED_VERSIONS
    ):
        problems.append(
            ShapeProblem(
                ("catalog", "metadata", "oscal-version"),
                f"OSCAL version {version} is not supported (1.0, 1.1 and 1.2 are)",
            )
        )
    return problems
