"""Adding ids to a criterion block's `replaces`, in the source text, touching nothing else.

Only the `replaces:` entry of one block changes: every other byte of the file (other keys,
comments, line endings, the Markdown around it) stays as it was. An existing entry, flow
(`[a, b]`) or block (`- a` lines), becomes one flow line with the new ids after the old
ones; a block without one gets a line before its closing fence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml

OPENING = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*criterion\s*$")
REPLACES_KEY = re.compile(r"^replaces\s*:(?P<rest>.*)$")


class BlockNotFound(ValueError):
    """No criterion block follows the heading at the line given."""


def _newline(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :] or "\n"


def _block(lines: list[str], heading_line: int) -> tuple[int, int]:
    """Indices of the opening and closing fence lines of the block under the heading."""
    for start in range(heading_line, min(len(lines), heading_line + 3)):
        match = OPENING.match(lines[start].rstrip("\r\n"))
        if match is None:
            continue
        fence = match["fence"]
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        for end in range(start + 1, len(lines)):
            if closing.match(lines[end].rstrip("\r\n")):
                return start, end
        break
    raise BlockNotFound(f"no criterion block under the heading at line {heading_line}")


def _entry_end(lines: list[str], key_index: int, block_end: int) -> int:
    """Index after the last line of the `replaces` entry (its indented or `-` lines)."""
    end = key_index + 1
    while end < block_end and (lines[end][:1] in (" ", "\t", "-") or not lines[end].strip()):
        if not lines[end].strip():
            break
        end += 1
    return end


def _flow(ids: Sequence[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def add_replaces(text: str, heading_line: int, ids: Sequence[str]) -> str:
    """`text` with `ids` added to the `replaces` of the criterion whose heading is at
    `heading_line` (1-based); unchanged when it already names them all."""
    lines = text.splitlines(keepends=True)
    start, end = _block(lines, heading_line)
    for index in range(start + 1, end):
        match = REPLACES_KEY.match(lines[index].rstrip("\r\n"))
        if match is None:
            continue
        stop = _entry_end(lines, index, end)
        entry = "".join(line.rstrip("\r\n") + "\n" for line in lines[index:stop])
        value = yaml.safe_load(entry) or {}
        listed = value.get("replaces") or []
        existing = [str(item) for item in (listed if isinstance(listed, list) else [listed])]
        merged = [*existing, *(i for i in ids if i not in existing)]
        if merged == existing:
            return text
        comment = ""
        if stop == index + 1 and "#" in match["rest"]:
            comment = " #" + match["rest"].split("#", 1)[1]
        lines[index:stop] = [f"replaces: {_flow(merged)}{comment}{_newline(lines[stop - 1])}"]
        return "".join(lines)
    fresh = [i for i in dict.fromkeys(ids)]
    lines.insert(end, f"replaces: {_flow(fresh)}{_newline(lines[end - 1])}")
    return "".join(lines)
