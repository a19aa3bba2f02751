"""Author text as normkit Markdown: escaping plain text, and laying out lists and headings.

Importers write sources, so every piece of text they take from a spreadsheet cell or a
catalogue must come back out of the Markdown parser exactly as it went in: a title with
`*`, `<`, `[[` or a leading `1.` must not turn into emphasis, HTML, a reference or a list.
"""

from __future__ import annotations

import re

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~{}&#$])")
"""ASCII punctuation that can start inline markup (CommonMark lets any of it be escaped);
`{`, `}`, `$` and `#` too, so that no plugin or heading rule reads them."""
_LINE_START = re.compile(r"^(\s*)([-+=:>]|\d+[.)])(?=\s|$)")
"""What at the start of a line would begin a list, a quote, a setext underline or a
definition."""
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_ANGLE = re.compile(r"(?<!\\)((?:\\\\)*)<")
"""A `<` that is not escaped yet (an even number of backslashes before it, or none)."""


def escape_inline(text: str) -> str:
    """Plain text (one line) as Markdown inline content that renders as exactly that text."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)" and marker[:-1].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def escape_plain_text(text: str) -> str:
    """Plain text of one or more paragraphs (a spreadsheet cell) as Markdown.

    Blank lines separate paragraphs; a single line break stays a line break (a hard
    break), as the author saw it in the cell.
    """
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    rendered = []
    for paragraph in paragraphs:
        lines = [escape_inline(line) for line in paragraph.split("\n") if line.strip()]
        if lines:
            rendered.append("\\\n".join(lines))
    return "\n\n".join(rendered)


def escape_html_in_markdown(markdown: str) -> str:
    """Markdown in which `<` is literal text outside code spans.

    Catalogue prose (OSCAL markup) is Markdown without HTML, so a `<` in it is a
    less-than sign, never a tag; escaping it keeps it so under any HTML policy.
    """
    pieces: list[str] = []
    position = 0
    for match in _CODE_SPAN.finditer(markdown):
        pieces.append(_ANGLE.sub(r"\1\\<", markdown[position : match.start()]))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(_ANGLE.sub(r"\1\\<", markdown[position:]))
    return "".join(pieces)


def heading_text(markdown_line: str) -> str:
    """Inline Markdown made safe as the text of an ATX heading: one line, and no closing
    `#` sequence that the heading rule would strip."""
    line = " ".join(markdown_line.split())
    return re.sub(r"(#+)$", lambda m: "\\#" * len(m.group(1)), line)


def heading(level: int, number: str, title_markdown: str) -> str:
    """`## AC-2 Account management`: a heading with an optional number and title."""
    words = [part for part in (number, heading_text(title_markdown)) if part]
    return "#" * level + " " + " ".join(words)


def indent(markdown: str, width: int) -> str:
    """Indent every line but the first by `width` spaces (list item continuation)."""
    pad = " " * width
    return "\n".join(
        (pad + line if index and line.strip() else line)
        for index, line in enumerate(markdown.split("\n"))
    )


def list_item(marker: str, markdown: str) -> str:
    """One list item whose content is `markdown` (possibly several blocks)."""
    return f"{marker} " + indent(markdown.strip("\n"), len(marker) + 1)
