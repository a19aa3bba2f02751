"""Python's cycle collector, paused while the model is built or read whole."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector off within. Reading allocates millions of objects that all
    stay alive (tokens, then the model), and each full collection walks all of them again:
    with 10,000 criteria that was a third of the time, and it grew faster than the sources.
    Writing a document per criterion (the JSON API) allocates as many again, and the
    collections it set off walked the whole model each time. Both leave little cyclic
    garbage (documents are freed as each is written), so memory is unchanged."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
