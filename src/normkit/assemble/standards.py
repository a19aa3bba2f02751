"""A standard's folder → its draft: `standard.yml`, every version's metadata and criteria."""

from __future__ import annotations

import re
from pathlib import Path

from normkit.assemble.criteria import read_criterion, walk
from normkit.assemble.drafts import StandardDraft, VersionDraft
from normkit.assemble.outline import build_outline
from normkit.assemble.section_fields import read_section_fields
from normkit.assemble.standard_files import (
    read_changes,
    read_standard_meta,
    read_version_meta,
    read_yaml_file,
)
from normkit.diagnostics import Diagnostic
from normkit.model.location import Location
from normkit.sources.documents import parse_folder
from normkit.sources.files import relative, subfolders

CHANGES_FILE = "changes.yml"
"""Optional list of the changes a version intends since the version it supersedes."""


def natural_key(name: str) -> tuple[object, ...]:
    """`v2` < `v10`: digits compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def read_standard(root: Path, folder: Path) -> tuple[StandardDraft | None, list[Diagnostic]]:
    meta = read_yaml_file(root, folder / "standard.yml", "standard")
    standard = read_standard_meta(meta, folder.name, Location(path=relative(root, folder)))
    diagnostics = meta.diagnostics
    for version_folder in sorted(subfolders(root, folder), key=lambda p: natural_key(p.name)):
        version, problems = _read_version(root, version_folder, standard)
        diagnostics.extend(problems)
        standard.versions.append(version)
    return standard, diagnostics


def _read_version(
    root: Path, folder: Path, standard: StandardDraft
) -> tuple[VersionDraft, list[Diagnostic]]:
    """A version folder; a missing or broken version.yml is reported once, and the version
    still takes part (named after its folder) so that nothing else cascades from it."""
    meta = read_yaml_file(root, folder / "version.yml", "version")
    version = read_version_meta(meta, standard, folder.name, Location(path=relative(root, folder)))
    diagnostics = meta.diagnostics
    if (folder / CHANGES_FILE).is_file():
        changes = read_yaml_file(root, folder / CHANGES_FILE, "version")
        version.intended_changes = read_changes(changes)
        diagnostics.extend(changes.diagnostics)
    documents, problems = parse_folder(root, folder)
    diagnostics.extend(problems)
    version.outline = build_outline(documents)
    diagnostics.extend(read_section_fields(version, standard.section_levels))
    for node in walk(version.outline):
        if node.kind == "criterion":
            criterion, problems = read_criterion(node, standard, version)
            diagnostics.extend(problems)
            if criterion is not None:
                version.criteria[id(node)] = criterion
    return version, diagnostics
