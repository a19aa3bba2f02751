"""What a consultation report says, computed once from the model for the site page, the PDF
and the JSON: the round's facts, its statistics and every comment under what it is about."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from normkit.model.consultation import (
    Comment,
    CommentTarget,
    CommentType,
    ConsultationRound,
    Decision,
    TargetKind,
)
from normkit.model.corpus import Corpus
from normkit.model.standard import Section, Standard, Version
from normkit.outputs.consultation.words import UNANSWERED, decision_label, type_label
from normkit.outputs.pdf.facts import version_items
from normkit.translations.labels import _


@dataclass(frozen=True, slots=True)
class Tally:
    """One row of a statistics table."""

    key: str
    label: str
    count: int
    by_decision: dict[str, int] = field(default_factory=dict)
    """For the per-section table and chart: counts by decision (and `UNANSWERED`)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """Something commented on, with its comments, in the order of the draft."""

    target: CommentTarget
    number: str
    title: str
    anchor: str
    """The report's anchor for it: `comments-<id>`, `comments-section-<key>`, …"""
    comments: tuple[Comment, ...]

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass(frozen=True, slots=True)
class Report:
    """What a consultation round's report shows."""

    standard: Standard
    version: Version
    round: ConsultationRound
    entries: tuple[Entry, ...]
    level_name: str
    """What the per-section statistics count by (`principle`)."""
    by_section: tuple[Tally, ...]
    by_group: tuple[Tally, ...]
    by_type: tuple[Tally, ...]
    by_decision: tuple[Tally, ...]

    @property
    def comments(self) -> tuple[Comment, ...]:
        return self.round.comments

    @property
    def organisations(self) -> int:
        return len({c.organisation.casefold() for c in self.comments if c.organisation})

    @property
    def answered(self) -> int:
        return sum(1 for c in self.comments if c.response is not None)

    @property
    def groups_heard(self) -> int:
        return len({c.group for c in self.comments})


def decision_key(comment: Comment) -> str:
    return str(comment.response.decision) if comment.response else UNANSWERED


DECISION_KEYS = (*(d.value for d in Decision), UNANSWERED)


def anchor(target: CommentTarget) -> str:
    if target.kind is TargetKind.DRAFT:
        return "comments-general"
    if target.kind is TargetKind.SECTION:
        return f"comments-section-{target.key}"
    return f"comments-{target.key}"


def build_report(standard: Standard, version: Version, found: ConsultationRound) -> Report:
    entries = _entries(version, found)
    level = len(standard.section_levels) or 1
    level_name = standard.level_name(level) or "section"
    return Report(
        standard=standard,
        version=version,
        round=found,
        entries=entries,
        level_name=level_name,
        by_section=_by_section(version, found, level),
        by_group=tuple(
            Tally(g.code, g.label, n)
            for g in found.groups
            if (n := sum(1 for c in found.comments if c.group == g.code))
        ),
        by_type=tuple(
            Tally(t.value, type_label(t.value), n)
            for t in CommentType
            if (n := sum(1 for c in found.comments if c.type is t))
        ),
        by_decision=tuple(
            Tally(key, decision_label(key), n)
            for key in DECISION_KEYS
            if (n := sum(1 for c in found.comments if decision_key(c) == key))
        ),
    )


def _entries(version: Version, found: ConsultationRound) -> tuple[Entry, ...]:
    """Targets with comments in the draft's order: the whole draft first, then sections,
    criteria and their parts as the PDF prints them."""
    order: list[tuple[CommentTarget, str, str]] = [
        (CommentTarget(kind=TargetKind.DRAFT, key=""), "", _("The whole draft"))
    ]
    for item in version_items(version):
        if item.section is not None:
            section = item.section
            order.append(
                (
                    CommentTarget(kind=TargetKind.SECTION, key=section.key),
                    section.number,
                    section.title,
                )
            )
        elif item.criterion is not None:
            criterion = item.criterion
            order.append(
                (
                    CommentTarget(kind=TargetKind.CRITERION, key=criterion.id),
                    criterion.number,
                    criterion.title,
                )
            )
            for part in criterion.parts:
                key = f"{criterion.id}.{part.label}"
                number = part.number if criterion.number else key
                order.append(
                    (CommentTarget(kind=TargetKind.PART, key=key), number, criterion.title)
                )
    by_target: dict[CommentTarget, list[Comment]] = {}
    for comment in found.comments:
        by_target.setdefault(comment.target, []).append(comment)
    return tuple(
        Entry(target, number, title, anchor(target), tuple(by_target[target]))
        for target, number, title in order
        if target in by_target
    )


def _by_section(version: Version, found: ConsultationRound, level: int) -> tuple[Tally, ...]:
    """Comments per section of the counted level, in the draft's order; comments above that
    level (on a pillar, on the whole draft) are counted on a row of their own."""
    sections = {s.key: s for s in version.all_sections()}
    paths: dict[str, tuple[str, ...]] = {}
    for section in version.sections:
        _paths(section, (), paths)
    for criterion in version.criteria():
        paths[criterion.id] = criterion.section_path
    counted: dict[str, list[Comment]] = {}
    for comment in found.comments:
        target = comment.target
        key = target.criterion_id or target.key
        path = paths.get(key, ())
        bucket = path[level - 1] if len(path) >= level else "general"
        counted.setdefault(bucket, []).append(comment)
    ordered = [s.key for s in version.all_sections() if s.key in counted]
    rows = [_tally(key, sections[key].label or key, counted[key]) for key in ordered]
    if "general" in counted:
        rows.append(
            _tally("general", _("General (whole draft and higher sections)"), counted["general"])
        )
    return tuple(rows)


def _paths(section: Section, above: tuple[str, ...], paths: dict[str, tuple[str, ...]]) -> None:
    path = (*above, section.key)
    paths[section.key] = path
    for child in section.children:
        _paths(child, path, paths)


def _tally(key: str, label: str, comments: list[Comment]) -> Tally:
    counts = Counter(decision_key(c) for c in comments)
    return Tally(key, label, len(comments), {k: counts[k] for k in DECISION_KEYS if counts[k]})


def reports(corpus: Corpus) -> Iterator[tuple[Standard, Version, ConsultationRound]]:
    """Every round with its standard and version: each gets a report."""
    for found in corpus.consultations:
        standard = corpus.standard(found.standard)
        version = corpus.version(found.standard, found.version)
        if standard is not None and version is not None:
            yield standard, version, found
