"""The consultation registers → rounds of comments with their responses.

```
consultations/consultation.yml                 stakeholder groups (optional)
consultations/<standard>/<version>/*.xlsx|csv  filled comment forms, as received
consultations/<standard>/<version>/responses.yml
consultations/<standard>/<version>/lines.json    the draft's line map as issued (optional)
```
"""

from __future__ import annotations

import datetime
import os
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from normkit.assemble.standard_files import read_yaml_file
from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.metadata.declarations import CONSULTATION_YML
from normkit.model.location import Location
from normkit.model.stakeholders import DEFAULT_GROUPS, StakeholderGroup
from normkit.model.standard import Standard, Version, VersionStatus
from normkit.sources.files import relative, subfolders
from normkit.sources.tree import leads_outside, utf8_name

if TYPE_CHECKING:
    from normkit.assemble.comment_rows import ReceivedComment
    from normkit.model.consultation import Comment, ConsultationRound, RoundState

# What reads comment forms and responses (tables, cells, form rows) is imported by
# `read_round`, the first time a project has a round to read, and the rounds' model
# (`model/consultation.py`) and comment form by the functions that make a round: most
# projects have none, and a check of one does not pay for importing them
# (`tests/spine/test_imports.py`).

FOLDER = "consultations"
SETTINGS_FILE = "consultation.yml"
RESPONSES_FILE = "responses.yml"
FORM_SUFFIXES = (".xlsx", ".csv")


def today() -> datetime.date:
    """The build's date: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


def round_state(version: Version, on: datetime.date) -> RoundState:
    """Open while the version is out for consultation and its closing day has not passed."""
    from normkit.model.consultation import RoundState

    if version.status is not VersionStatus.CONSULTATION:
        return RoundState.CLOSED
    closes = version.consultation_closes
    return RoundState.OPEN if closes is None or on <= closes else RoundState.CLOSED


def read_consultations(
    root: Path, standards: tuple[Standard, ...]
) -> tuple[tuple[ConsultationRound, ...], tuple[StakeholderGroup, ...], list[Diagnostic]]:
    """A round for every version out for consultation or with a register, the project's
    stakeholder groups, and the problems."""
    diagnostics: list[Diagnostic] = []
    groups = _groups(root, diagnostics)
    rounds: list[ConsultationRound] = []
    folder = root / FOLDER
    for standard_folder in subfolders(root, folder):
        standard = next((s for s in standards if s.slug == standard_folder.name), None)
        if standard is None:
            diagnostics.append(
                diagnostic(
                    Code.CONSULTATION_VERSION_UNKNOWN,
                    Location(path=relative(root, standard_folder)),
                    f"no standard '{standard_folder.name}' to consult on",
                    did_you_mean(standard_folder.name, [s.slug for s in standards])
                    or "name the folder after a folder of standards/",
                )
            )
            continue
        for version_folder in subfolders(root, standard_folder):
            version = standard.version(version_folder.name)
            if version is None:
                diagnostics.append(
                    diagnostic(
                        Code.CONSULTATION_VERSION_UNKNOWN,
                        Location(path=relative(root, version_folder)),
                        f"{standard.slug} has no version '{version_folder.name}'",
                        did_you_mean(version_folder.name, [v.name for v in standard.versions]),
                    )
                )
                continue
            found, problems = read_round(root, version_folder, version, groups)
            diagnostics.extend(problems)
            rounds.append(found)
    registered = {r.key for r in rounds}
    for standard in standards:
        for version in standard.versions:
            if version.status is VersionStatus.CONSULTATION and version.key not in registered:
                rounds.append(
                    _round(version, groups, (), Path(FOLDER, standard.slug, version.name))
                )
    rounds.sort(key=lambda r: (r.standard, _position(standards, r)))
    return tuple(rounds), groups, diagnostics


def drafts_with_forms(root: Path, standards: tuple[Standard, ...]) -> list[Version]:
    """The versions whose register holds received forms, found without reading them: the
    drafts whose line numbers the forms' comments will most likely cite."""
    found: list[Version] = []
    for standard in standards:
        for version in standard.versions:
            folder = root / FOLDER / standard.slug / version.name
            if not folder.is_dir() or leads_outside(root, folder):
                continue
            if any(p.suffix.casefold() in FORM_SUFFIXES for p in _files(root, folder)):
                found.append(version)
    return found


def received_workbooks(root: Path) -> list[Path]:
    """The workbooks of every register (`read_consultations` reads each that is a form of
    a version), found without reading them: `sources/sheets_ahead.py` reads them ahead."""
    found: list[Path] = []
    for standard_folder in subfolders(root, root / FOLDER):
        for folder in subfolders(root, standard_folder):
            found.extend(p for p in _files(root, folder) if p.suffix.casefold() == ".xlsx")
    return found


def _position(standards: tuple[Standard, ...], found: ConsultationRound) -> int:
    standard = next(s for s in standards if s.slug == found.standard)
    return next(i for i, v in enumerate(standard.versions) if v.name == found.version)


def _round(
    version: Version,
    groups: tuple[StakeholderGroup, ...],
    comments: tuple[Comment, ...],
    folder: Path,
    responses: Location | None = None,
) -> ConsultationRound:
    from normkit.model.consultation import ConsultationRound

    return ConsultationRound(
        standard=version.standard,
        version=version.name,
        opened=version.published,
        closes=version.consultation_closes,
        state=round_state(version, today()),
        comments=comments,
        groups=groups,
        location=Location(path=folder.as_posix()),
        responses_location=responses,
    )


def _groups(root: Path, diagnostics: list[Diagnostic]) -> tuple[StakeholderGroup, ...]:
    path = root / FOLDER / SETTINGS_FILE
    if not path.is_file() or leads_outside(root, path):
        return DEFAULT_GROUPS
    meta = read_yaml_file(root, path, "consultation")
    diagnostics.extend(meta.diagnostics)
    checked, problems = meta.checked(CONSULTATION_YML)
    diagnostics.extend(problems)
    groups: list[StakeholderGroup] = []
    for position, entry in enumerate(checked.records("stakeholder_groups")):
        code = entry.text("code")
        if not code:
            continue  # reported
        label = entry.text("label") or code.replace("-", " ").capitalize()
        clash = next((g for g in groups if {code.casefold(), label.casefold()} & _names(g)), None)
        if clash is not None:
            diagnostics.append(
                diagnostic(
                    Code.META_INVALID,
                    checked.at("stakeholder_groups", position),
                    f"stakeholder group '{code}' ({label}) has the code or label of "
                    f"'{clash.code}' ({clash.label})",
                    "give every group its own code and label",
                )
            )
            continue
        groups.append(
            StakeholderGroup(code=code, label=label, description=entry.text("description"))
        )
    return tuple(groups) if checked.has("stakeholder_groups") else DEFAULT_GROUPS


def _names(group: StakeholderGroup) -> set[str]:
    return {group.code.casefold(), group.label.casefold()}


def _files(root: Path, folder: Path) -> list[Path]:
    """The register's files, in path order; hidden files, office lock files (`~$…`), links
    out of the project and names that are not UTF-8 (reported by the scan) left out."""
    found: list[Path] = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part.startswith((".", "~$")) or utf8_name(part) is None for part in parts):
            continue
        if path.is_file() and not leads_outside(root, path):
            found.append(path)
    return found


def read_round(
    root: Path, folder: Path, version: Version, groups: tuple[StakeholderGroup, ...]
) -> tuple[ConsultationRound, list[Diagnostic]]:
    from normkit.assemble.comment_rows import FormReader, TargetIndex
    from normkit.assemble.responses import read_responses
    from normkit.metadata.comment_form import SHEET_NAME, Role, column
    from normkit.sources.issued_lines import FILE_NAME as LINES_FILE
    from normkit.sources.tables import TableUnreadable, read_sheet, table_with_header

    diagnostics: list[Diagnostic] = []
    index = TargetIndex.of(version)
    received: list[ReceivedComment] = []
    seen: dict[tuple[str, ...], Location] = {}
    repeats: list[tuple[Location, Location]] = []
    responses_path: Path | None = None
    for path in _files(root, folder):
        shown = relative(root, path)
        within = path.relative_to(folder).as_posix()
        if within == RESPONSES_FILE:
            responses_path = path
            continue
        if within == LINES_FILE:  # read where lines are checked (`outputs/pdf/lines.py`)
            continue
        if path.suffix.casefold() not in FORM_SUFFIXES:
            diagnostics.append(
                diagnostic(
                    Code.CONSULTATION_FORM_INVALID,
                    Location(path=shown),
                    f"'{path.name}' is not a comment form (XLSX or CSV) or {RESPONSES_FILE}",
                    "save received forms as .xlsx or .csv, and keep other files elsewhere",
                )
            )
            continue
        try:
            sheet = read_sheet(path, SHEET_NAME)
            # A row with a cell of unknown value (a formula never calculated) is reported
            # at that cell and not read.
            diagnostics.extend(sheet.diagnostics(shown))
            table = table_with_header(sheet.readable_rows(), {column(Role.COMMENT).header})
        except TableUnreadable as error:
            diagnostics.append(
                diagnostic(Code.CONSULTATION_FORM_INVALID, Location(path=shown, line=1), str(error))
            )
            continue
        reader = FormReader(
            shown_as=shown,
            key_prefix=within,
            table=table,
            index=index,
            groups=groups,
            seen=seen,
            repeats=repeats,
        )
        received.extend(reader.read())
        diagnostics.extend(reader.diagnostics)
    comments = _numbered(received, repeats, relative(root, folder) + "/")
    diagnostics.extend(_repeat_warnings(repeats))
    responses_location = None
    if responses_path is not None:
        responses_location = Location(path=relative(root, responses_path), line=1, column=1)
        comments, problems = read_responses(root, responses_path, comments)
        diagnostics.extend(problems)
    register = Path(relative(root, folder))
    return _round(version, groups, tuple(comments), register, responses_location), diagnostics


def _numbered(
    received: list[ReceivedComment], repeats: list[tuple[Location, Location]], folder: str
) -> list[Comment]:
    """Comments numbered C1, C2 … in the order received; each row that repeats one is
    recorded with it, under its own key too (responses may name either). `folder` is the
    round's folder, project-relative, with a trailing slash."""
    from normkit.model.consultation import Comment

    repeated: dict[Location, list[Location]] = defaultdict(list)
    for row, first in repeats:
        repeated[first].append(row)
    comments: list[Comment] = []
    for number, item in enumerate(received, start=1):
        also = tuple(repeated.get(item.location, ()))
        keys = (item.key, *(f"{where.path.removeprefix(folder)}:{where.line}" for where in also))
        comments.append(
            Comment(
                number=number,
                keys=keys,
                target=item.target,
                lines=item.lines,
                organisation=item.organisation,
                group=item.group,
                name=item.name,
                publish_name=item.publish_name,
                type=item.type,
                text=item.text,
                proposed_change=item.proposed_change,
                location=item.location,
                line_location=item.line_location,
                stated_lines=item.stated_lines,
                lines_location=item.lines_location,
                also_at=also,
            )
        )
    return comments


def _repeat_warnings(repeats: list[tuple[Location, Location]]) -> list[Diagnostic]:
    """One warning per file and the file it repeats, at the first repeated row."""
    by_pair: dict[tuple[str, str], list[tuple[Location, Location]]] = defaultdict(list)
    for row, first in repeats:
        by_pair[(row.path, first.path)].append((row, first))
    found: list[Diagnostic] = []
    for (_, original), pairs in by_pair.items():
        rows = [row.line for row, _ in pairs]
        name = original.rsplit("/", 1)[-1]
        if len(pairs) == 1:
            message = f"row {rows[0]} repeats {name}:{pairs[0][1].line}; it is counted once"
        else:
            shown = ", ".join(str(r) for r in rows[:5]) + (" …" if len(rows) > 5 else "")
            message = f"{len(rows)} rows ({shown}) repeat rows of {name}; each is counted once"
        found.append(
            diagnostic(
                Code.CONSULTATION_DUPLICATE,
                pairs[0][0],
                message,
                "nothing to do if the form was sent twice; remove the copy to silence this",
            )
        )
    return found
