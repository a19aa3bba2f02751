"""One filled comment form (a table of rows) → the comments it holds, every faulty cell a
diagnostic at its row and column (`consultations/performance/v4/acme.xlsx:14:L`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.metadata.comment_form import (
    COLUMNS,
    CONTENT_ROLES,
    NO,
    TYPE_ALIASES,
    YES,
    Role,
    column,
)
from normkit.model.consultation import (
    DRAFT_TARGET_ID,
    SECTION_PREFIX,
    CommentTarget,
    CommentType,
    LineSpan,
    StakeholderGroup,
    TargetKind,
)
from normkit.model.location import Location
from normkit.model.standard import Version
from normkit.sources.tables import Table

_SPAN = re.compile(r"^(\d+)(?:\s*[-–—]\s*(\d+))?$")
MAX_LINE = 10_000_000
"""Larger "line numbers" are typing slips, reported as not a line."""

TEXT_ROLES = (Role.ORGANISATION, Role.NAME, Role.COMMENT, Role.PROPOSED)
"""The free-text cells, where a commenter may start a line with `=`, `+` or `-`."""
SPREADSHEET_ERRORS = frozenset(
    # Excel's and LibreOffice's error values, as a workbook caches them and as CSV exports
    # write them: what a cell shows when its text was taken for a formula that failed.
    {
        *("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!"),
        *("#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#GETTING_DATA"),
    }
)
_LIBREOFFICE_ERROR = re.compile(r"Err:\d{3}")


def is_spreadsheet_error(text: str) -> bool:
    return text in SPREADSHEET_ERRORS or _LIBREOFFICE_ERROR.fullmatch(text) is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceivedComment:
    """A valid comment row, before the round numbers it and attaches its response."""

    key: str
    """`<file>:<row>`, the file relative to the round's folder."""
    target: CommentTarget
    lines: tuple[LineSpan, ...]
    organisation: str
    group: str
    name: str
    publish_name: bool
    type: CommentType
    text: str
    proposed_change: str
    location: Location
    line_location: Location
    stated_lines: str
    """The row's Lines cell as received (the range the form gave), for layout changes."""
    lines_location: Location
    identity: tuple[str, ...]
    """Its cells, white space normalised: equal identities are the same comment sent twice."""


@dataclass(slots=True)
class TargetIndex:
    """What a comment may be about in one version: ids, parts, sections and numbers."""

    ids: dict[str, CommentTarget] = field(default_factory=dict)
    """Form Id (`ghg-targets`, `ghg-targets.b`, `section:…`, `(general)`) → target."""
    numbers: dict[str, CommentTarget] = field(default_factory=dict)

    @classmethod
    def of(cls, version: Version) -> TargetIndex:
        index = cls()
        draft = CommentTarget(kind=TargetKind.DRAFT, key="")
        index.ids[draft.form_id.casefold()] = draft
        for section in version.all_sections():
            target = CommentTarget(kind=TargetKind.SECTION, key=section.key)
            index.ids[target.form_id] = target
            if section.number:
                index.numbers.setdefault(section.number, target)
        for criterion in version.criteria():
            target = CommentTarget(kind=TargetKind.CRITERION, key=criterion.id)
            index.ids[criterion.id] = target
            if criterion.number:
                index.numbers.setdefault(criterion.number, target)
            for part in criterion.parts:
                part_target = CommentTarget(
                    kind=TargetKind.PART, key=f"{criterion.id}.{part.label}"
                )
                index.ids[part_target.key] = part_target
                if criterion.number:
                    index.numbers.setdefault(part.number, part_target)
        return index

    def by_id(self, written: str) -> CommentTarget | None:
        text = written.strip()
        if text.casefold() == DRAFT_TARGET_ID:
            return self.ids[DRAFT_TARGET_ID]
        if text.casefold().startswith(SECTION_PREFIX):
            text = SECTION_PREFIX + text[len(SECTION_PREFIX) :].strip()
        return self.ids.get(text)

    def number_of(self, target: CommentTarget) -> str | None:
        return next((n for n, t in self.numbers.items() if t == target), None)


@dataclass(slots=True)
class FormReader:
    """Reads the rows of one form of a round."""

    shown_as: str
    """Project-relative path of the file."""
    key_prefix: str
    """The file's path within the round's folder, as responses name it."""
    table: Table
    index: TargetIndex
    groups: tuple[StakeholderGroup, ...]
    seen: dict[tuple[str, ...], Location]
    """Every row read so far in the round, by its identity: shared by the round's forms."""
    repeats: list[tuple[Location, Location]]
    """(row, the earlier row it repeats), shared by the round's forms."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    columns: dict[Role, int] = field(default_factory=dict)

    def at(self, row: int, role: Role | None = None) -> Location:
        index = self.columns.get(role) if role is not None else None
        return Location(
            path=self.shown_as, line=row, column=index + 1 if index is not None else 0, cell=True
        )

    def problem(
        self, code: Code, row: int, role: Role | None, message: str, hint: str = ""
    ) -> None:
        self.diagnostics.append(diagnostic(code, self.at(row, role), message, hint))

    def cell(self, cells: list[str], role: Role) -> str:
        index = self.columns.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def find_columns(self) -> bool:
        """Map the header row to roles; False (with a diagnostic) when a needed one is missing."""
        wanted = {c.header.casefold(): c.role for c in COLUMNS}
        for index, header in enumerate(self.table.headers):
            role = wanted.get(" ".join(header.split()).casefold())
            if role is not None and role not in self.columns:
                self.columns[role] = index
        missing = [
            column(role).header
            for role in (Role.GROUP, Role.TYPE, Role.COMMENT)
            if role not in self.columns
        ]
        if Role.ID not in self.columns and Role.NUMBER not in self.columns:
            missing.insert(0, "Id")
        if missing:
            self.problem(
                Code.CONSULTATION_FORM_INVALID,
                self.table.header_row,
                None,
                f"the form has no column {', '.join(repr(m) for m in missing)}",
                "use the comment form normkit generates (`normkit consultation form`); "
                "its header row names every column",
            )
            return False
        return True

    def read(self) -> list[ReceivedComment]:
        if not self.find_columns():
            return []
        found: list[ReceivedComment] = []
        for row, cells in self.table.rows:
            if not any(self.cell(cells, role) for role in CONTENT_ROLES):
                continue
            identity = self.identity(cells)
            if identity in self.seen:
                # Sent twice: counted, and any problem reported, once (at the first).
                self.repeats.append((self.at(row), self.seen[identity]))
                continue
            self.seen[identity] = self.at(row)
            comment = self.comment(row, cells, identity)
            if comment is not None:
                found.append(comment)
        return found

    def identity(self, cells: list[str]) -> tuple[str, ...]:
        kept = (c.role for c in COLUMNS if c.role not in (Role.TITLE, Role.LINES, Role.PAGES))
        return tuple(" ".join(self.cell(cells, role).split()) for role in kept)

    def comment(
        self, row: int, cells: list[str], identity: tuple[str, ...]
    ) -> ReceivedComment | None:
        before = len(self.diagnostics)
        target = self.target(row, cells)
        lines = self.lines(row, cells)
        group = self.group(row, cells)
        comment_type = self.comment_type(row, cells)
        publish = self.publish(row, cells)
        text = self.cell(cells, Role.COMMENT)
        if not text:
            self.problem(Code.CONSULTATION_CELL_EMPTY, row, Role.COMMENT, "the comment is empty")
        for role in TEXT_ROLES:
            if is_spreadsheet_error(self.cell(cells, role)):
                self.problem(
                    Code.CONSULTATION_CELL_ERROR,
                    row,
                    role,
                    f"the {column(role).header.lower()} is the spreadsheet error "
                    f"'{self.cell(cells, role)}', not text",
                    "the text began with =, + or - and was taken for a formula: ask the "
                    "commenter for it, and type it in with an apostrophe before it",
                )
        organisation, name = self.cell(cells, Role.ORGANISATION), self.cell(cells, Role.NAME)
        if not organisation and not name:
            self.problem(
                Code.CONSULTATION_CELL_EMPTY,
                row,
                Role.ORGANISATION,
                "the row gives neither an organisation nor a name",
                "give the commenting organisation, or a name for an individual",
            )
        if len(self.diagnostics) > before or target is None or group is None:
            return None
        assert comment_type is not None and lines is not None and publish is not None
        return ReceivedComment(
            key=f"{self.key_prefix}:{row}",
            target=target,
            lines=lines,
            organisation=organisation,
            group=group,
            name=name,
            publish_name=publish,
            type=comment_type,
            text=_tidy(text),
            proposed_change=_tidy(self.cell(cells, Role.PROPOSED)),
            location=self.at(row),
            line_location=self.at(row, Role.LINE),
            stated_lines=self.cell(cells, Role.LINES),
            lines_location=self.at(row, Role.LINES),
            identity=identity,
        )

    def target(self, row: int, cells: list[str]) -> CommentTarget | None:
        written_id, number = self.cell(cells, Role.ID), self.cell(cells, Role.NUMBER)
        if not written_id and not number:
            self.problem(
                Code.CONSULTATION_CELL_EMPTY,
                row,
                Role.ID if Role.ID in self.columns else Role.NUMBER,
                "the row does not say what it comments on",
                f"give a criterion id, a part (id.b), a section (section:key) or "
                f"{DRAFT_TARGET_ID} for the whole draft",
            )
            return None
        if written_id:
            target = self.index.by_id(written_id)
            if target is None:
                self.problem(
                    Code.CONSULTATION_TARGET_UNKNOWN,
                    row,
                    Role.ID,
                    f"'{written_id}' is not a criterion, part or section of this draft",
                    did_you_mean(written_id, self.index.ids),
                )
                return None
            expected = self.index.number_of(target)
            if number and expected is not None and number != expected:
                self.problem(
                    Code.CONSULTATION_VALUE_INVALID,
                    row,
                    Role.NUMBER,
                    f"number '{number}' is not the number of '{written_id}' ({expected})",
                    "keep the Number and Id the form gives, or correct one of them",
                )
                return None
            return target
        found = self.index.numbers.get(number)
        if found is None:
            self.problem(
                Code.CONSULTATION_TARGET_UNKNOWN,
                row,
                Role.NUMBER,
                f"'{number}' is not the number of a criterion, part or section of this draft",
                did_you_mean(number, self.index.numbers),
            )
        return found

    def lines(self, row: int, cells: list[str]) -> tuple[LineSpan, ...] | None:
        written = self.cell(cells, Role.LINE)
        spans: list[LineSpan] = []
        for item in filter(None, (part.strip() for part in re.split(r"[,;]", written))):
            match = _SPAN.match(item)
            first = int(match.group(1)) if match else 0
            last = int(match.group(2) or first) if match else 0
            if match is None or not 0 < first <= last <= MAX_LINE:
                self.problem(
                    Code.CONSULTATION_VALUE_INVALID,
                    row,
                    Role.LINE,
                    f"line '{written}' is not a line number or range",
                    "write a line (415), a range (415-418) or several (415, 420)",
                )
                return None
            spans.append(LineSpan(first=first, last=last))
        return tuple(spans)

    def group(self, row: int, cells: list[str]) -> str | None:
        written = self.cell(cells, Role.GROUP)
        if not written:
            self.problem(
                Code.CONSULTATION_CELL_EMPTY, row, Role.GROUP, "the stakeholder group is empty"
            )
            return None
        wanted = " ".join(written.split()).casefold()
        for group in self.groups:
            if wanted in (group.code.casefold(), group.label.casefold()):
                return group.code
        self.problem(
            Code.CONSULTATION_VALUE_INVALID,
            row,
            Role.GROUP,
            f"'{written}' is not a stakeholder group of this consultation",
            did_you_mean(written, [g.label for g in self.groups])
            or "choose one of " + ", ".join(g.label for g in self.groups),
        )
        return None

    def comment_type(self, row: int, cells: list[str]) -> CommentType | None:
        written = self.cell(cells, Role.TYPE)
        if not written:
            self.problem(Code.CONSULTATION_CELL_EMPTY, row, Role.TYPE, "the comment type is empty")
            return None
        found = TYPE_ALIASES.get(written.casefold())
        if found is None:
            self.problem(
                Code.CONSULTATION_VALUE_INVALID,
                row,
                Role.TYPE,
                f"type '{written}' is not general, technical or editorial",
                did_you_mean(written.casefold(), [t.value for t in CommentType]),
            )
        return found

    def publish(self, row: int, cells: list[str]) -> bool | None:
        written = self.cell(cells, Role.PUBLISH)
        if written.casefold() in YES:
            return True
        if written.casefold() in NO:
            return False
        self.problem(
            Code.CONSULTATION_VALUE_INVALID,
            row,
            Role.PUBLISH,
            f"publish name '{written}' is not Yes or No",
            "write Yes to consent to the name being published; leave it empty otherwise",
        )
        return None


def _tidy(text: str) -> str:
    """Line breaks normalised, trailing white space of each line dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()
