"""What a printed document says about itself: status wording, dates, cover facts, field values."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from normkit.model.corpus import Corpus
from normkit.model.guidance import GuidanceEdition, GuidanceEntry
from normkit.model.standard import (
    Criterion,
    FieldSpec,
    FieldType,
    FieldValue,
    Section,
    SectionNote,
    Standard,
    Version,
    VersionStatus,
)
from normkit.model.validity import format_date, in_force_text, validity
from normkit.translations.labels import N_, _

STATUS_LABELS: dict[VersionStatus, str] = {
    VersionStatus.DRAFT: N_("Draft"),
    VersionStatus.CONSULTATION: N_("Consultation draft"),
    VersionStatus.PUBLISHED: N_("Published"),
    VersionStatus.SUPERSEDED: N_("Superseded"),
    VersionStatus.WITHDRAWN: N_("Withdrawn"),
}

WATERMARKS: dict[VersionStatus, str] = {
    VersionStatus.DRAFT: N_("DRAFT"),
    VersionStatus.CONSULTATION: N_("CONSULTATION DRAFT"),
    VersionStatus.WITHDRAWN: N_("WITHDRAWN"),
}


def status_label(status: VersionStatus) -> str:
    return _(STATUS_LABELS[status])


def watermark(status: VersionStatus) -> str | None:
    mark = WATERMARKS.get(status)
    return _(mark) if mark else None


def line_numbers(status: VersionStatus) -> bool:
    """Consultation drafts carry line numbers so that comments can cite a line."""
    return status is VersionStatus.CONSULTATION


def status_note(corpus: Corpus, version: Version) -> str | None:
    """One sentence under the status banner of a cover."""
    status = version.status
    if status is VersionStatus.SUPERSEDED:
        successor = corpus.version(version.standard, version.superseded_by or "")
        if successor is None:
            return _("This version has been superseded and is no longer current.")
        when = format_date(successor.effective or successor.published)
        superseded = (
            _("This version has been superseded by {title}, in force from {date}.").format(
                title=successor.title, date=when
            )
            if when
            else _("This version has been superseded by {title}.").format(title=successor.title)
        )
        standard = corpus.standard(version.standard)
        last_day = validity(standard, version).in_force_until if standard else None
        if last_day:
            usable = _("It may be used until {date}.").format(date=format_date(last_day))
            return f"{superseded} {usable}"
        return superseded
    if status is VersionStatus.CONSULTATION:
        closes = format_date(version.consultation_closes)
        opened = (
            _("Open for public consultation until {date}.").format(date=closes)
            if closes
            else _("Open for public consultation.")
        )
        return (
            opened
            + " "
            + _("This draft is not in force; please cite page and line numbers in comments.")
        )
    if status is VersionStatus.DRAFT:
        return _("This is a draft. It is not in force and may change without notice.")
    if status is VersionStatus.WITHDRAWN:
        return _("This version has been withdrawn and must no longer be used.")
    return None


def _says(title: str, word: str) -> bool:
    """Whether `title` holds `word` as a whole word, in any case."""
    pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
    return bool(word) and re.search(pattern, title, re.IGNORECASE) is not None


def running_title(standard: Standard, version: Version) -> str:
    """The running header's title: the version's title, then the standard's code and the
    version's name where the title does not already say them ("Performance Standard V3 · PS",
    not "Performance Standard V3 · PS v3")."""
    tail = [part for part in (standard.code, version.name) if not _says(version.title, part)]
    return " · ".join([version.title, " ".join(tail)] if tail else [version.title])


def version_facts(corpus: Corpus, standard: Standard, version: Version) -> list[tuple[str, str]]:
    """Label/value rows for a version's cover, empty values left out: the period in force
    as one phrase, a transition only after a predecessor, "Superseded by" only by a version
    in force and a draft successor as such."""
    period = validity(standard, version)
    predecessor, successor, draft = period.predecessor, period.successor, period.draft_successor
    transition = ""
    if predecessor is not None and period.transition_end:
        transition = _("{title} may be used until {date}").format(
            title=predecessor.title, date=format_date(period.transition_end)
        )
    draft_text = ""
    if draft is not None:
        closes = format_date(draft.consultation_closes)
        draft_text = (
            _("{title}, consultation open until {date}").format(title=draft.title, date=closes)
            if closes
            else draft.title
        )
    rows = [
        (_("Standard"), f"{standard.title} ({standard.code})" if standard.code else standard.title),
        (_("Version"), version.name),
        (_("Status"), status_label(version.status)),
        (_("Published"), format_date(version.published)),
        (_("In force"), in_force_text(standard, version)),
        (_("Consultation closes"), format_date(version.consultation_closes)),
        (_("Supersedes"), predecessor.title if predecessor else (version.supersedes or "")),
        (_("Transition"), transition),
        (_("Superseded by"), successor.title if successor else ""),
        (_("Draft successor"), draft_text),
        (_("Owner"), standard.owner),
        (_("Licence"), standard.licence),
    ]
    if version.translation is not None:
        rows.append(
            (
                _("Translation"),
                _("{percent} % translated and current; the English version prevails").format(
                    percent=version.translation.coverage.percent
                ),
            )
        )
    return [(label, value) for label, value in rows if value]


def edition_facts(
    standard: Standard, edition: GuidanceEdition, served: Version | None
) -> list[tuple[str, str]]:
    rows = [
        (_("Guidance for"), served.title if served else edition.serves),
        (_("Edition"), edition.name),
        (_("Status"), status_label(edition.status)),
        (_("Published"), format_date(edition.published)),
        (_("Supersedes"), edition.supersedes or ""),
        (_("Owner"), standard.owner),
        (_("Licence"), standard.licence),
    ]
    return [(label, value) for label, value in rows if value]


def field_text(value: object, field_type: FieldType) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def field_facts(
    specs: tuple[FieldSpec, ...], values: Mapping[str, FieldValue]
) -> list[tuple[str, str]]:
    """Custom fields with a value, as label/value rows (a URL is printed as written)."""
    rows = [(spec.label, field_text(values.get(spec.name), spec.type)) for spec in specs]
    return [(label, text) for label, text in rows if text]


def section_facts(standard: Standard, version: Version, section: Section) -> list[tuple[str, str]]:
    """The fields a section's level declares, as label/value rows."""
    return field_facts(version.section_fields(standard.level_name(section.level)), section.fields)


def criterion_facts(
    standard: Standard, version: Version, criterion: Criterion
) -> list[tuple[str, str]]:
    """Applicability and custom fields of a criterion, as label/value rows."""
    codes = tuple(code.code for code in standard.applicability)
    if codes and set(criterion.applies_to) >= set(codes):
        applies = _("All activities")
    else:
        applies = ", ".join(standard.applicability_label(code) for code in criterion.applies_to)
    rows = [(_("Status"), _("Withdrawn"))] if criterion.is_withdrawn else []
    rows += [(_("Applies to"), applies)] if applies else []
    return rows + field_facts(version.criterion_fields, criterion.fields)


def entry_criterion(served: Version | None, entry: GuidanceEntry) -> tuple[Criterion | None, str]:
    """The criterion a guidance entry explains, and the heading to print for the entry."""
    criterion = served.criterion(entry.criterion_id) if served else None
    number = criterion.number if criterion else ""
    title = criterion.title if criterion else entry.title
    return criterion, f"{number} {title}".strip()


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to print, in document order: a section heading, a criterion or guidance."""

    level: int
    section: Section | None = None
    criterion: Criterion | None = None
    entry: GuidanceEntry | None = None
    note: SectionNote | None = None
    """Section text after an end marker, printed where it was written."""


def version_items(version: Version) -> Iterator[Item]:
    """Sections and criteria in source order; criteria sit one level below their section."""
    for section in version.sections:
        yield from _section_items(section)


def _section_items(section: Section) -> Iterator[Item]:
    yield Item(level=section.level, section=section)
    children: list[tuple[tuple[str, int, int], Item | Section]] = []
    for criterion in section.criteria:
        key = (criterion.location.path, criterion.location.line, 0)
        children.append((key, Item(level=section.level + 1, criterion=criterion)))
    for note in section.notes:
        key = (note.location.path, note.location.line, 0)
        children.append((key, Item(level=section.level + 1, note=note)))
    for child in section.children:
        children.append(((child.location.path, child.location.line, 1), child))
    for _key, child_item in sorted(children, key=lambda pair: pair[0]):
        if isinstance(child_item, Section):
            yield from _section_items(child_item)
        else:
            yield child_item


def edition_items(edition: GuidanceEdition) -> Iterator[Item]:
    """Guidance sections and entries merged in source order."""
    located: list[tuple[tuple[str, int], Item]] = []
    for section in edition.all_sections():
        located.append(
            ((section.location.path, section.location.line), Item(section.level, section=section))
        )
    for entry in edition.entries:
        located.append(((entry.location.path, entry.location.line), Item(0, entry=entry)))
    for section in edition.all_sections():
        for note in section.notes:
            located.append(((note.location.path, note.location.line), Item(0, note=note)))
    located.sort(key=lambda pair: pair[0])
    level = 1
    for _key, item in located:
        if item.section is not None:
            level = item.section.level
            yield item
        elif item.note is not None:
            yield item
        else:
            yield Item(level=min(level + 1, 6), entry=item.entry)
