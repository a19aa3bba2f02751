"""Creating and updating a catalog from the units of the sources, as `msgmerge` would: new
units added, changed ones marked fuzzy with the previous source kept, removed ones obsoleted."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polib
from babel.messages.plurals import get_plural

from normkit.translations.po_files import HASH_PREFIX, Catalog, source_hash
from normkit.translations.units import Unit, UnitKind

MARKDOWN_FLAG = "md-text"
"""Weblate's flag for Markdown text (it then checks links and syntax); other tools ignore it."""
_SCOPE = re.compile(r"\[[^\]]*\]")
"""The scope in a glossary key (`term.living-wage[performance@v3 performance@v4]`): it
changes when an entry is limited to more or fewer versions, the entry stays the same."""


@dataclass(slots=True)
class UpdateCounts:
    """What an update did to one catalog."""

    added: int = 0
    changed: int = 0
    """Units whose source text changed: translations marked fuzzy."""
    obsoleted: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.added} new, {self.changed} changed (marked fuzzy), "
            f"{self.obsoleted} obsolete, {self.unchanged} unchanged"
        )


def _comment(unit: Unit) -> str:
    lines = [unit.note] if unit.note else []
    return "\n".join([*lines, HASH_PREFIX + source_hash(unit.text)])


def _header(language: str, title: str, existing: Catalog | None) -> dict[str, str]:
    metadata = dict(existing.po.metadata) if existing and existing.po else {}
    metadata["Project-Id-Version"] = title
    metadata["Language"] = language
    metadata["MIME-Version"] = "1.0"
    metadata["Content-Type"] = "text/plain; charset=UTF-8"
    metadata["Content-Transfer-Encoding"] = "8bit"
    try:
        plural = get_plural(language.replace("-", "_"))
        metadata.setdefault(
            "Plural-Forms", f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
        )
    except ValueError:
        pass
    metadata["X-Generator"] = "normkit translations update"
    return metadata


def update_catalog(
    existing: Catalog | None,
    units: Sequence[Unit],
    *,
    language: str,
    title: str,
    prefill: Mapping[str, str] | None = None,
    keyed: bool = True,
) -> tuple[str, UpdateCounts]:
    """The catalog's new text, and what changed. `prefill` gives translations for new units
    (normkit's own labels); `keyed` writes unit keys as `msgctxt` (labels go without)."""
    counts = UpdateCounts()
    old: dict[str, polib.POEntry] = {}
    obsolete: list[polib.POEntry] = []
    po = polib.POFile(wrapwidth=78, encoding="utf-8")
    if existing is not None and existing.po is not None:
        po.header = existing.po.header
        for entry in existing.po:
            if entry.obsolete:
                obsolete.append(entry)
            else:
                old.setdefault((entry.msgctxt or entry.msgid) if keyed else entry.msgid, entry)
        for entry in obsolete:
            old.setdefault((entry.msgctxt or entry.msgid) if keyed else entry.msgid, entry)
    else:
        po.header = (
            f"{title}: translation into {language}.\n"
            "Updated by `normkit translations update`; translate `msgstr`, keep `msgid`."
        )
    po.metadata = _header(language, title, existing)
    used: set[str] = set()
    current = {unit.key for unit in units}
    for unit in units:
        used.add(unit.key)
        entry = polib.POEntry(
            msgctxt=unit.key if keyed else None,
            msgid=unit.text,
            msgstr="",
            comment=_comment(unit),
            occurrences=[(unit.location.path, str(unit.location.line))]
            if unit.location.line
            else [],
            flags=[MARKDOWN_FLAG] if unit.kind is UnitKind.MARKDOWN else [],
        )
        before = old.get(unit.key)
        if before is None and keyed:
            before = _rescoped(old, unit, current)
            if before is not None:  # moved to the new key, not kept as obsolete
                used.add(before.msgctxt or before.msgid)
        if before is None:
            entry.msgstr = (prefill or {}).get(unit.text, "")
            counts.added += 1
        else:
            entry.tcomment = before.tcomment
            entry.msgstr = before.msgstr
            fuzzy = "fuzzy" in before.flags
            if before.msgid != unit.text and before.msgstr:
                entry.previous_msgid = (
                    before.previous_msgid if fuzzy and before.previous_msgid else before.msgid
                )
                fuzzy = True
                counts.changed += 1
            elif before.obsolete and before.msgstr:
                counts.added += 1
            else:
                entry.previous_msgid = before.previous_msgid if fuzzy else None
                counts.unchanged += 1
            if fuzzy:
                entry.flags.append("fuzzy")
        po.append(entry)
    for key, entry in old.items():
        if key in used or not entry.msgstr:
            continue
        if not entry.obsolete:
            counts.obsoleted += 1
        entry.obsolete = True
        po.append(entry)
    return str(po) + "\n", counts


def _rescoped(
    old: Mapping[str, polib.POEntry], unit: Unit, current: set[str]
) -> polib.POEntry | None:
    """The translated entry of `unit` under its previous scope, when only the scope of its
    key changed (a glossary entry now limited to other versions): of the entries whose key
    is no unit's any more, the one with the same text, else the only one of that unit."""
    unscoped = _SCOPE.sub("", unit.key)
    if unscoped == unit.key:
        return None
    matches = [
        e for k, e in old.items() if e.msgstr and k not in current and _SCOPE.sub("", k) == unscoped
    ]
    same = [e for e in matches if e.msgid == unit.text]
    if same:
        return same[0]
    return matches[0] if len(matches) == 1 else None
