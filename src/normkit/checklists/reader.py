"""Reading a filled assurance checklist (XLSX or CSV) back: which version it is for, and
each row's criterion, number and finding checked against that version, every problem at
its `file[sheet]:row:column`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from normkit.checklists.layout import (
    ABOUT_SHEET,
    EVIDENCE,
    FINDING,
    FINDINGS,
    ID,
    NOTES,
    NUMBER,
)
from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.corpus import Corpus
from normkit.model.location import Location
from normkit.model.standard import Version
from normkit.outputs.workbooks import from_csv_text
from normkit.sources.cells import Rows, Sheet
from normkit.sources.tables import (
    Table,
    TableUnreadable,
    read_csv_sheet,
    read_xlsx_sheets,
    table_with_header,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FilledRow:
    """One row of a filled checklist, checked."""

    id: str
    """The criterion id or `id.part` it is for."""
    number: str
    """The number of that criterion or part in the version."""
    finding: str | None
    evidence: str
    notes: str
    location: Location
    """Where the row is (its first cell)."""


@dataclass(slots=True)
class ReadChecklist:
    """What a checklist says, once read."""

    version: Version | None = None
    rows: dict[str, FilledRow] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def problem(self, code: Code, where: Location, message: str, hint: str = "") -> None:
        self.diagnostics.append(diagnostic(code, where, message, hint))


@dataclass(frozen=True, slots=True)
class _Targets:
    """The rows a version's checklist may have: id → number, and number → id."""

    numbers: dict[str, str]
    ids_by_number: dict[str, str]
    withdrawn: frozenset[str]

    @classmethod
    def of(cls, version: Version) -> _Targets:
        numbers: dict[str, str] = {}
        withdrawn = set()
        for criterion in version.criteria():
            if criterion.is_withdrawn:
                withdrawn.add(criterion.id)
                continue
            numbers[criterion.id] = criterion.number
            for part in criterion.parts:
                numbers[f"{criterion.id}.{part.label}"] = part.number
        by_number = {number: key for key, number in numbers.items() if number}
        return cls(numbers, by_number, frozenset(withdrawn))


def _about(records: Rows) -> dict[str, str]:
    return {cells[0].strip(): cells[1].strip() for _, cells in records if len(cells) >= 2}


def _version_from(
    corpus: Corpus, asked: str | None, about: dict[str, str], stem: str
) -> Version | None:
    if asked:
        standard, _, name = asked.partition("@")
        return corpus.version(standard, name)
    if about.get("Standard") and about.get("Version"):
        return corpus.version(about["Standard"], about["Version"])
    matches = [v for v in corpus.versions() if f"{v.standard}-{v.name}" == stem]
    return matches[0] if len(matches) == 1 else None


_SPACES = re.compile(r"\s+")


def _finding(text: str) -> str | None:
    return _SPACES.sub(" ", text.strip().lower()) or None


class _Sheet:
    """One table of the checklist being read."""

    def __init__(self, result: ReadChecklist, table: Table, shown: str, csv: bool) -> None:
        self.result = result
        self.table = table
        self.shown = shown
        self.csv = csv
        self.columns = {name: index for index, name in enumerate(table.headers)}

    def at(self, row: int, header: str | None = None) -> Location:
        column = self.columns.get(header, -1) + 1 if header else 1
        return Location(path=self.shown, line=row, column=column, cell=True)

    def cell(self, cells: list[str], header: str) -> str:
        index = self.columns.get(header)
        value = cells[index].strip() if index is not None and index < len(cells) else ""
        return from_csv_text(value) if self.csv else value

    def read(self, targets: _Targets) -> None:
        for row, cells in self.table.rows:
            self.row(row, cells, targets)

    def row(self, row: int, cells: list[str], targets: _Targets) -> None:
        key, number = self.cell(cells, ID), self.cell(cells, NUMBER)
        finding = _finding(self.cell(cells, FINDING))
        if not key and not number:
            if finding or self.cell(cells, EVIDENCE) or self.cell(cells, NOTES):
                self.result.problem(
                    Code.CHECKLIST_UNKNOWN_CRITERION,
                    self.at(row, ID),
                    "the row has a finding but neither an ID nor a number",
                )
            return
        if not key:
            key = targets.ids_by_number.get(number, "")
            if not key:
                self.result.problem(
                    Code.CHECKLIST_UNKNOWN_CRITERION,
                    self.at(row, NUMBER),
                    f"no criterion or part of {self.version_key} has the number '{number}'",
                    did_you_mean(number, targets.ids_by_number),
                )
                return
        elif not self.known(row, key, targets):
            return
        expected = targets.numbers[key]
        if number and number != expected:
            self.result.problem(
                Code.CHECKLIST_NUMBER_MISMATCH,
                self.at(row, NUMBER),
                f"'{key}' is {expected or 'unnumbered'} in {self.version_key}, not '{number}'",
                "copy the row from the checklist of this version",
            )
        if finding is not None and finding not in FINDINGS:
            self.result.problem(
                Code.CHECKLIST_FINDING_INVALID,
                self.at(row, FINDING),
                f"'{self.cell(cells, FINDING)}' is not a finding",
                did_you_mean(finding, FINDINGS) or "use one of " + ", ".join(FINDINGS),
            )
            finding = None
        earlier = self.result.rows.get(key)
        if earlier is not None:
            self.result.problem(
                Code.CHECKLIST_DUPLICATE,
                self.at(row, ID),
                f"'{key}' has a row already, at {earlier.location}",
                "give each criterion and part one row",
            )
            return
        self.result.rows[key] = FilledRow(
            id=key,
            number=expected,
            finding=finding,
            evidence=self.cell(cells, EVIDENCE),
            notes=self.cell(cells, NOTES),
            location=self.at(row),
        )

    def known(self, row: int, key: str, targets: _Targets) -> bool:
        if key in targets.numbers:
            return True
        withdrawn = key.split(".", 1)[0] in targets.withdrawn
        self.result.problem(
            Code.CHECKLIST_UNKNOWN_CRITERION,
            self.at(row, ID),
            f"'{key}' is withdrawn in {self.version_key}: it is not a requirement"
            if withdrawn
            else f"'{key}' is no criterion or part of {self.version_key}",
            "" if withdrawn else did_you_mean(key, targets.numbers),
        )
        return False

    @property
    def version_key(self) -> str:
        version = self.result.version
        return version.key if version else "?"


def _shown(path: str, sheet: str) -> str:
    """How a sheet of the checklist is named in diagnostics: `file[sheet]`, or the file."""
    return f"{path}[{sheet}]" if sheet else path


def read_checklist(
    path: Path, corpus: Corpus, version_key: str | None = None, shown_as: str | None = None
) -> ReadChecklist:
    """Read and check a filled checklist; problems come back as diagnostics."""
    shown = shown_as or str(path)
    result = ReadChecklist()
    suffix = path.suffix.lower()
    try:
        sheets: list[Sheet]
        if suffix == ".xlsx":
            sheets = read_xlsx_sheets(path)
        elif suffix == ".csv":
            sheets = [read_csv_sheet(path)]
        else:
            raise TableUnreadable("a checklist is an .xlsx or a .csv file")
    except TableUnreadable as error:
        result.problem(Code.CHECKLIST_UNREADABLE, Location(path=shown), str(error))
        return result
    for sheet in sheets:
        # A cell of unknown value (a formula never calculated) is reported and its row left
        # out; control characters are reported and left out of their cell.
        result.diagnostics.extend(sheet.diagnostics(_shown(shown, sheet.title)))
    about = _about(next((s.readable_rows() for s in sheets if s.title == ABOUT_SHEET), []))
    result.version = _version_from(corpus, version_key, about, path.stem)
    if result.version is None:
        named = version_key or (
            f"{about['Standard']}@{about['Version']}"
            if about.get("Standard") and about.get("Version")
            else ""
        )
        result.problem(
            Code.CHECKLIST_UNREADABLE,
            Location(path=shown),
            f"the checklist is for {named}, which the project does not have"
            if named
            else "cannot tell which standard version the checklist is for",
            "give it as --version <standard>@<version>",
        )
        return result
    targets = _Targets.of(result.version)
    for sheet in sheets:
        name = sheet.title
        if name == ABOUT_SHEET:
            continue
        where = _shown(shown, name)
        try:
            table = table_with_header(sheet.readable_rows(), {ID, FINDING})
        except TableUnreadable as error:
            result.problem(Code.CHECKLIST_UNREADABLE, Location(path=where), str(error))
            continue
        missing = [h for h in (ID, FINDING) if h not in table.headers]
        if missing:
            result.problem(
                Code.CHECKLIST_UNREADABLE,
                Location(path=where, line=table.header_row, column=1, cell=True),
                f"the header row has no {' or '.join(repr(m) for m in missing)} column",
                "keep the header row of the checklist as normkit wrote it",
            )
            continue
        _Sheet(result, table, where, csv=not name).read(targets)
    return result
