"""Defined terms of the shared glossary."""

from normkit.model.location import Location
from normkit.model.records import record
from normkit.model.text import Text


@record(kw_only=True)
class Term:
    """A defined term; one term may have several entries for different versions."""

    id: str
    """Slug of the term, used in anchors (`term-<id>`) and JSON; shared by redefinitions."""
    term: str
    """The term as it is written in the text, for example `GHG Emissions`."""
    aliases: tuple[str, ...]
    """Other written forms that are recognised as this term (plurals, abbreviations)."""
    definition: Text
    """The definition."""
    source: str
    """Where the definition comes from; may be empty."""
    versions: tuple[str, ...]
    """`standard@version` keys this entry applies to; empty: every version."""
    location: Location
    """Where the heading is."""
    versions_locations: tuple[Location, ...] = ()
    """Where each item of `versions` is written."""
    id_location: Location | None = None
    """Where an explicit `id` is written (None: derived from the heading)."""

    def applies_to(self, version_key: str) -> bool:
        standard = version_key.split("@", 1)[0]
        return not self.versions or version_key in self.versions or standard in self.versions

    @property
    def written_forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)
