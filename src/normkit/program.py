"""The `normkit` program (its console script and `python -m normkit`): the command line.

The modules it imports are served from the per-machine code cache (`code_cache.py`) from
the start: this module imports nothing for it but what Python has loaded already.
The per-machine caches of dataclass methods and regular expressions (`method_cache.py`,
`pattern_cache.py`) are active before the command line is imported, not only while the
command runs (each command has its files: `command_named`): click and what it imports
(`uuid` and `platform` compile their patterns on import) are then served by them too, about
15 M instructions of every run of every command. Then `cli.main` runs, or for a plain `check`
or `build` the command itself without click (`commands/quick.py`), and the process ends
without freeing its heap (`commands/process_end.py`).

The cycle collector is off while the program imports them: an import allocates objects
that stay (modules, classes, functions) and leaves almost no cyclic garbage, yet every 700
allocations set off a collection that walked the young ones, and older ones again as they
were promoted (~12 M instructions of every run, as in `cli.check` for the rest). What was
imported is then moved out of the collector's reach (`collector.collection_paused`'s
`freeze`), so that no later collection walks it either.
"""

from __future__ import annotations

import gc
import sys


def run() -> None:
    """The `normkit` program: `cli.main` with the caches active from the first import."""
    enabled = gc.isenabled()
    gc.disable()
    from normkit.code_cache import modules_served_once

    command = command_named(sys.argv[1:])
    with modules_served_once(command=command):
        _run_with_caches(command, enabled)


def _run_with_caches(command: str, enabled: bool) -> None:
    from normkit.pattern_cache import patterns_compiled_once

    with patterns_compiled_once(command=command):
        # (imported here: `dataclasses` and `inspect`' `tokenize` compile patterns on import)
        from normkit.method_cache import methods_compiled_once

        with methods_compiled_once(command=command):
            _run_command(enabled)


def _run_command(enabled: bool) -> None:
    from normkit.commands.process_end import run as run_and_end
    from normkit.commands.quick import quick_command

    # A plain `check` or `build` runs without click (`commands/quick.py`), any other
    # command line through it.
    command = quick_command(sys.argv[1:])
    if command is None:
        from normkit.cli import main

        command = main
    gc.freeze()
    if enabled:
        gc.enable()
    run_and_end(command)


COMMANDS = frozenset(
    {
        "apply-replaces",
        "build",
        "check",
        "checklist",
        "codes",
        "consultation",
        "diff",
        "export",
        "import",
        "keys",
        "serve",
        "translations",
    }
)
"""The commands' names, each with its own files of the per-machine caches (`cli.main`'s
commands: a test keeps them equal; written out here so that naming one imports no click)."""


def command_named(arguments: list[str]) -> str:
    """The command a run names (`check` in `normkit --debug check --strict`), whose own files
    of the per-machine caches it reads and writes; "" for none (`normkit --help`) or a word
    that is no command's name (a mistyped one leaves no files of its own)."""
    for argument in arguments:
        if not argument.startswith("-"):
            return argument if argument in COMMANDS else ""
    return ""
