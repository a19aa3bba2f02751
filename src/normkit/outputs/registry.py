"""The output writers `normkit build` knows, by name, imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:  # the command line lists outputs without importing the model
    from normkit.model.corpus import Corpus
    from normkit.outputs.context import BuildContext

Writer: TypeAlias = "Callable[[Corpus, Path, BuildContext], None]"
Finisher: TypeAlias = "Callable[[Corpus, Path, BuildContext], None]"


@dataclass(frozen=True, slots=True)
class Output:
    """One output of a build and how it is scheduled."""

    name: str
    writer: str
    """`module:function` writing the output into the folder it is given."""
    documents: bool = False
    """The writer renders independent documents through `context.map`: it runs in the main
    process and feeds the build's worker pool one document at a time. Otherwise the whole
    writer is one task on a worker."""
    finish: str = ""
    """`module:function` run once every output of the build is written (given the build's
    folder, not the output's), for what depends on the other outputs."""
    changesets: bool = False
    """The writer reads the changesets between versions: the build computes them once,
    before its workers start, instead of each writer in its own process."""


OUTPUTS: tuple[Output, ...] = (
    Output("json", "normkit.outputs.json.writer:write_json", changesets=True),
    Output("pdf", "normkit.outputs.pdf.writer:write_pdf", documents=True),
    Output("docx", "normkit.outputs.docx.writer:write_docx", documents=True),
    Output("diff", "normkit.outputs.diff.writer:write_diff", changesets=True),
    Output("consultation", "normkit.outputs.consultation.writer:write_consultation"),
    Output("oscal", "normkit.outputs.oscal.writer:write_oscal", changesets=True),
    Output("checklists", "normkit.outputs.checklists.writer:write_checklists"),
    Output("crosswalks", "normkit.outputs.crosswalks.writer:write_crosswalks", changesets=True),
    Output(
        "site",
        "normkit.outputs.site.writer:write_site",
        finish="normkit.outputs.site.downloads:attach_downloads",
        changesets=True,
    ),
)
"""In the order they are listed to users."""

LONGEST_FIRST = ("site", "diff", "json")
"""Whole-output tasks start in this order, so the longest one does not start last."""


def available() -> tuple[str, ...]:
    return tuple(output.name for output in OUTPUTS)


def output(name: str) -> Output:
    return next(o for o in OUTPUTS if o.name == name)


def load(reference: str) -> Any:
    module_name, _, function = reference.partition(":")
    return getattr(importlib.import_module(module_name), function)


def load_writer(name: str) -> Writer:
    writer: Writer = load(output(name).writer)
    return writer
