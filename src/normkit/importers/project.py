"""Importing into a project: where the version goes, what it supersedes, which fields the
standard must declare, and writing it all (or nothing)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from normkit.assemble.slugs import is_slug
from normkit.diagnostics import Diagnostic, Severity
from normkit.importers.document import FieldDeclaration, ImportedVersion
from normkit.importers.numbering import misfits
from normkit.importers.writer import (
    Written,
    dump_yaml,
    guidance_files,
    standard_yml,
    version_files,
    write_folder,
)
from normkit.sources.yaml_values import parse_yaml_mapping

FORMATS = ("oscal", "csv", "xlsx")
_SUFFIXES = {".json": "oscal", ".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
_VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class ImportRefused(Exception):
    """The import cannot run as asked (a usage problem, not a problem in the source)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(slots=True)
class ImportResult:
    """What an import found and did."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: Written | None = None
    """None when errors stopped it (nothing was written)."""
    supersedes: str | None = None

    @property
    def ok(self) -> bool:
        return self.written is not None


def detect_format(source: Path, given: str | None) -> str:
    if given:
        return given
    found = _SUFFIXES.get(source.suffix.lower())
    if found is None:
        raise ImportRefused(
            f"cannot tell the format of {source.name} from its name",
            "give --format " + "|".join(FORMATS),
        )
    return found


def _read_mapping(path: Path) -> dict[str, Any]:
    mapping, problems = parse_yaml_mapping(path.read_text(encoding="utf-8"), str(path))
    if mapping is None:
        first = problems[0].format() if problems else str(path)
        raise ImportRefused(f"cannot read {path}: {first}", "fix it with `normkit check` first")
    return mapping.values


def _order_date(meta: dict[str, Any]) -> str:
    value = meta.get("published") or meta.get("effective") or ""
    return value.isoformat() if isinstance(value, date) else str(value)


def newest_version(standard_folder: Path, excluding: str) -> str | None:
    """The version a new one supersedes: the end of the lineage (a version nothing
    supersedes), the latest published of several, then the last by name."""
    metas: dict[str, dict[str, Any]] = {}
    for folder in sorted(p for p in standard_folder.iterdir() if p.is_dir()):
        if folder.name != excluding and (folder / "version.yml").is_file():
            metas[folder.name] = _read_mapping(folder / "version.yml")
    superseded = {str(m.get("supersedes")) for m in metas.values() if m.get("supersedes")}
    heads = [name for name in metas if name not in superseded] or list(metas)
    if not heads:
        return None
    return max(heads, key=lambda name: (_order_date(metas[name]), name))


def _field_differences(declared: dict[str, Any], needed: list[FieldDeclaration]) -> dict[str, Any]:
    """`version.yml` `fields:` adding what the standard does not declare, and changing
    what it declares differently."""
    add: dict[str, Any] = {}
    change: dict[str, Any] = {}
    for wanted in needed:
        existing = declared.get(wanted.name)
        if not isinstance(existing, dict):
            add[wanted.name] = wanted.as_yaml()
            continue
        differs = {
            key: value
            for key, value in wanted.as_yaml().items()
            if key in ("type", "choices", "on")
            and existing.get(key, "string" if key == "type" else None) != value
        }
        if differs:
            change[wanted.name] = differs
    result: dict[str, Any] = {}
    if add:
        result["add"] = add
    if change:
        result["change"] = change
    return result


def _mark_superseded(version_file: Path) -> bool:
    """`status: published` → `status: superseded` in the version a new one supersedes,
    changing nothing else in the file."""
    text = version_file.read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^status:\s*published\s*$", "status: superseded", text, count=1)
    if changed == text:
        return False
    version_file.write_text(changed, encoding="utf-8")
    return True


def write_import(
    project: Path,
    standard: str,
    version_name: str,
    imported: ImportedVersion,
    *,
    force: bool = False,
) -> tuple[Written, str | None]:
    """Write `imported` as `standards/<standard>/<version_name>/` (and the rest)."""
    standard_folder = project / "standards" / standard
    target = standard_folder / version_name
    if target.exists() and not force:
        raise ImportRefused(
            f"{target.relative_to(project)} exists already", "give --force to replace it"
        )
    standard_file = standard_folder / "standard.yml"
    numbers = [c.number for c in imported.criteria()]
    version_fields: dict[str, Any] = {}
    supersedes: str | None = None
    written_standard: Path | None = None
    if standard_file.is_file():
        declared = _read_mapping(standard_file)
        wrong = misfits(declared.get("numbering"), numbers)
        if wrong:
            raise ImportRefused(
                f"the standard's numbering does not read {len(wrong)} imported number(s), "
                f"such as '{wrong[0]}'",
                f"change 'numbering' in {standard_file.relative_to(project)} to one that "
                f"matches them (the import needs {imported.numbering!r})",
            )
        levels = declared.get("section_levels") or ["pillar", "principle"]
        if len(levels) < len(imported.section_levels):
            raise ImportRefused(
                f"the import has {len(imported.section_levels)} section levels and the "
                f"standard names {len(levels)}",
                f"add names to 'section_levels' in {standard_file.relative_to(project)}",
            )
        version_fields = _field_differences(declared.get("fields") or {}, imported.fields)
        supersedes = newest_version(standard_folder, excluding=version_name)
    files = version_files(imported, version_name, supersedes, version_fields)
    standard_folder.mkdir(parents=True, exist_ok=True)
    if not standard_file.is_file():
        standard_file.write_text(
            dump_yaml(standard_yml(imported, standard.upper())), encoding="utf-8"
        )
        written_standard = standard_file
    write_folder(target, files, force)
    written = Written(version_folder=target, standard_file=written_standard)
    if imported.has_guidance:
        guidance_folder = project / "guidance" / standard / version_name
        if guidance_folder.exists() and not force:
            guidance_folder = project / "guidance" / standard / f"{version_name}-imported"
        write_folder(
            guidance_folder, guidance_files(imported, guidance_folder.name, version_name), True
        )
        written.guidance_folder = guidance_folder
    if supersedes and _mark_superseded(standard_folder / supersedes / "version.yml"):
        written.notes.append(f"marked {standard}@{supersedes} as superseded")
    return written, supersedes


def check_names(standard: str, version_name: str) -> None:
    if not is_slug(standard) or "/" in standard:
        raise ImportRefused(
            f"'{standard}' cannot name a standard folder",
            "use lower-case letters, digits and hyphens (for example nist-800-53)",
        )
    if not _VERSION_NAME.match(version_name) or version_name == "latest":
        raise ImportRefused(
            f"'{version_name}' cannot name a version folder",
            "use letters, digits, '.', '_' and '-' (for example rev5 or 2025-10-10); "
            "'latest' is reserved",
        )


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
