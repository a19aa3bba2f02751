"""Translations in the model: how each translatable unit of a version, guidance edition or
the glossary stands in one language, and the catalog it comes from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from enum import StrEnum

from normkit.model.location import Location
from normkit.model.records import record

SOURCE_LANGUAGE = "en"
"""The language the sources are written in, and that prevails over every translation."""


class UnitStatus(StrEnum):
    """Where one translatable unit stands in a language."""

    TRANSLATED = "translated"
    """Translated, for the source text as it is now."""
    FUZZY = "fuzzy"
    """Translated for an earlier source text (or flagged fuzzy): shown, marked out of date."""
    UNTRANSLATED = "untranslated"
    """No translation: the source text is shown instead, marked as such."""

    @property
    def shown_translated(self) -> bool:
        """Whether readers see translated text (current or out of date)."""
        return self is not UnitStatus.UNTRANSLATED


@record(kw_only=True)
class Coverage:
    """How much of a catalog's units are translated and current."""

    total: int
    translated: int
    """Translated and current."""
    fuzzy: int
    """Translated for an earlier source text."""

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def share(self) -> float:
        """Translated and current, as a share of every unit (1.0 with no units)."""
        return self.translated / self.total if self.total else 1.0

    @property
    def percent(self) -> int:
        """`share` as a whole percentage, rounded down (99 % until the last unit is done)."""
        return int(self.share * 100)


@record(kw_only=True)
class Translation:
    """A version, guidance edition or glossary in one language: the status of every unit,
    and where each unit's entry is in the catalog."""

    language: str
    """BCP 47 tag of the language (`fr`, `zh-Hans`)."""
    catalog: str
    """Project path of the PO catalog (`translations/fr/performance/v3.po`)."""
    statuses: Mapping[str, UnitStatus] = field(default_factory=dict)
    """Unit key (`msgctxt`, for example `ghg-targets.b`) → its status; every unit present."""
    entries: Mapping[str, Location] = field(default_factory=dict)
    """Unit key → where its entry is in the catalog (units without an entry are absent)."""

    def status(self, key: str) -> UnitStatus:
        return self.statuses.get(key, UnitStatus.UNTRANSLATED)

    def statuses_under(self, prefix: str) -> list[UnitStatus]:
        """Statuses of the units whose key is `prefix` or starts with `prefix.`."""
        return [
            status
            for key, status in self.statuses.items()
            if key == prefix or key.startswith(prefix + ".")
        ]

    @property
    def coverage(self) -> Coverage:
        values = list(self.statuses.values())
        return Coverage(
            total=len(values),
            translated=values.count(UnitStatus.TRANSLATED),
            fuzzy=values.count(UnitStatus.FUZZY),
        )
