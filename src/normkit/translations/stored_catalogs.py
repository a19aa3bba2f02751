"""Translation catalogs as read, kept in the build folder between builds.

Every `check` and `build` of a translated project read each PO catalog with polib again
(about half of what translating the demo costs). What a catalog gives a check, its entries
by key with their lines and the diagnostics of its text (`po_files.parse_catalog`), depends
only on its path and text and on the code that reads it, so it is stored under a digest of
exactly those (`entry_key`) and loaded instead when the same text is read again. A loaded
catalog has no polib file (`Catalog.po`): only `normkit translations update` rewrites a
catalog, and it reads its own.

Why a stored entry can never be wrong:
- its name covers the catalog's path and text, normkit's version and the source of the
  modules that read a catalog or define what is stored (`translations/po_files.py` and
  `po_entries.py`,
  `sources/`, `model/`, `diagnostics.py`), the versions of Python and markdown-it (as for a
  stored parse) and polib's own source: an edit or another reader gives another name;
- a truncated, damaged or foreign entry is read from the catalog again and replaced, never
  trusted (`cache_entries.py`: a checksum checked before unpickling, this user's regular
  files only, only the classes of a catalog and its diagnostics), and a loaded entry is
  used only when it holds its own name, and a catalog of the same path or none.

Entries the last read did not use are removed: the folder holds one per catalog.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import normkit
from normkit.cache_entries import Pickled, PickleEntries
from normkit.current import Current
from normkit.diagnostics import Diagnostic
from normkit.sources.stored_parses import parser_fingerprint

if TYPE_CHECKING:  # the reader is imported by the first catalog read: a project without
    # translations (most) never imports it
    from normkit.translations.catalogs_ahead import CatalogsAhead
    from normkit.translations.po_files import Catalog

    Read = tuple[Catalog | None, list[Diagnostic]]

FOLDER = "catalogs"
"""The entries' folder in the build folder's cache (`build/.cache/catalogs`)."""


@cache
def reader_fingerprint() -> bytes:
    """A digest of the code a stored catalog depends on: what a stored parse depends on,
    normkit's catalog reader and polib's source (found without importing it)."""
    digest = hashlib.sha256(parser_fingerprint())
    for name in ("po_files.py", "po_entries.py"):
        reader = Path(normkit.__file__).parent / "translations" / name
        digest.update(hashlib.sha256(reader.read_bytes()).digest())
    spec = find_spec("polib")
    if spec is not None and spec.origin:
        try:
            digest.update(hashlib.sha256(Path(spec.origin).read_bytes()).digest())
        except OSError:
            digest.update(b"polib unreadable")
    return digest.digest()


def entry_key(path: str, text: str) -> str:
    """The entry name of the catalog at project path `path` with `text`."""
    digest = hashlib.sha256(reader_fingerprint())
    encoded = path.encode("utf-8", "surrogatepass")
    digest.update(len(encoded).to_bytes(8, "big") + encoded)
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class StoredCatalogs:
    """Catalogs loaded from, and saved to, `cache/catalogs` (`cache`: the build folder's
    `.cache`). New reads are kept in memory until saved (`cache_entries.save_entries`)."""

    def __init__(self, cache: Path) -> None:
        self.entries = PickleEntries(cache / FOLDER, _allowed)
        self.loaded = 0
        """Catalogs loaded from an entry, by the reads so far."""
        self.read = 0
        """Catalogs read because no intact entry was there."""
        self.ahead: CatalogsAhead | None = None
        """The child reading the catalogs ahead (`read_ahead`), if one was started."""
        self.parsed: dict[str, bytes] = {}
        """The translations it parsed, packed, by their text (`texts.parsed_translations`)."""

    def read_ahead(self, root: Path) -> None:
        """Where no catalog is stored (a cold read), read every catalog of the project on a
        forked child meanwhile (`catalogs_ahead.py`). A read that stored them before reads
        a changed one itself, as it would."""
        if self.entries.folder.is_dir() or not (root / "translations").is_dir():
            return  # (most projects have no catalogs: nothing imported for them)
        from normkit.translations.catalogs import catalog_files
        from normkit.translations.catalogs_ahead import CatalogsAhead

        self.ahead = CatalogsAhead()
        self.ahead.start(root, catalog_files(root), self.entries.pickler)

    def stop_reading_ahead(self) -> None:
        """End the child reading ahead, if it still runs."""
        if self.ahead is not None:
            self.ahead.stop()

    def catalog(self, path: str, text: str) -> Read:
        """The catalog at `path` with `text` and the diagnostics of its text: stored, else
        read (and stored next)."""
        from normkit.translations.po_files import parse_catalog

        key = entry_key(path, text)
        found = self.entries.kept(key)
        if _is_entry(found, key, path):
            self.loaded += 1
            return found[1], list(found[2])  # type: ignore[index]  # a list of its own
        ahead = self.ahead
        made = ahead.entry(key) if ahead is not None else None
        if ahead is not None and made is not None:
            found = self.entries.loads(made, checked=False)  # (never left the program)
            if _is_entry(found, key, path):
                self.read += 1
                self.entries.keep(key, Pickled(made))  # saved as the child made it
                self.parsed.update(ahead.parsed(key))
                return found[1], list(found[2])  # type: ignore[index]
        self.read += 1
        # Stored without its polib file: nothing a check reads.
        catalog, problems = parse_catalog(path, text, keep_file=False)
        self.entries.keep(key, (key, catalog, problems))  # nothing changes them once read
        return catalog, problems


_CURRENT: Current[StoredCatalogs] = Current("stored_catalogs")
current_catalogs = _CURRENT.get
"""The store catalogs are read through now (`catalogs_kept`), if any."""
catalogs_kept = _CURRENT.kept
"""Within: catalogs are read through the store given."""


def _allowed(module: str, name: str) -> bool:
    return module in (
        "normkit.translations.po_files",
        "normkit.model.location",
        "normkit.diagnostics",
    )


def _is_entry(found: Any, key: str, path: str) -> bool:
    from normkit.translations.po_files import Catalog

    if type(found) is not tuple or len(found) != 3 or found[0] != key:
        return False
    catalog, problems = found[1], found[2]
    return (
        (catalog is None or (type(catalog) is Catalog and catalog.path == path))
        and type(problems) is list
        and all(type(item) is Diagnostic for item in problems)
    )
