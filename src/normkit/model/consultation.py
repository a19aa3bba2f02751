"""Public consultation of a draft: the comments received on it and the secretariat's responses.

A round is one version out for consultation (`status: consultation`); its register is the
folder `consultations/<standard>/<version>/` of filled comment forms and `responses.yml`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from enum import StrEnum

from normkit.model.location import Location
from normkit.model.records import record
from normkit.model.stakeholders import StakeholderGroup as StakeholderGroup


class CommentType(StrEnum):
    """The kind of a comment, as ISO commenting templates classify them."""

    GENERAL = "general"
    TECHNICAL = "technical"
    EDITORIAL = "editorial"


class Decision(StrEnum):
    """What the secretariat decided about a comment."""

    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly accepted"
    NOT_ACCEPTED = "not accepted"
    NOTED = "noted"


class RoundState(StrEnum):
    """Whether comments are still being received."""

    OPEN = "open"
    CLOSED = "closed"


class TargetKind(StrEnum):
    """What a comment is about."""

    CRITERION = "criterion"
    PART = "part"
    """A lettered part of a criterion (`ghg-targets.b`)."""
    SECTION = "section"
    """A structural section (pillar, principle): a general comment on it."""
    DRAFT = "draft"
    """The draft as a whole."""


DRAFT_TARGET_ID = "(general)"
"""What the comment form writes in the Id column of the row for the whole draft."""
SECTION_PREFIX = "section:"
"""What the comment form writes before a section's key in the Id column."""


@record(kw_only=True)
class CommentTarget:
    """The criterion, part, section or draft a comment is about."""

    kind: TargetKind
    key: str
    """Criterion id, `id.part`, section key, or empty for the whole draft."""

    @property
    def criterion_id(self) -> str | None:
        """The criterion a criterion or part comment is about."""
        if self.kind is TargetKind.CRITERION:
            return self.key
        if self.kind is TargetKind.PART:
            return self.key.rsplit(".", 1)[0]
        return None

    @property
    def form_id(self) -> str:
        """How the comment form writes it in its Id column."""
        if self.kind is TargetKind.SECTION:
            return f"{SECTION_PREFIX}{self.key}"
        if self.kind is TargetKind.DRAFT:
            return DRAFT_TARGET_ID
        return self.key


@record(kw_only=True)
class LineSpan:
    """Lines of the consultation PDF, as its margin numbers them (first ≤ last)."""

    first: int
    last: int

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


@record(kw_only=True)
class Response:
    """The secretariat's answer to one or more comments (an entry of `responses.yml`)."""

    decision: Decision
    text: str
    """The response, as written; plain text (blank lines separate paragraphs)."""
    addressed_in: tuple[str, ...]
    """Criterion ids or parts (`id.b`) of the next version where the comment is addressed."""
    addressed_locations: tuple[Location, ...]
    """Where each of `addressed_in` is written."""
    location: Location
    """Where the entry starts in `responses.yml`."""


@record(kw_only=True)
class Comment:
    """One comment received on a draft: a row of a filled comment form."""

    number: int
    """Its public number in the round (C1, C2 …), in the order the register received them."""
    keys: tuple[str, ...]
    """`<file>:<row>` in the round's folder, for this row and each row that repeats it: how
    `responses.yml` names it. Never published (a file name may carry a person's name)."""
    target: CommentTarget
    lines: tuple[LineSpan, ...]
    """The lines the commenter cites; empty when none."""
    organisation: str
    group: str
    """Code of the stakeholder group."""
    name: str
    """The commenter's name as given; published only with `publish_name`."""
    publish_name: bool
    """Consent to publish the name."""
    type: CommentType
    text: str
    """The comment: untrusted plain text."""
    proposed_change: str
    """Untrusted plain text; may be empty."""
    location: Location
    """The row (`acme.xlsx:14`)."""
    line_location: Location
    """The Line cell, for problems with the cited lines."""
    stated_lines: str = ""
    """The Lines cell as received: the range the commenter's form gave the row."""
    lines_location: Location | None = None
    """The Lines cell."""
    also_at: tuple[Location, ...] = ()
    """Rows that repeat this one word for word, counted once."""
    response: Response | None = None

    @property
    def label(self) -> str:
        return f"C{self.number}"

    @property
    def public_name(self) -> str:
        """The name, only when its owner consented to its publication."""
        return self.name if self.publish_name else ""


@record(kw_only=True)
class ConsultationRound:
    """One draft out for consultation and what its register holds."""

    standard: str
    version: str
    """The version consulted on: each round has its own draft."""
    opened: datetime.date | None
    """When the draft was published for comment."""
    closes: datetime.date | None
    """Last day for comments (`consultation_closes`)."""
    state: RoundState
    comments: tuple[Comment, ...]
    """In the order received (file name, then row)."""
    groups: tuple[StakeholderGroup, ...]
    """The stakeholder groups of the project, in declaration order."""
    location: Location
    """The register folder."""
    responses_location: Location | None = None
    """`responses.yml`, when there is one."""

    @property
    def key(self) -> str:
        return f"{self.standard}@{self.version}"

    def group_label(self, code: str) -> str:
        return next((g.label for g in self.groups if g.code == code), code)

    def on_criterion(self, criterion_id: str) -> Iterator[Comment]:
        """Comments on a criterion or one of its parts."""
        return (c for c in self.comments if c.target.criterion_id == criterion_id)

    def answering(self, criterion_id: str) -> Iterator[Comment]:
        """Comments whose response says they were addressed in `criterion_id` (or a part of
        it) of the next version."""
        for comment in self.comments:
            response = comment.response
            if response and any(
                item.split(".", 1)[0] == criterion_id for item in response.addressed_in
            ):
                yield comment


@record
class LineRange:
    """The lines (as numbered in the margin) and pages something spans."""

    first_line: int
    last_line: int
    first_page: int
    last_page: int

    def contains(self, first: int, last: int) -> bool:
        return self.first_line <= first and last <= self.last_line

    @property
    def lines(self) -> str:
        if self.first_line == self.last_line:
            return str(self.first_line)
        return f"{self.first_line}–{self.last_line}"

    @property
    def pages(self) -> str:
        if self.first_page == self.last_page:
            return str(self.first_page)
        return f"{self.first_page}–{self.last_page}"


@record
class LineMap:
    """Where a draft's criteria, parts and sections are in its consultation PDF, derived from
    its layout by `outputs/pdf/lines.py`: line ranges by comment-form id (`ghg-targets`,
    `ghg-targets.b`, `section:<key>`, `(general)`). What has no numbered line has no entry."""

    ranges: dict[str, LineRange]

    def get(self, form_id: str) -> LineRange | None:
        return self.ranges.get(form_id)
