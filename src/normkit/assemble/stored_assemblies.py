"""Built versions and guidance editions kept in the build folder between builds.

Rendering a version's criteria and sections is about half of reading a project, and a
repeated build usually finds most versions unchanged. `normkit serve` already keeps each
version with everything it was built from (`reuse.py`: its sources, the settings that
shape it, what its references and terms resolved against, the answers about the files it
links) and builds it again only when one of those changed. `StoredAssemblies` is that
cache kept in `build/.cache/assemblies`, so a repeated `check` or `build` in a new process
reuses versions the same way, under the same comparisons.

What else a stored version depends on, beyond what `reuse.py` compares, is the program:
every entry is named by a digest of its name, normkit's version, every module of its
whole package (path, size and times: `source_digest` says why that is as strict as the
interpreter's own choice of the code it runs) and the installed distributions (their names
and versions), so an edited or another normkit or an upgraded library never reads an old
entry. An entry is checked before it is
unpickled and only holds normkit's model classes (`cache_entries.py`); a damaged or foreign
entry is built again. Entries the last read did not use are removed.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Hashable
from functools import cache
from pathlib import Path
from typing import TypeGuard

import normkit
from normkit.assemble.links import ProjectFiles
from normkit.assemble.reuse import AssemblyCache, Built, Kept
from normkit.cache_entries import PROTOCOL, PickleEntries, source_digest
from normkit.diagnostics import Diagnostic

FOLDER = "assemblies"
"""The entries' folder in the build folder's cache (`build/.cache/assemblies`)."""
_FUNCTIONS = frozenset({("re", "_compile")})
"""How a compiled pattern is rebuilt (the model holds a few)."""
SAVED_AHEAD_FROM = 200
"""Criteria rendered in the versions built since the last save ahead, from which they are
saved ahead (`built`, while the next is built), and from which the final save forks a child
(`unsaved`). Each child costs about 10 ms of CPU in the two processes (the fork, and the
pages each then writes, copied), about what pickling 200 criteria costs: the demo's sixteen
small versions, editions and translations, each saved ahead, cost its cold check a seventh
of its CPU. Smaller ones wait for the next save, ahead or at the end of the read, and a
project smaller than that is saved by the command itself (at 100 criteria, two children cost
a cold check more than a tenth of its CPU)."""


@cache
def program_fingerprint() -> bytes:
    """A digest of normkit's code and the installed distributions; part of every name."""
    digest = source_digest(Path(normkit.__file__).parent, ("",))
    for part in (normkit.__version__, sys.version, str(PROTOCOL)):
        digest.update(part.encode() + b"\0")
    for folder in sorted({p for p in sys.path if p.endswith("-packages")}):
        try:
            names = sorted(n for n in os.listdir(folder) if n.endswith(".dist-info"))
        except OSError:
            continue
        digest.update("\0".join([folder, *names]).encode("utf-8", "surrogateescape"))
    return digest.digest()


def entry_name(name: str) -> str:
    return hashlib.sha256(program_fingerprint() + name.encode("utf-8", "surrogatepass")).hexdigest()


class StoredAssemblies(AssemblyCache):
    """An `AssemblyCache` whose versions and editions come from, and go to,
    `cache/assemblies` (`cache`: the build folder's `.cache`); new ones are written by
    `save_entries`, or as soon as they are built where `built` saves ahead
    (`cache_entries.save_ahead`: once `SAVED_AHEAD_FROM` criteria are)."""

    def __init__(self, cache: Path, built: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.entries = PickleEntries(cache / FOLDER, _allowed, functions=_FUNCTIONS)
        self.built = built
        """Called when another version or edition is to be built, once those built anew
        since it was last called (their entries kept) rendered `SAVED_AHEAD_FROM` criteria:
        what may save them ahead of the rest (`cache_entries.save_ahead`), the parsed
        chapters with the first. Not after the last one: a child saving it would run beside
        what follows the read (the checks), which walks the same model, and each page either
        writes is then copied; the final save writes it."""
        self.unsaved = 0
        """Criteria rendered in the versions and editions whose entries no save ahead took:
        what the final save writes of them."""
        self.loaded: set[str] = set()
        """Names whose entry was intact (reused only if nothing they were built from
        changed: `reused`)."""

    def build(
        self,
        name: str,
        key: Hashable,
        context: object,
        files: ProjectFiles,
        build: Callable[[ProjectFiles], tuple[Built, list[Diagnostic]]],
    ) -> tuple[Built, list[Diagnostic]]:
        if self.unsaved >= SAVED_AHEAD_FROM:  # saved while this one is built
            self.built()
            if not self.entries.pending:  # written ahead (else by the final save)
                self.unsaved = 0
        stored = entry_name(name)
        if name not in self.kept:
            found = self.entries.load(stored)
            if _is_kept(found):
                self.kept[name] = found
                self.loaded.add(name)
        result = super().build(name, key, context, files, build)
        if name not in self.reused:
            kept = self.kept[name]
            self.entries.keep(stored, kept)  # the model is immutable
            self.unsaved += len(kept.renders)
        return result

    def may_reuse(self, name: str) -> bool:
        return name in self.kept or (self.entries.folder / entry_name(name)).exists()

    def forget_unused(self) -> None:
        """Nothing is kept in memory after the read (`save_entries` stores what is new):
        what the loaded entries were built from would only hold memory."""
        self.kept = {}
        self.used = set()


def _is_kept(found: object) -> TypeGuard[Kept[object]]:
    return (
        type(found) is Kept
        and type(found.asked) is list
        and type(found.diagnostics) is list
        and type(found.renders) is dict
        and all(type(item) is Diagnostic for item in found.diagnostics)
    )


def _allowed(module: str, name: str) -> bool:
    """Classes of normkit's (the model, diagnostics, what resolution compares) and dates."""
    return module == "datetime" or module.startswith("normkit.")
