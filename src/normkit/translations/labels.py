"""The interface labels normkit generates (headings, facts, banners), through gettext.

Templates call `_()` (Jinja2's i18n extension) and Python code calls `_()` from here; both
look the label up in the labels of the language being written, set with `labels_in()`.
English labels are the message ids. normkit ships translations of its labels
(`locale/<language>.po`); a project's `translations/<language>/ui.po` takes precedence, so
a standards body can word them its own way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from types import MappingProxyType

_LABELS: ContextVar[Mapping[str, str]] = ContextVar("normkit_labels", default=MappingProxyType({}))
_LANGUAGE: ContextVar[str] = ContextVar("normkit_language", default="")


def _(message: str) -> str:
    """A label in the current language (the English label when it has no translation)."""
    return _LABELS.get().get(message) or message


def gettext(message: str) -> str:
    """`_` under gettext's name, for Jinja2's i18n extension."""
    return _(message)


def N_(message: str) -> str:
    """Marks a label for extraction where it is defined; `_()` translates it where used."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _(singular) if count == 1 else _(plural)


STATUS_WORDS = (
    N_("draft"),
    N_("consultation"),
    N_("published"),
    N_("superseded"),
    N_("withdrawn"),
    N_("incorporated into"),
    N_("moved to"),
)
"""Words of the model that outputs show translated: version statuses and how a withdrawn
criterion went (`Withdrawal.phrase`)."""


def current_language() -> str:
    """The language being written (empty: the source language)."""
    return _LANGUAGE.get()


@contextmanager
def labels_in(language: str, labels: Mapping[str, str]) -> Iterator[None]:
    """Within: `_()` answers in `language`."""
    labels_token = _LABELS.set(labels)
    language_token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LABELS.reset(labels_token)
        _LANGUAGE.reset(language_token)


def _locale_file(name: str) -> str | None:
    # (imported when a catalog is read: English labels, the message ids, need none of it;
    # read by the package's loader rather than `importlib.resources`, whose import brings
    # `tempfile`, `shutil`, `bz2`, `lzma` and `random` into a check that uses none of them)
    from normkit.outputs.package_data import package_text

    try:
        return package_text("normkit.translations", f"locale/{name}")
    except OSError:  # (a missing file, as `is_file` said)
        return None


@cache
def label_ids() -> tuple[str, ...]:
    """Every label normkit generates, from `locale/normkit.pot`."""
    text = _locale_file("normkit.pot")
    if text is None:
        return ()
    return tuple(msgid for msgid, _, _ in _entries("normkit.pot", text) if msgid)


@cache
def packaged_labels(language: str) -> Mapping[str, str]:
    """normkit's own translation of its labels into `language` (empty when it has none);
    current entries only, fuzzy ones left out."""
    text = _locale_file(f"{language}.po")
    if text is None:
        return {}
    return {
        msgid: msgstr
        for msgid, msgstr, fuzzy in _entries(f"{language}.po", text)
        if msgstr and not fuzzy
    }


def _entries(name: str, text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of each current entry of a packaged catalog: as the read's
    stored catalogs keep it (`stored_catalogs.py`: parsed once, not at every run), where
    there are and it reads without a problem; else as polib reads it."""
    from normkit.translations.stored_catalogs import current_catalogs

    stored = current_catalogs()
    if stored is not None:
        catalog, problems = stored.catalog(f"{PACKAGED}/{name}", text)
        if catalog is not None and not problems:
            return [(e.source, e.translation, e.fuzzy) for e in catalog.entries.values()]
    import polib

    return [
        (entry.msgid, entry.msgstr, "fuzzy" in entry.flags)
        for entry in polib.pofile(text)
        if not entry.obsolete
    ]


PACKAGED = "normkit:locale"
"""The folder packaged catalogs are named in, among the project's (`stored_catalogs.py`)."""
