"""Python's cycle collector, paused while the model is built or read whole."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused(freeze: bool = False) -> Iterator[None]:
    """Python's cycle collector off within. Reading allocates millions of objects that all
    stay alive (tokens, then the model), and each full collection walks all of them again:
    with 10,000 criteria that was a third of the time, and it grew faster than the sources.
    Writing a document per criterion (the JSON API) allocates as many again, and the
    collections it set off walked the whole model each time. Both leave little cyclic
    garbage (documents are freed as each is written), so memory is unchanged.

    With `freeze`, what is alive at the end is moved out of the collector's reach
    (`gc.freeze`) before it runs again. Every object allocated while it was paused counts as
    young, so the first collection after a read walked the whole model, and the next one
    walked it again to promote it (0.44 s of a 3.7 s check at 10,000 criteria), although
    the model stays alive to the end of a command. Frozen objects are still freed when no
    longer referenced; only garbage in a cycle stays until the process ends, so a command
    that reads once freezes, and a `serve` session, which reads again and again, does not."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
