"""Where a value of a JSON document is: the line and column of a path, found on demand.

Python's `json` module keeps no positions. Import problems are rare and each names a path
(`catalog.groups[3].controls[0].title`), so the text is walked again only to locate one.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([{}\[\],:])|([^\s{}\[\],:"]+))', re.DOTALL)

JsonPath = tuple[str | int, ...]


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def token(self) -> tuple[str, int]:
        match = _TOKEN.match(self.text, self.position)
        if match is None:
            raise ValueError("not JSON")
        self.position = match.end()
        value = match.group(match.lastindex or 0)
        return value, match.start(match.lastindex or 0)

    def skip_value(self) -> None:
        value, _ = self.token()
        if value in "{[":
            depth = 1
            while depth:
                inner, _ = self.token()
                if inner in ("{", "["):
                    depth += 1
                elif inner in ("}", "]"):
                    depth -= 1

    def find(self, path: JsonPath) -> int:
        """Offset of the value at `path` (or of the deepest part of it that exists)."""
        value, start = self.token()
        found = start
        for step in path:
            if value == "{" and isinstance(step, str):
                hit = self._member(step)
            elif value == "[" and isinstance(step, int):
                hit = self._element(step)
            else:
                return found
            if hit is None:
                return found
            value, found = hit
        return found

    def _member(self, key: str) -> tuple[str, int] | None:
        while True:
            name, _ = self.token()
            if name == "}":
                return None
            self.token()  # the colon
            if name == f'"{key}"':
                return self.token()
            self.skip_value()
            if self.token()[0] == "}":
                return None

    def _element(self, index: int) -> tuple[str, int] | None:
        for _ in range(index):
            self.skip_value()
            if self.token()[0] == "]":
                return None
        value = self.token()
        return None if value[0] == "]" else value


def locate(text: str, path: JsonPath) -> tuple[int, int]:
    """1-based line and column of the value at `path` in the JSON `text`."""
    try:
        offset = _Walker(text).find(path)
    except (ValueError, IndexError):
        offset = 0
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def describe(path: JsonPath) -> str:
    """`("catalog", "groups", 3, "id")` → `catalog.groups[3].id`."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "the document"
