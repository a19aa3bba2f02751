"""`cache_entries.StoredReducers`, the reducers of `stored_reducers` found as objects need
them: a model pickled with it is the same bytes as with every reducer found ahead, and it
makes none for a class it does not meet."""

from __future__ import annotations

import copyreg
import io
import pickle
from typing import Any

from normkit.cache_entries import PROTOCOL, StoredReducers, stored_reducers
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


def test_a_model_pickles_as_with_every_reducer_found_ahead() -> None:
    result = check_project(REPO, layout=False, jobs=1)
    assert result.corpus is not None and result.diagnostics
    model = (result.corpus, result.diagnostics)  # (enums too: `TargetKind`, `Code`)
    every = {**copyreg.dispatch_table, **stored_reducers()}
    lazy = StoredReducers(copyreg.dispatch_table)
    assert _pickled(model, lazy) == _pickled(model, every)
    assert lazy[Criterion] is not None and Criterion in lazy


def test_only_what_it_meets() -> None:
    lazy = StoredReducers(copyreg.dispatch_table)
    text = Text(markdown="a", pieces=("<p>a</p>",), plain="a")
    target = LinkTarget(kind=TargetKind.EXTERNAL, value="https://example.org")
    assert pickle.loads(_pickled((text, target), lazy)) == (text, target)
    assert Text in lazy and LinkTarget in lazy and TargetKind in lazy
    assert Criterion not in lazy
    assert len(lazy) == len(copyreg.dispatch_table) + 3
