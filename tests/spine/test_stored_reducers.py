"""`cache_entries.StoredReducers`, the dispatch table of the caches' picklers and of the
render helper: a model pickled with it is the same bytes as with a reducer for every frozen
dataclass of normkit's modules found ahead, and it makes none for a class it does not meet."""

from __future__ import annotations

import copyreg
import dataclasses
import io
import pickle
import sys
from typing import Any

from normkit import cache_entries
from normkit.cache_entries import PROTOCOL, StoredReducers
from normkit.model.standard import Criterion
from normkit.model.text import LinkTarget, TargetKind, Text
from normkit.pipeline import check_project
from tests.conftest import REPO


def _pickled(value: object, table: dict[type, Any]) -> bytes:
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=PROTOCOL)
    pickler.dispatch_table = table
    pickler.dump(value)
    return stream.getvalue()


def _found_ahead() -> dict[type, Any]:
    """A reducer for every frozen, slotted dataclass of normkit's loaded modules."""
    getstate = dataclasses._dataclass_getstate  # type: ignore[attr-defined]
    found = dict(copyreg.dispatch_table)
    for name, module in list(sys.modules.items()):
        if name.startswith("normkit.") and module is not None:
            for value in list(vars(module).values()):
                if (
                    isinstance(value, type)
                    and value.__module__ == name
                    and value.__dict__.get("__getstate__") is getstate
                ):
                    found[value] = cache_entries._stored_reducer(value)
    return found


def test_a_model_pickles_as_with_every_reducer_found_ahead() -> None:
    result = check_project(REPO, layout=False, jobs=1)
    assert result.corpus is not None and result.diagnostics
    model = (result.corpus, result.diagnostics)  # (enums too: `TargetKind`, `Code`)
    lazy = StoredReducers(copyreg.dispatch_table)
    assert _pickled(model, lazy) == _pickled(model, _found_ahead())
    assert Criterion in lazy


def test_only_what_it_meets() -> None:
    lazy = StoredReducers(copyreg.dispatch_table)
    text = Text(markdown="a", pieces=("<p>a</p>",), plain="a")
    target = LinkTarget(kind=TargetKind.EXTERNAL, value="https://example.org")
    assert pickle.loads(_pickled((text, target), lazy)) == (text, target)
    assert Text in lazy and LinkTarget in lazy and TargetKind in lazy
    assert Criterion not in lazy
    assert len(lazy) == len(copyreg.dispatch_table) + 3
