"""The `normkit` program (its console script and `python -m normkit`): the command line.

The per-machine caches of dataclass methods and regular expressions (`method_cache.py`,
`pattern_cache.py`) are active before the command line is imported, not only while the
command runs: click and what it imports (`uuid` and `platform` compile their patterns on
import) are then served by them too, about 15 M instructions of every run of every command.
Then `cli.main` runs and the process ends without freeing its heap
(`commands/process_end.py`).
"""

from __future__ import annotations


def run() -> None:
    """The `normkit` program: `cli.main` with the caches active from the first import."""
    from normkit.method_cache import methods_compiled_once
    from normkit.pattern_cache import patterns_compiled_once

    with methods_compiled_once(), patterns_compiled_once():
        from normkit.cli import main
        from normkit.commands.process_end import run as run_and_end

        run_and_end(main)
