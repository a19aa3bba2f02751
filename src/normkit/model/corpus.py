"""The whole project: standards, guidance editions and the glossary."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import field
from typing import TYPE_CHECKING

from normkit.model.glossary import Term
from normkit.model.guidance import GuidanceEdition
from normkit.model.records import record
from normkit.model.standard import Section, Standard, Version, VersionStatus
from normkit.model.text import Text
from normkit.model.translation import Translation

if TYPE_CHECKING:  # imported by what reads rounds and crosswalks, which most projects have not
    from normkit.model.consultation import ConsultationRound, StakeholderGroup
    from normkit.model.crosswalk import Crosswalk


@record(kw_only=True)
class Corpus:
    """Everything the outputs read."""

    title: str
    """Name of the project or standards body."""
    standards: tuple[Standard, ...]
    """Standards, sorted by slug."""
    guidance: tuple[GuidanceEdition, ...]
    """Guidance editions, sorted by standard, then oldest first."""
    terms: tuple[Term, ...]
    """Glossary entries, sorted by term."""
    consultations: tuple[ConsultationRound, ...] = ()
    """Consultation rounds with a register (`consultations/<standard>/<version>/`)."""
    stakeholder_groups: tuple[StakeholderGroup, ...] = ()
    """The stakeholder groups comment forms offer (`consultations/consultation.yml`)."""
    crosswalks: tuple[Crosswalk, ...] = ()
    """Crosswalks to other schemes, sorted by slug."""
    language: str = ""
    """BCP 47 tag of a translated corpus; empty for the sources."""
    translations: tuple[Corpus, ...] = ()
    """The project in each translation language: every version and edition, translated
    where it has a catalog in that language (its `translation` set), else as in the sources."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Interface labels of a translated corpus: English label → label in `language`."""
    glossary_translation: Translation | None = None
    """The glossary's catalog in `language`, if it has one."""
    _chapters: Mapping[str, tuple[Version, Section]] = field(init=False, repr=False, compare=False)
    """Chapter file (project path) → its version and first section."""
    _terms_by_id: Mapping[str, tuple[Term, ...]] = field(init=False, repr=False, compare=False)
    """Glossary entries by id (one id may have an entry per set of versions)."""

    def __post_init__(self) -> None:
        # Built once with the corpus: links to chapters and term uses are looked up per text.
        chapters: dict[str, tuple[Version, Section]] = {}
        for version in self.versions():
            for section in version.all_sections():
                chapters.setdefault(section.location.path, (version, section))
        terms: dict[str, tuple[Term, ...]] = {}
        for term in self.terms:
            terms[term.id] = (*terms.get(term.id, ()), term)
        object.__setattr__(self, "_chapters", chapters)
        object.__setattr__(self, "_terms_by_id", terms)

    def translated_versions(self) -> Iterator[Version]:
        """Versions that have a translation in this corpus's language."""
        return (v for v in self.versions() if v.translation is not None)

    def translation(self, language: str) -> Corpus | None:
        return next((c for c in self.translations if c.language == language), None)

    def standard(self, slug: str) -> Standard | None:
        return next((s for s in self.standards if s.slug == slug), None)

    def versions(self) -> Iterator[Version]:
        for standard in self.standards:
            yield from standard.versions

    def version(self, standard: str, name: str) -> Version | None:
        found = self.standard(standard)
        return found.version(name) if found else None

    def consultation(self, version: Version) -> ConsultationRound | None:
        """The round of comments on a version, if it has a register."""
        return next(
            (
                r
                for r in self.consultations
                if r.standard == version.standard and r.version == version.name
            ),
            None,
        )

    def editions_for(self, version: Version) -> tuple[GuidanceEdition, ...]:
        """Guidance editions serving a version, oldest first."""
        return tuple(
            g for g in self.guidance if g.standard == version.standard and g.serves == version.name
        )

    def guidance_for(self, version: Version) -> GuidanceEdition | None:
        """The latest non-withdrawn guidance edition serving a version."""
        editions = [
            g for g in self.editions_for(version) if g.status is not VersionStatus.WITHDRAWN
        ]
        return editions[-1] if editions else None

    def terms_for(self, version_key: str) -> tuple[Term, ...]:
        """Glossary entries that apply to `standard@version`."""
        return tuple(t for t in self.terms if t.applies_to(version_key))

    def term(self, term_id: str, version_key: str) -> Term | None:
        return next(
            (t for t in self._terms_by_id.get(term_id, ()) if t.applies_to(version_key)), None
        )

    def chapter(self, path: str) -> tuple[Version, Section] | None:
        """The version and first section of a chapter file of a standard, by project path."""
        return self._chapters.get(path)

    def texts(self, *, definitions: bool = True) -> Iterator[Text]:
        """Every run of source text: section intros, criterion bodies, guidance and (unless
        `definitions` is false) the glossary's definitions."""
        for version in self.versions():
            for section in version.all_sections():
                yield section.intro
                yield from (note.text for note in section.notes)
            for criterion in version.criteria():
                yield criterion.body
        for edition in self.guidance:
            for section in edition.all_sections():
                yield section.intro
                yield from (note.text for note in section.notes)
            for entry in edition.entries:
                yield entry.intro
                yield from (part.text for part in entry.sections)
        if definitions:
            yield from (term.definition for term in self.terms)
