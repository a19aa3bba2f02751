"""JSON text as the outputs write it: two-space indents, characters as they are (UTF-8), keys
in the document's order, and a final newline."""

from __future__ import annotations

from typing import Any

import orjson

_OPTIONS = orjson.OPT_INDENT_2
_FILE_OPTIONS = _OPTIONS | orjson.OPT_APPEND_NEWLINE


def _dumps(document: Any, options: int) -> bytes:
    """Keys that are not strings are written as the standard library writes them
    (`OPT_NON_STR_KEYS`), but only for a document that has some: that option makes orjson
    look at every key of every object, which made writing a version's file 1.7× as dear (the
    bytes are the same for string keys, which almost every document has only)."""
    try:
        return orjson.dumps(document, option=options)
    except orjson.JSONEncodeError:
        return orjson.dumps(document, option=options | orjson.OPT_NON_STR_KEYS)


def json_text(document: Any) -> str:
    """The text `json.dumps(document, indent=2, ensure_ascii=False)` writes, plus a newline.

    The standard library writes indented JSON with its Python encoder (its C encoder only
    writes JSON without indents), which was a third of compiling a project to criteria JSON;
    orjson writes the same text in C. (It writes a float's exponent without a sign or
    leading zero, `1e-5`; no output has floats that small.)"""
    return _dumps(document, _OPTIONS).decode("utf-8") + "\n"


def json_bytes(document: Any) -> bytes:
    """`json_text(document)` encoded as UTF-8, as the files hold it (without decoding and
    encoding it again, and with orjson's own final newline: adding one would copy the
    bytes, 24 MB for a version of 5,000 criteria)."""
    return _dumps(document, _FILE_OPTIONS)


def json_item_bytes(document: Any) -> bytes:
    """`document` as `json_bytes` writes it as an item of a list that is the value of one of
    the written document's keys (as a version file's criteria are): indented by four spaces,
    its own lines by four more, without a comma or newline after it. Written inside such a
    list and cut out of it: orjson writes no text indented from a given depth, and adding
    the indent to each line after made the version file dearer than writing it whole."""
    return _dumps([[document]], _OPTIONS)[len(_ITEM_START) : -len(_ITEM_END)]


_ITEM_START = b"[\n  [\n    "
_ITEM_END = b"\n  ]\n]"
