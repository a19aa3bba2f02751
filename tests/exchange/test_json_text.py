"""The outputs' JSON text is what the standard library's `json.dumps(indent=2,
ensure_ascii=False)` writes, with a final newline, whatever the keys."""

from __future__ import annotations

import json
from typing import Any

import pytest

from normkit.outputs.json.text import json_bytes, json_item_bytes, json_text

DOCUMENTS: list[Any] = [
    {"id": "a", "text": {"html": '<p>é & "q"</p>\n'}, "parts": [], "fields": {}},
    [1, 2.5, None, True, {"nested": [{"deep": "中文"}]}],
    {1: "int key", "b": {2: 3, "c": [{4.5: None}]}},  # keys that are not strings
    {True: 1, None: 2, "s": {}},
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_text_is_the_standard_librarys(document: Any) -> None:
    expected = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert json_text(document) == expected
    assert json_bytes(document) == expected.encode("utf-8")


def test_a_value_json_cannot_hold_still_fails() -> None:
    with pytest.raises(TypeError):
        json_text({"what": object()})


@pytest.mark.parametrize("document", DOCUMENTS)
def test_an_item_is_its_text_in_a_list_of_the_written_document(document: Any) -> None:
    item = json_item_bytes(document)
    written = json_bytes({"before": 1, "items": [document, document], "after": []})
    assert written == (
        b'{\n  "before": 1,\n  "items": [\n    '
        + item
        + b",\n    "
        + item
        + b'\n  ],\n  "after": []\n}\n'
    )
