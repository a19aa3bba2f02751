"""The `normkit` program (its console script and `python -m normkit`): the command line.

The per-machine caches of dataclass methods and regular expressions (`method_cache.py`,
`pattern_cache.py`) are active before the command line is imported, not only while the
command runs: click and what it imports (`uuid` and `platform` compile their patterns on
import) are then served by them too, about 15 M instructions of every run of every command.
Then `cli.main` runs and the process ends without freeing its heap
(`commands/process_end.py`).

The cycle collector is off while the program imports them: an import allocates objects
that stay (modules, classes, functions) and leaves almost no cyclic garbage, yet every 700
allocations set off a collection that walked the young ones, and older ones again as they
were promoted (~12 M instructions of every run, as in `cli.check` for the rest). What was
imported is then moved out of the collector's reach (`collector.collection_paused`'s
`freeze`), so that no later collection walks it either.
"""

from __future__ import annotations

import gc


def run() -> None:
    """The `normkit` program: `cli.main` with the caches active from the first import."""
    enabled = gc.isenabled()
    gc.disable()
    from normkit.method_cache import methods_compiled_once
    from normkit.pattern_cache import patterns_compiled_once

    with methods_compiled_once(), patterns_compiled_once():
        from normkit.cli import main
        from normkit.commands.process_end import run as run_and_end

        gc.freeze()
        if enabled:
            gc.enable()
        run_and_end(main)
