"""Where catalogs live and which ones a project has: one per language and standard version,
guidance edition, the glossary and the interface labels.

```
translations/<language>/<standard>/<version>.po            a standard version
translations/<language>/<standard>/guidance/<edition>.po   a guidance edition
translations/<language>/glossary.po                        the glossary
translations/<language>/ui.po                              interface labels (optional)
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition
from normkit.model.location import Location
from normkit.model.standard import Standard, Version
from normkit.translations.labels import label_ids
from normkit.translations.units import (
    Unit,
    UnitKind,
    edition_units,
    glossary_units,
    version_units,
)

FOLDER = "translations"


class CatalogKind(StrEnum):
    VERSION = "version"
    EDITION = "edition"
    GLOSSARY = "glossary"
    LABELS = "labels"


@dataclass(frozen=True, slots=True)
class PlannedCatalog:
    """A catalog the sources call for: its language, path and what it translates."""

    language: str
    kind: CatalogKind
    path: str
    """Project path."""
    title: str
    """What it translates, for its header and messages (`performance@v3`)."""
    standard: Standard | None = None
    version: Version | None = None
    edition: GuidanceEdition | None = None

    def units(self, corpus: Corpus) -> list[Unit]:
        if self.kind is CatalogKind.VERSION and self.standard and self.version:
            return version_units(self.standard, self.version)
        if self.kind is CatalogKind.EDITION and self.edition:
            return edition_units(self.edition)
        if self.kind is CatalogKind.GLOSSARY:
            return glossary_units(corpus)
        return label_units()


def label_units() -> list[Unit]:
    where = Location(path="normkit")
    return [
        Unit(key=label, text=label, kind=UnitKind.PLAIN, location=where) for label in label_ids()
    ]


def version_path(language: str, version: Version) -> str:
    return f"{FOLDER}/{language}/{version.standard}/{version.name}.po"


def edition_path(language: str, edition: GuidanceEdition) -> str:
    return f"{FOLDER}/{language}/{edition.standard}/guidance/{edition.name}.po"


def glossary_path(language: str) -> str:
    return f"{FOLDER}/{language}/glossary.po"


def labels_path(language: str) -> str:
    return f"{FOLDER}/{language}/ui.po"


def project_languages(corpus: Corpus) -> tuple[str, ...]:
    """Every language a version or guidance edition declares, in order of first mention."""
    found: dict[str, None] = {}
    for version in corpus.versions():
        found.update(dict.fromkeys(version.languages))
    for edition in corpus.guidance:
        found.update(dict.fromkeys(edition.languages))
    return tuple(found)


def planned_catalogs(corpus: Corpus, language: str) -> Iterator[PlannedCatalog]:
    """The catalogs of one language: each version and edition that declares it, the
    glossary and the labels."""
    for standard in corpus.standards:
        for version in standard.versions:
            if language in version.languages:
                yield PlannedCatalog(
                    language,
                    CatalogKind.VERSION,
                    version_path(language, version),
                    version.key,
                    standard=standard,
                    version=version,
                )
    for edition in corpus.guidance:
        if language in edition.languages:
            yield PlannedCatalog(
                language,
                CatalogKind.EDITION,
                edition_path(language, edition),
                f"{edition.key} (guidance)",
                edition=edition,
            )
    yield PlannedCatalog(language, CatalogKind.GLOSSARY, glossary_path(language), "glossary")
    yield PlannedCatalog(language, CatalogKind.LABELS, labels_path(language), "interface labels")


def catalog_files(root: Path) -> list[str]:
    """Project paths of every `.po` file under `translations/`."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(
        path.relative_to(root).as_posix() for path in folder.rglob("*.po") if path.is_file()
    )
