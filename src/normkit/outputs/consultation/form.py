"""The comment form of a consultation draft: an XLSX workbook (instructions, a comments sheet
pre-filled with one row per criterion, part and section, drop-down lists) and a CSV with the
same columns."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from normkit.metadata.comment_form import COLUMNS, SHEET_NAME, TYPE_MEANINGS, Role, column
from normkit.model.consultation import (
    DRAFT_TARGET_ID,
    SECTION_PREFIX,
    CommentType,
    LineMap,
    StakeholderGroup,
)
from normkit.model.standard import Criterion, Section, Standard, Version
from normkit.model.validity import format_date
from normkit.outputs.pdf.facts import version_items
from normkit.outputs.spreadsheets import save_workbook, text_cell, write_csv

EXTRA_ROWS = 400
"""Rows below the pre-filled ones that keep the drop-down lists, for rows commenters add."""
EXCERPT = 70
"""Characters of a part's text shown as its title."""


def form_name(version: Version) -> str:
    return f"{version.standard}-{version.name}-comments"


@dataclass(frozen=True, slots=True)
class FormRow:
    """A pre-filled row: what it is about and where that is in the consultation PDF."""

    number: str
    form_id: str
    title: str
    lines: str
    pages: str


def form_rows(version: Version, lines: LineMap) -> list[FormRow]:
    """The whole draft, then each section, criterion and part in the order of the PDF."""
    rows = [_row(lines, "", DRAFT_TARGET_ID, "The whole draft (general comments)")]
    for item in version_items(version):
        if item.section is not None:
            rows.append(_section_row(lines, item.section))
        elif item.criterion is not None:
            rows.extend(_criterion_rows(lines, item.criterion))
    return rows


def _row(lines: LineMap, number: str, form_id: str, title: str) -> FormRow:
    found = lines.get(form_id)
    return FormRow(
        number, form_id, title, found.lines if found else "", found.pages if found else ""
    )


def _section_row(lines: LineMap, section: Section) -> FormRow:
    title = section.title or section.number or section.key
    return _row(
        lines, section.number, f"{SECTION_PREFIX}{section.key}", f"{title} (general comments)"
    )


def _criterion_rows(lines: LineMap, criterion: Criterion) -> list[FormRow]:
    title = criterion.title or criterion.number or criterion.id
    if criterion.is_withdrawn:
        title += " (withdrawn)"
    rows = [_row(lines, criterion.number, criterion.id, title)]
    for part in criterion.parts:
        text = " ".join(part.text.plain.split())
        excerpt = text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"
        number = part.number if criterion.number else ""
        rows.append(_row(lines, number, f"{criterion.id}.{part.label}", f"{part.label}. {excerpt}"))
    return rows


def _cells(row: FormRow) -> list[str]:
    values = {
        Role.NUMBER: row.number,
        Role.ID: row.form_id,
        Role.TITLE: row.title,
        Role.LINES: row.lines,
        Role.PAGES: row.pages,
    }
    return [values.get(c.role, "") for c in COLUMNS]


def write_form_csv(path: Path, rows: list[FormRow]) -> None:
    write_csv(path, [c.header for c in COLUMNS], [_cells(row) for row in rows])


def write_form_xlsx(
    path: Path,
    standard: Standard,
    version: Version,
    rows: list[FormRow],
    groups: tuple[StakeholderGroup, ...],
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    _instructions(workbook.active, standard, version, groups, rows)
    sheet = workbook.create_sheet(SHEET_NAME)
    lists = workbook.create_sheet("Lists")
    lists.sheet_state = "hidden"
    _comments(sheet, lists, rows, groups)
    workbook.active = 1  # open on the comments
    workbook.properties.title = f"Comment form: {version.title}"
    workbook.properties.creator = standard.owner or standard.title
    day = version.published or datetime.date(2000, 1, 1)
    save_workbook(workbook, path, datetime.datetime(day.year, day.month, day.day))


def _instructions(
    sheet: object,
    standard: Standard,
    version: Version,
    groups: tuple[StakeholderGroup, ...],
    rows: list[FormRow],
) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    examples = Examples.of(rows)
    sheet.title = "Instructions"
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    lines: list[tuple[str, str]] = [
        (f"Comment form: {version.title}", ""),
        ("", ""),
        ("Standard", f"{standard.title} ({standard.code})" if standard.code else standard.title),
        ("Draft", f"{version.title} ({version.name})"),
        ("Published for comment", format_date(version.published) or "—"),
        ("Comments close", format_date(version.consultation_closes) or "—"),
        ("Send the form to", version.comments_to.removeprefix("mailto:") or "—"),
        ("Draft PDF", f"{version.standard}-{version.name}.pdf (line numbers in its margin)"),
        ("", ""),
        ("How to comment", ""),
        (
            "1.",
            f"Go to the '{SHEET_NAME}' sheet. It has one row for the whole draft, one for each "
            f"section (for general comments on it), and one for each criterion and each "
            f"lettered part: {len(rows)} rows in all, in the order of the draft.",
        ),
        (
            "2.",
            "Write your comment in the row of what it is about. Number, Id, Title, Lines and "
            "Pages are filled in: leave them as they are. Lines are the line numbers printed "
            "in the margin of the draft PDF.",
        ),
        (
            "3.",
            "To comment twice on the same criterion, copy its row (keep Number and Id) and "
            "insert the copy below it. Rows without a comment are ignored.",
        ),
        (
            "4.",
            "On every row you comment on, fill in: Organisation (or your Name, if you comment "
            "as an individual), Stakeholder group and Type (choose from the lists), Comment "
            "and, if you can, Proposed change. Line is optional: the line or lines you "
            f"comment on ({examples.line}, or {examples.line_range}), within the row's Lines.",
        ),
        (
            "5.",
            "Save the workbook as it is (.xlsx) and send it. A CSV file with the same columns "
            "is also accepted.",
        ),
        ("", ""),
        (
            "Publication",
            "Every comment is published with the responses to it, with the organisation and "
            "stakeholder group. Your name is published only if you write Yes under Publish "
            "name; otherwise it is kept by the secretariat and appears in no published "
            "document.",
        ),
        ("", ""),
        ("Types of comment", ""),
        *((t.value, TYPE_MEANINGS[t].capitalize() + ".") for t in CommentType),
        ("", ""),
        ("Stakeholder groups", ""),
        *((g.label, g.description) for g in groups),
        ("", ""),
        ("Columns", ""),
        *((c.header, examples.help.get(c.role, _plain(c.description))) for c in COLUMNS),
    ]
    for number, (label, text) in enumerate(lines, start=1):
        left = text_cell(sheet, number, 1, label)
        right = text_cell(sheet, number, 2, text)
        right.alignment = Alignment(wrap_text=True, vertical="top")
        left.alignment = Alignment(vertical="top")
        if not text and label:
            left.font = Font(bold=True, size=14 if number == 1 else 11)


@dataclass(frozen=True, slots=True)
class Examples:
    """Examples for the instructions taken from the draft itself, so that a commenter sees
    its own ids and line numbers rather than those of some other standard."""

    line: str
    line_range: str
    help: dict[Role, str]
    """Column descriptions whose examples come from the draft."""

    @classmethod
    def of(cls, rows: list[FormRow]) -> Examples:
        def first(wanted: Callable[[FormRow], bool]) -> FormRow | None:
            return next((row for row in rows if wanted(row)), None)

        def specific(row: FormRow) -> bool:
            return row.form_id != DRAFT_TARGET_ID and not row.form_id.startswith(SECTION_PREFIX)

        section = first(lambda row: row.form_id.startswith(SECTION_PREFIX))
        part = first(lambda row: specific(row) and "." in row.form_id)
        criterion = first(lambda row: specific(row) and "." not in row.form_id)
        named = [
            ("a criterion id", criterion.form_id if criterion else ""),
            ("a part", part.form_id if part else ""),
            ("a section", section.form_id if section else ""),
        ]
        about = "".join(f"{kind} ({example}), " for kind, example in named if example)
        # Line numbers from the first criterion that spans several lines (else the draft).
        spanning = first(lambda row: specific(row) and "–" in row.lines) or first(
            lambda row: "–" in row.lines
        )
        low, _, high = (spanning.lines if spanning else "1–4").partition("–")
        start, end = int(low), int(high)
        line, line_range = str(start + 1), f"{start}-{min(start + 3, end)}"
        return cls(
            line=line,
            line_range=line_range,
            help={
                Role.ID: f"What the row is about: {about}or the whole draft ({DRAFT_TARGET_ID}).",
                Role.LINES: f"Its lines in the consultation PDF ({start}–{end}).",
                Role.LINE: f"Optional: the line or lines the comment is about, within the row's "
                f"Lines: a line ({line}), a range ({line_range}) or several ({start}, {end}).",
            },
        )


def _plain(text: str) -> str:
    return text.replace("`", "")


def _comments(
    sheet: object, lists: object, rows: list[FormRow], groups: tuple[StakeholderGroup, ...]
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet) and isinstance(lists, Worksheet)
    prefilled = PatternFill("solid", fgColor="EEF3F5")
    for index, spec in enumerate(COLUMNS, start=1):
        cell = text_cell(sheet, 1, index, spec.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = spec.width
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(_cells(row), start=1):
            cell = text_cell(sheet, number, index, value)
            cell.number_format = "@"  # typed values stay text: 4-5 is not a date, =x no formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if COLUMNS[index - 1].prefilled:
                cell.fill = prefilled
    sheet.freeze_panes = "C2"
    last = len(rows) + 1 + EXTRA_ROWS
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    choices = {
        Role.GROUP: [g.label for g in groups],
        Role.TYPE: [t.value for t in CommentType],
        Role.PUBLISH: ["Yes", "No"],
    }
    for offset, (role, values) in enumerate(choices.items(), start=1):
        for number, value in enumerate(values, start=1):
            text_cell(lists, number, offset, value)
        letter = get_column_letter(offset)
        validation = DataValidation(
            type="list",
            formula1=f"Lists!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column(role).header,
            error="Choose a value from the list.",
        )
        target = get_column_letter([c.role for c in COLUMNS].index(role) + 1)
        validation.add(f"{target}2:{target}{last}")
        sheet.add_data_validation(validation)
