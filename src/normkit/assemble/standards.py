"""A standard's folder → its draft: `standard.yml`, every version's metadata and criteria."""

from __future__ import annotations

import re
from pathlib import Path

from normkit.assemble.criteria import read_criterion, walk
from normkit.assemble.drafts import StandardDraft, VersionDraft
from normkit.assemble.outline import build_outline
from normkit.assemble.standard_files import read_standard_meta, read_version_meta, read_yaml_file
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
    mapping, diagnostics = read_yaml_file(root, folder / "standard.yml", "standard")
    if mapping is None:
        standard = untrusted_standard(folder.name, Location(path=relative(root, folder)))
    else:
        standard, problems = read_standard_meta(mapping, folder.name)
        diagnostics.extend(problems)
    for version_folder in sorted(subfolders(root, folder), key=lambda p: natural_key(p.name)):
        version, problems = _read_version(root, version_folder, standard)
        diagnostics.extend(problems)
        if version is not None:
            standard.versions.append(version)
    return standard, diagnostics


def _read_version(
    root: Path, folder: Path, standard: StandardDraft
) -> tuple[VersionDraft | None, list[Diagnostic]]:
    mapping, diagnostics = read_yaml_file(root, folder / "version.yml", "version")
    if mapping is None:
        return None, diagnostics
    version, problems = read_version_meta(mapping, standard.slug, folder.name)
    diagnostics.extend(problems)
    if (folder / CHANGES_FILE).is_file():
        changes, problems = read_yaml_file(root, folder / CHANGES_FILE, "version")
        diagnostics.extend(problems)
        if changes is not None:
            version.intended_changes = changes.values
            version.intended_changes_location = changes.origin
    documents, problems = parse_folder(root, folder)
    diagnostics.extend(problems)
    version.outline = build_outline(documents)
    for node in walk(version.outline):
        if node.kind == "criterion":
            criterion, problems = read_criterion(node, standard)
            diagnostics.extend(problems)
            if criterion is not None:
                version.criteria[id(node)] = criterion
    return version, diagnostics


def untrusted_standard(slug: str, location: Location) -> StandardDraft:
    """Stands in for a standard whose standard.yml could not be read."""
    return StandardDraft(
        slug=slug,
        code=slug.upper(),
        title=slug,
        owner="",
        licence="",
        description="",
        section_levels=("pillar", "principle"),
        applicability=(),
        fields=(),
        location=location,
        trusted=False,
    )
