"""Control characters written as escapes: a Markdown character reference (`&#27;`, `&#x0c;`)
or an escape in a double-quoted YAML string (`\\e`, `\\x1b`, `\\0`). A control character typed
as itself is found when the file is read (`source.control-character`, `files.py`); one
written as an escape only exists once the text is parsed, so it is found there and
reported where it is written (`source.control-escape`). A reference is left out of the text,
as the typed character is; a YAML block with such an escape is not read, as a malformed one.
No output carries either. Tab and line breaks are text; a lone surrogate cannot be written as
UTF-8 (`source.not-utf8`), and YAML rejects it as an escape (`yaml.malformed`)."""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Not text: C0 controls but tab and line breaks, DEL, C1 controls, lone surrogates."""
HINT = "remove it: text holds tabs and line breaks, no other control characters"
ENV_KEY = "nk_control_references"
"""Key in the markdown-it env listing the control-character references of a parse:
(0-based first line of their block, the reference as written)."""
_NUMERIC = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


def is_control(code: int) -> bool:
    return code <= 0x10FFFF and CONTROL.fullmatch(chr(code)) is not None


def control_references_plugin(md: MarkdownIt) -> None:
    """Numeric character references to control characters become nothing (markdown-it would
    write U+FFFD for most, and a form feed as itself), each listed in the env."""
    md.core.ruler.before("text_join", "nk_control_references", _drop_control_references)


def _drop_control_references(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for child in block.children:
            if child.type != "text_special" or child.info != "entity":
                continue
            found = _NUMERIC.fullmatch(child.markup)
            if found is None:
                continue
            code = int(found[1], 16) if found[1] else int(found[2])
            if is_control(code):
                child.content = ""
                line = block.map[0] if block.map else 0
                state.env.setdefault(ENV_KEY, []).append((line, child.markup))


def reference_diagnostics(env: dict[str, Any], lines: list[str], path: str) -> list[Diagnostic]:
    """Each control-character reference a parse left out, located where it is written: the
    next occurrence of its text at or after the first line of its block."""
    found: list[Diagnostic] = []
    taken: set[tuple[int, int]] = set()
    for first, written in env.get(ENV_KEY, []):
        line, column = _find(lines, first, written, taken)
        taken.add((line, column))
        code = _NUMERIC.fullmatch(written)
        assert code is not None
        number = int(code[1], 16) if code[1] else int(code[2])
        found.append(
            diagnostic(
                Code.SOURCE_CONTROL_ESCAPE,
                Location(path=path, line=line + 1, column=column + 1),
                f"character reference {written} stands for the control character "
                f"U+{number:04X}; it is left out",
                HINT,
            )
        )
    return found


def _find(
    lines: list[str], first: int, written: str, taken: set[tuple[int, int]]
) -> tuple[int, int]:
    for line in range(first, len(lines)):
        column = lines[line].find(written)
        while column >= 0:
            if (line, column) not in taken:
                return line, column
            column = lines[line].find(written, column + 1)
    return first, 0


def _html_control(code: int) -> bool:
    """Whether an HTML reference gives a control character: HTML reads `&#128;`–`&#159;` as
    Windows-1252 (`&#150;` is an en dash), but for the five codes that table leaves out."""
    if 0x80 <= code <= 0x9F:
        try:
            bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return True
        return False
    return is_control(code)


def html_reference_diagnostics(html: str, location: Location) -> list[Diagnostic]:
    """The references to control characters in a piece of author HTML, at `location` (where
    the piece starts) and as far into it as they are."""
    found = []
    for match in _NUMERIC.finditer(html):
        code = int(match[1], 16) if match[1] else int(match[2])
        if not _html_control(code):
            continue
        offset = match.start()
        lines = html.count("\n", 0, offset)
        column = offset - (html.rfind("\n", 0, offset) + 1) + 1
        if lines == 0:
            column += location.column - 1
        found.append(
            diagnostic(
                Code.SOURCE_CONTROL_ESCAPE,
                Location(path=location.path, line=location.line + lines, column=column),
                f"character reference {match[0]} stands for the control character "
                f"U+{code:04X}; it is left out",
                HINT,
            )
        )
    return found


def escaped_controls(value: str) -> tuple[str, str | None]:
    """A YAML string without its control characters, and the first one (None: none)."""
    found = CONTROL.search(value)
    if found is None:
        return value, None
    return CONTROL.sub("", value), found.group()
