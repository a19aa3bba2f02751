"""When a version is in force, worked out from its own dates and its neighbours' in the lineage.

`version.yml` gives each version a publication date, an effective date and an end of
transition; the end of transition is the day the version it supersedes stops being usable,
so it means nothing on a first version, and the day a version stops being in force is its
successor's end of transition. Every output says dates through this one reading.
"""

from __future__ import annotations

import datetime

from babel.dates import format_date as babel_date

from normkit.model.records import record
from normkit.model.standard import Standard, Version, VersionStatus
from normkit.translations.labels import _, current_language
from normkit.translations.languages import locale


@record(kw_only=True)
class Validity:
    """A version's period in force and the versions around it, as a reader needs them."""

    in_force_from: datetime.date | None
    """Its effective date (else its publication date); None for a draft, which is never in
    force, and for a version without dates."""
    in_force_until: datetime.date | None
    """The last day it may be used: its successor's end of transition (else the day the
    successor took effect); None while no successor is in force."""
    transition_end: datetime.date | None
    """Until when the version it supersedes may still be used; None for a first version."""
    predecessor: Version | None
    """The version it supersedes."""
    successor: Version | None
    """The version that superseded it, once that version is in force (published or later)."""
    draft_successor: Version | None
    """A draft or consultation draft proposed to replace it (not in force)."""


def validity(standard: Standard, version: Version) -> Validity:
    predecessor = standard.version(version.supersedes) if version.supersedes else None
    following = standard.version(version.superseded_by) if version.superseded_by else None
    successor = following if following and not following.status.is_prerelease else None
    draft = following if following and following.status.is_prerelease else None
    start = None if version.status.is_prerelease else (version.effective or version.published)
    until = None
    if successor is not None:
        until = successor.transition_end or successor.effective or successor.published
    return Validity(
        in_force_from=start,
        in_force_until=until,
        transition_end=version.transition_end if predecessor is not None else None,
        predecessor=predecessor,
        successor=successor,
        draft_successor=draft,
    )


def format_date(day: datetime.date | None) -> str:
    """`1 September 2026`: the month in words, so no reader takes 01/09 for 9 January; in a
    translation, as its language writes dates (`1 septembre 2026`, `2026年9月1日`)."""
    if day is None:
        return ""
    language = current_language()
    if language:
        return babel_date(day, "long", locale=locale(language))
    return f"{day.day} {day:%B %Y}"


def in_force_text(standard: Standard, version: Version) -> str:
    """ "In force from 1 November 2021 until 1 September 2026", "Not in force (consultation
    draft)" and the like: one phrase for tables and facts."""
    period = validity(standard, version)
    if version.status.is_prerelease:
        if version.status is VersionStatus.DRAFT:
            return _("Not in force (draft)")
        return _("Not in force (consultation draft)")
    if version.status is VersionStatus.WITHDRAWN and period.in_force_until is None:
        return _("Withdrawn: not in force")
    start = format_date(period.in_force_from)
    end = format_date(period.in_force_until)
    if start and end:
        return _("In force from {start} until {end}").format(start=start, end=end)
    if start and version.status is VersionStatus.PUBLISHED:
        return _("In force from {start}").format(start=start)
    if end:
        return _("In force until {end}").format(end=end)
    if version.status is VersionStatus.SUPERSEDED:
        return _("No longer in force")
    return _("In force") if version.status is VersionStatus.PUBLISHED else ""
