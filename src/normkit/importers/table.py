"""A requirements table (CSV or XLSX, one row per requirement) → an imported version."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from normkit.assemble.fields import RESERVED_KEYS
from normkit.assemble.slugs import slugify
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.importers.columns import ColumnMap, parse_columns, wanted_headers
from normkit.importers.document import ImportedCriterion, ImportedSection, ImportedVersion
from normkit.importers.field_types import field_value, infer_field
from normkit.importers.markdown_text import escape_inline, escape_plain_text
from normkit.importers.numbering import choose_numbering, usable_number
from normkit.metadata.declarations import CRITERION_ID
from normkit.model.location import Location
from normkit.sources.tables import (
    Table,
    TableUnreadable,
    read_csv_sheet,
    read_xlsx_sheets,
    table_with_header,
)


@dataclass(slots=True)
class _Rows:
    """The table being converted, and the problems found in it."""

    table: Table
    columns: ColumnMap
    shown_as: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def at(self, row: int, column: int | None) -> Location:
        return Location(
            path=self.shown_as,
            line=row,
            column=(column + 1) if column is not None else 0,
            cell=True,
        )

    def problem(
        self, code: Code, row: int, column: int | None, message: str, hint: str = ""
    ) -> None:
        self.diagnostics.append(diagnostic(code, self.at(row, column), message, hint))

    def cell(self, cells: list[str], role: str) -> str:
        index = self.columns.single.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def header(self, index: int) -> str:
        return self.table.headers[index]


def _level_names(rows: _Rows) -> list[str]:
    count = max(len(rows.columns.sections), len(rows.columns.section_numbers))
    names: list[str] = []
    for level in range(count):
        source = (
            rows.columns.sections
            if level < len(rows.columns.sections)
            else rows.columns.section_numbers
        )
        name = slugify(rows.header(source[level]), fallback="section")
        names.append(name if name not in names else f"{name}-{level + 1}")
    return names or ["section"]


def _section_path(rows: _Rows, cells: list[str]) -> list[tuple[str, str]]:
    """(number, title) of each section level of a row, outermost first, to the last given."""
    count = max(len(rows.columns.sections), len(rows.columns.section_numbers))
    path: list[tuple[str, str]] = []
    for level in range(count):
        title = cells[rows.columns.sections[level]] if level < len(rows.columns.sections) else ""
        number = (
            cells[rows.columns.section_numbers[level]]
            if level < len(rows.columns.section_numbers)
            else ""
        )
        path.append((number.strip(), title.strip()))
    while path and path[-1] == ("", ""):
        path.pop()
    return path


def _criterion_id(rows: _Rows, row: int, cells: list[str], seen: dict[str, int]) -> str | None:
    given = rows.cell(cells, "id")
    if given:
        if not CRITERION_ID.match(given):
            rows.problem(
                Code.IMPORT_VALUE_INVALID,
                row,
                rows.columns.single["id"],
                f"'{given}' is not a criterion id",
                f"ids are lower-case letters, digits and hyphens, such as '{slugify(given)}'",
            )
            return None
        criterion_id, role = given, "id"
    else:
        role = "number" if rows.cell(cells, "number") else "title"
        criterion_id = re.sub(r"[^a-z0-9]+", "-", slugify(rows.cell(cells, role)).lower()).strip(
            "-"
        )
        if not criterion_id:
            return None
    if criterion_id in seen:
        rows.problem(
            Code.IMPORT_DUPLICATE,
            row,
            rows.columns.single.get(role),
            f"id '{criterion_id}' is also the id of row {seen[criterion_id]}",
            "give each row its own id"
            if role == "id"
            else f"add an id column, or make the {role}s unique",
        )
        return None
    seen[criterion_id] = row
    return criterion_id


def _check_row(rows: _Rows, row: int, cells: list[str], numbers: dict[str, int]) -> bool:
    ok = True
    if not rows.cell(cells, "text"):
        rows.problem(
            Code.IMPORT_CELL_EMPTY,
            row,
            rows.columns.single["text"],
            "the requirement's text is empty",
        )
        ok = False
    number = rows.cell(cells, "number")
    if not number and not rows.cell(cells, "title"):
        where = rows.columns.single.get("number", rows.columns.single.get("title"))
        rows.problem(
            Code.IMPORT_CELL_EMPTY,
            row,
            where,
            "the row has neither a number nor a title",
            "a criterion's heading needs one of them",
        )
        ok = False
    if number:
        if not usable_number(number):
            rows.problem(
                Code.IMPORT_VALUE_INVALID,
                row,
                rows.columns.single["number"],
                f"'{number}' cannot be a display number",
                "a number is one word, without a trailing '.' or ':'",
            )
            ok = False
        elif number in numbers:
            rows.problem(
                Code.IMPORT_DUPLICATE,
                row,
                rows.columns.single["number"],
                f"number '{number}' is also the number of row {numbers[number]}",
            )
            ok = False
        else:
            numbers[number] = row
    return ok


def _convert(rows: _Rows, title: str) -> ImportedVersion:
    declarations = {
        name: infer_field(name, rows.header(index), [cells[index] for _, cells in rows.table.rows])
        for name, index in rows.columns.fields.items()
    }
    version = ImportedVersion(title=title, standard_title=title, section_levels=_level_names(rows))
    version.fields = list(declarations.values())
    tops: list[ImportedSection] = []
    by_path: dict[tuple[tuple[str, str], ...], ImportedSection] = {}
    seen_ids: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for row, cells in rows.table.rows:
        row_ok = _check_row(rows, row, cells, numbers)
        # A derived id repeats the number's or title's problem: report that one only.
        derived = "id" not in rows.columns.single
        criterion_id = None if derived and not row_ok else _criterion_id(rows, row, cells, seen_ids)
        if not row_ok or criterion_id is None:
            continue
        criterion = ImportedCriterion(
            id=criterion_id,
            number=rows.cell(cells, "number"),
            title=escape_inline(rows.cell(cells, "title")),
            body=escape_plain_text(rows.cell(cells, "text")),
            guidance=escape_plain_text(rows.cell(cells, "guidance")),
        )
        for name, index in rows.columns.fields.items():
            value = field_value(declarations[name], cells[index].strip())
            if value is not None:
                criterion.fields[name] = value
        path = _section_path(rows, cells) or [("", "Requirements")]
        parent: ImportedSection | None = None
        for depth in range(1, len(path) + 1):
            key = tuple(path[:depth])
            if key not in by_path:
                number, section_title = path[depth - 1]
                by_path[key] = ImportedSection(number=number, title=escape_inline(section_title))
                (parent.children if parent else tops).append(by_path[key])
            parent = by_path[key]
        assert parent is not None
        parent.children.append(criterion)
    version.sections = tops
    section_numbers = [s.number for s in by_path.values()]
    version.numbering = choose_numbering([*numbers, *section_numbers])
    return version


def read_table(
    source: Path, source_format: str, columns: str | None, shown_as: str
) -> tuple[ImportedVersion | None, list[Diagnostic]]:
    """Read a CSV or XLSX requirements table; None (with located errors) when any row
    cannot be imported."""
    try:
        sheet = (
            read_xlsx_sheets(source, "")[0] if source_format == "xlsx" else read_csv_sheet(source)
        )
        table = table_with_header(sheet.readable_rows(), wanted_headers(columns))
    except TableUnreadable as error:
        where = Location(path=shown_as, line=1, column=0)
        return None, [diagnostic(Code.IMPORT_SOURCE_INVALID, where, str(error))]
    mapping = parse_columns(columns, table.headers)
    rows = _Rows(table=table, columns=mapping, shown_as=shown_as)
    rows.diagnostics.extend(sheet.diagnostics(shown_as))
    for problem in mapping.problems:
        message, _, hint = problem.partition("\t")
        rows.problem(Code.IMPORT_COLUMN_UNKNOWN, table.header_row, None, message, hint)
    for name, index in mapping.fields.items():
        if name in RESERVED_KEYS:
            rows.problem(
                Code.IMPORT_COLUMN_UNKNOWN,
                table.header_row,
                index,
                f"'{name}' is a key of criterion blocks, not a custom field name",
                f"map the column as field:{name}_value or another name",
            )
    if rows.diagnostics:
        return None, rows.diagnostics
    title = " ".join(re.split(r"[-_\s]+", source.stem)).strip().capitalize() or "Requirements"
    version = _convert(rows, title)
    return (None if rows.diagnostics else version), rows.diagnostics
