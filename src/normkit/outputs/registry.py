"""The output writers `normkit build` knows, by name, imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext

Writer = Callable[[Corpus, Path, BuildContext], None]

WRITERS: dict[str, str] = {
    "json": "normkit.outputs.json.writer:write_json",
    "pdf": "normkit.outputs.pdf.writer:write_pdf",
    "docx": "normkit.outputs.docx.writer:write_docx",
    "diff": "normkit.outputs.diff.writer:write_diff",
    "site": "normkit.outputs.site.writer:write_site",
}
"""Output name → `module:function`; `normkit build` runs them in this order."""


def available() -> tuple[str, ...]:
    return tuple(WRITERS)


def load_writer(name: str) -> Writer:
    module_name, _, function = WRITERS[name].partition(":")
    writer: Writer = getattr(importlib.import_module(module_name), function)
    return writer
