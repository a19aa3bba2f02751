"""`crosswalks/<scheme>/crosswalk.yml` → `Crosswalk`s, through the declared metadata schema.

Whether the standard, the version and the criteria exist is the crosswalk check's to say
(`checks/crosswalks.py`): here each file is read on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from normkit.assemble.standard_files import read_yaml_file
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.metadata.declarations import CROSSWALK_YML
from normkit.metadata.validate import Checked
from normkit.sources.files import subfolders

if TYPE_CHECKING:
    from normkit.model.crosswalk import Crosswalk, CrosswalkEntry

# The crosswalks' model is imported by `read_crosswalk`, for a project that has one: most
# have none, and do not pay for its classes.

FILE_NAME = "crosswalk.yml"


def _entry(checked: Checked) -> CrosswalkEntry | None:
    from normkit.model.crosswalk import CrosswalkEntry, Relationship

    if not (checked.valid and checked.has("criterion") and checked.has("relationship")):
        return None
    target = checked.text("criterion")
    criterion_id, _, part = target.partition(".")
    return CrosswalkEntry(
        criterion_id=criterion_id,
        part=part or None,
        clause=checked.text("clause"),
        clause_title=checked.text("title"),
        relationship=Relationship(checked.text("relationship")),
        note=checked.text("note"),
        location=checked.origin,
        criterion_location=checked.at("criterion"),
    )


def read_crosswalk(root: Path, folder: Path) -> tuple[Crosswalk | None, list[Diagnostic]]:
    from normkit.model.crosswalk import Crosswalk, Scheme

    meta = read_yaml_file(root, folder / FILE_NAME, "crosswalk")
    if meta.mapping is None:
        return None, meta.diagnostics
    checked, problems = meta.checked(CROSSWALK_YML)
    diagnostics = [*meta.diagnostics, *problems]
    if not (checked.has("scheme") and checked.has("standard") and checked.has("reviewed_against")):
        return None, diagnostics
    entries = []
    records = checked.records("entries")
    for record in records:
        entry = _entry(record)
        if entry is None:
            continue
        if not entry.clause and entry.relationship.related:
            diagnostics.append(
                diagnostic(
                    Code.META_MISSING_KEY,
                    entry.location,
                    f"an entry with relationship '{entry.relationship}' needs 'clause'",
                    "name their clause, or say 'no-relationship'",
                )
            )
            continue
        entries.append(entry)
    scheme: Checked = checked.get("scheme")
    crosswalk = Crosswalk(
        slug=folder.name,
        scheme=Scheme(
            title=scheme.text("title"),
            owner=scheme.text("owner"),
            version=scheme.text("version"),
            url=scheme.text("url"),
            licence=scheme.text("licence"),
        ),
        standard=checked.text("standard"),
        reviewed_against=checked.text("reviewed_against"),
        reviewed=checked.date("reviewed"),
        description=checked.text("description"),
        entries=tuple(entries),
        complete=len(entries) == len(records)
        and "entries" not in checked.given - set(checked.values),
        location=meta.mapping.origin,
        key_locations={
            name: checked.at(name) for name in ("standard", "reviewed_against", "entries")
        },
    )
    return crosswalk, diagnostics


def read_crosswalks(root: Path) -> tuple[list[Crosswalk], list[Diagnostic]]:
    """Every crosswalk of the project, by folder name."""
    crosswalks: list[Crosswalk] = []
    diagnostics: list[Diagnostic] = []
    for folder in subfolders(root, root / "crosswalks"):
        crosswalk, problems = read_crosswalk(root, folder)
        diagnostics.extend(problems)
        if crosswalk is not None:
            crosswalks.append(crosswalk)
    return sorted(crosswalks, key=lambda c: c.slug), diagnostics
