"""Translation catalogs read on another core while the read parses and builds the sources.

A cold read of a translated project reads every PO catalog in the main process
(`po_files.parse_catalog`) once the standards are built, when the other core is idle: the
demo's six catalogs cost ~40 ms of its cold `check`, loading them as stored entries ~5 ms.
So where no catalog is stored yet (`stored_catalogs.py`: no `catalogs` folder in the
cache), a forked child reads them before the read starts, with the same function on the
same text (and normkit's own catalogs of its interface labels, in the languages of the
project's catalogs), and writes each one's stored entry (the bytes a save would write,
`Pickled`) to an anonymous file, with the tokens of its translated Markdown
(`texts.parsed_translations`: the translations then unpack them instead of parsing).
When the translations ask for their first catalog, the read waits for the child to end
(it has, usually, long before), loads the entries of the texts it reads, and keeps their
bytes to be saved as they are.

What the child could not give (a file it could not read, a text changed since, a child
that failed or died) the read reads itself, as before: the catalogs and diagnostics are
those of a read without the child. Only where it is safe to fork (`forking.fork_is_safe`)
and with more than one core.
"""

from __future__ import annotations

import gc
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from normkit.forking import RecordsChild, record, write_all

Pickler = Callable[[], Callable[[Any], bytes]]


class CatalogsAhead(RecordsChild):
    """The child reading catalogs ahead of the read, if one was started (`start`)."""

    def __init__(self) -> None:
        super().__init__()
        self.read: dict[str, bytes] = {}
        """What the child sent: each catalog's stored entry, by its entry name."""

    def start(self, root: Path, paths: list[str], pickler: Pickler) -> None:
        """Fork the child reading the catalogs at project paths `paths`, each stored as
        `pickler()` makes an entry's bytes (`PickleEntries.pickler`: called in the child
        once the catalogs' classes are imported, which it finds the reducers of)."""
        if paths:
            self.fork("normkit-catalogs", lambda buffer: _read_all(root, paths, pickler, buffer))

    def entry(self, key: str) -> bytes | None:
        """The stored entry the child made under `key`, if it did (waiting for it to end,
        the first time)."""
        if self.child is not None:
            self.read = {name.decode(): value for name, value in self.reap(wanted=True)}
        return self.read.pop(key, None)

    def parsed(self, key: str) -> dict[str, bytes]:
        """The translations' tokens the child sent with the catalog it stored under `key`
        (`texts.parsed_translations`): none if it sent none, or what does not load."""
        found = self.read.pop(_PARSED + key, None)
        try:
            loaded = marshal.loads(found) if found is not None else {}
        except (EOFError, ValueError, TypeError):
            return {}
        return loaded if type(loaded) is dict else {}

    def stop(self) -> None:
        """End the child, if it still runs (the read is over: what it reads is not
        wanted)."""
        self.reap(wanted=False)


def _read_all(root: Path, paths: list[str], pickler: Pickler, buffer: int) -> None:
    """In the child: each catalog read as the read would read it, and its entry written."""
    from normkit.signals import signal
    from normkit.sources.files import read_source
    from normkit.translations.labels import PACKAGED, _locale_file
    from normkit.translations.po_files import parse_catalog
    from normkit.translations.stored_catalogs import entry_key
    from normkit.translations.texts import parsed_translations

    dumps = pickler()
    gc.disable()  # short-lived: a collection would walk (and copy) the inherited heap
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the read waits for it
    texts: list[tuple[str, str]] = []
    for path in paths:
        source, _ = read_source(root, root / path)
        if source is not None:  # (else the read reads it, and reports it)
            texts.append((source.path, source.text))
    # normkit's own catalogs of its labels, in the languages of the project's catalogs
    languages = sorted({path.split("/")[1] for path in paths if path.count("/") > 1})
    for name in ("normkit.pot", *(f"{language}.po" for language in languages)):
        text = _locale_file(name)
        if text is not None:
            texts.append((f"{PACKAGED}/{name}", text))
    for path, text in texts:
        key = entry_key(path, text)
        catalog, problems = parse_catalog(path, text, keep_file=False)
        write_all(buffer, record(key.encode(), dumps((key, catalog, problems))))
        if catalog is not None and not path.startswith(PACKAGED):
            parsed = marshal.dumps(parsed_translations(catalog))
            write_all(buffer, record((_PARSED + key).encode(), parsed))


_PARSED = "parsed "
"""The key of the record of a catalog's parsed translations: before its entry's key."""
