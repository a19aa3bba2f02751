"""Every string of a JSON document, for tests that look for characters in it (`json.dumps`
writes a control character as an escape, which a search of its text does not find)."""

from __future__ import annotations

from collections.abc import Iterator


def json_strings(value: object) -> Iterator[str]:
    """Every string in a JSON-like value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from json_strings(key)
            yield from json_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from json_strings(item)
