"""`--columns ROLE=HEADER,…`: which column of a requirements table plays which role."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from normkit.diagnostics import did_you_mean

ROLES: dict[str, str] = {
    "id": "The criterion's id (lower-case letters, digits, hyphens). Without it the id is "
    "derived from the number, or else from the title.",
    "number": "The display number (`UX01`, `5.3`, `AC-2(1)`); the standard's `numbering` "
    "is chosen to match all of them.",
    "title": "The criterion's title (plain text).",
    "text": "The requirement itself (plain text; blank lines separate paragraphs). Required.",
    "section": "A section title; may repeat, outermost level first. Rows with the same "
    "sections are grouped under them.",
    "section-number": "A section's display number; may repeat, paired with `section` "
    "columns in order.",
    "guidance": "Guidance for the criterion (plain text), written as a guidance edition.",
    "field:NAME": "A custom field NAME, declared in `standard.yml` with a type inferred "
    "from the values: number, boolean, date, url, enum (few distinct values), "
    "list-of-number or list-of-string (values separated by `;` or line breaks), else string.",
}
"""Every role, with what it means (the documentation's table is generated from this)."""

REPEATABLE = {"section", "section-number"}
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(slots=True)
class ColumnMap:
    """Role → column index (0-based), as mapped."""

    single: dict[str, int] = field(default_factory=dict)
    sections: list[int] = field(default_factory=list)
    section_numbers: list[int] = field(default_factory=list)
    fields: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """Each problem as `message\thint`."""


def roles_markdown() -> str:
    """The table of roles for docs/ (`normkit import --roles`)."""
    rows = [f"| `{role}` | {meaning} |" for role, meaning in ROLES.items()]
    return "| role | column holds |\n|---|---|\n" + "\n".join(rows) + "\n"


def _pairs(value: str) -> list[str]:
    return next(csv.reader([value], skipinitialspace=True), [])


def wanted_headers(value: str | None) -> set[str]:
    """The headers `--columns` names (to find the header row below a sheet's title)."""
    if value is None:
        return set()
    return {item.partition("=")[2].strip() for item in _pairs(value) if "=" in item}


def parse_columns(value: str | None, headers: list[str]) -> ColumnMap:
    """Map roles to columns; without `--columns`, headers named like a role map to it."""
    mapping = ColumnMap()
    pairs: list[tuple[str, str]] = []
    if value is None:
        for header in headers:
            role = header.strip().lower()
            if role in ROLES and role != "field:NAME":
                pairs.append((role, header))
    else:
        for item in _pairs(value):
            role, equals, header = item.partition("=")
            if not equals:
                mapping.problems.append(
                    f"'{item}' in --columns is not ROLE=HEADER\tfor example text=Requirement"
                )
                continue
            pairs.append((role.strip(), header.strip()))
    positions = {header: index for index, header in reversed(list(enumerate(headers)))}
    for role, header in pairs:
        _assign(mapping, role, header, positions)
    if "text" not in mapping.single and not mapping.problems:
        mapping.problems.append("no column has the role 'text'\tmap one with --columns text=HEADER")
    return mapping


def _assign(mapping: ColumnMap, role: str, header: str, positions: dict[str, int]) -> None:
    known = [r for r in ROLES if r != "field:NAME"]
    if not (role in ROLES or role.startswith("field:")):
        hint = did_you_mean(role, known) or "roles: " + ", ".join(ROLES)
        mapping.problems.append(f"unknown role '{role}' in --columns\t{hint}")
        return
    if header not in positions:
        hint = did_you_mean(header, positions) or "headers: " + ", ".join(positions)
        mapping.problems.append(f"the table has no column '{header}' (for '{role}')\t{hint}")
        return
    index = positions[header]
    if role == "section":
        mapping.sections.append(index)
    elif role == "section-number":
        mapping.section_numbers.append(index)
    elif role.startswith("field:"):
        name = role.removeprefix("field:")
        if not _FIELD_NAME.match(name):
            mapping.problems.append(
                f"'{name}' cannot name a field\tuse lower-case letters, digits and _"
            )
        else:
            mapping.fields[name] = index
    elif role in mapping.single:
        mapping.problems.append(f"the role '{role}' is given twice in --columns\tgive it once")
    else:
        mapping.single[role] = index
