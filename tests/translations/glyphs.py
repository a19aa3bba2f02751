"""Reading a PDF's text back glyph by glyph: which glyphs of which fonts its pages draw.

A character no font of the document has is drawn as glyph 0 (`.notdef`, the "tofu" box) of
the font in use. typst embeds CID fonts with Identity-H encoding, so the codes that text
operators show are glyph ids: a document whose every character has a glyph never shows 0.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject


def _codes(data: Any) -> list[int]:
    """The 2-byte codes of a shown string. pypdf decodes some as UTF-16 text and gives them
    back with a byte-order mark prepended: without it they are the bytes as written."""
    raw = data.get_original_bytes() if hasattr(data, "get_original_bytes") else bytes(data)
    if raw.startswith(b"\xfe\xff"):
        raw = raw[2:]
    return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]


def _walk(
    stream: Any, resources: DictionaryObject, reader: PdfReader, shown: Counter[tuple[str, int]]
) -> None:
    fonts = resources.get("/Font", DictionaryObject())
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    objects = resources.get("/XObject", DictionaryObject())
    objects = objects.get_object() if objects is not None else DictionaryObject()
    font_name = ""
    two_byte = False
    for operands, operator in ContentStream(stream, reader).operations:
        if operator == b"Tf":
            font = fonts[operands[0]].get_object()
            font_name = str(font.get("/BaseFont", ""))
            two_byte = font.get("/Subtype") == "/Type0"
        elif operator in (b"Tj", b"'", b'"') and two_byte:
            for code in _codes(operands[-1]):
                shown[(font_name, code)] += 1
        elif operator == b"TJ" and two_byte:
            for item in operands[0]:
                if not isinstance(item, (int, float)) and hasattr(item, "__len__"):
                    for code in _codes(item):
                        shown[(font_name, code)] += 1
        elif operator == b"Do":
            target = objects[operands[0]].get_object()
            if target.get("/Subtype") == "/Form":
                inner = target.get("/Resources")
                _walk(target, inner.get_object() if inner is not None else resources, reader, shown)


def shown_glyphs(path: Path) -> Counter[tuple[str, int]]:
    """(font, glyph id) → how often the document's pages draw it."""
    reader = PdfReader(str(path))
    shown: Counter[tuple[str, int]] = Counter()
    for page in reader.pages:
        resources = page.get("/Resources")
        _walk(
            page.get_contents(),
            resources.get_object() if resources else DictionaryObject(),
            reader,
            shown,
        )
    return shown


def notdef_count(path: Path) -> int:
    """How many characters the document draws as `.notdef` (glyph 0)."""
    return sum(count for (_font, glyph), count in shown_glyphs(path).items() if glyph == 0)
