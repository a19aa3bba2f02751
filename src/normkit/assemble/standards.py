"""A standard's folder → its draft: `standard.yml`, every version's metadata and criteria."""

from __future__ import annotations

from pathlib import Path

from normkit.assemble.criteria import read_criterion, walk
from normkit.assemble.drafts import StandardDraft, VersionDraft
from normkit.assemble.lineage import lineage_order, natural_key
from normkit.assemble.outline import build_outline, shelve_outline
from normkit.assemble.section_fields import read_section_fields
from normkit.assemble.standard_files import (
    read_changes,
    read_standard_meta,
    read_version_meta,
    read_yaml_file,
)
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location
from normkit.sources.documents import parse_folder, shelve_tokens
from normkit.sources.files import digest_of_reads, relative, subfolders

CHANGES_FILE = "changes.yml"
"""Optional list of the changes a version intends since the version it supersedes."""

RESERVED_VERSION_NAMES = ("latest",)
"""Version folder names that would shadow a site address (`/<standard>/latest/`)."""


def read_standard(
    root: Path, folder: Path, first: bool = False
) -> tuple[StandardDraft | None, list[Diagnostic]]:
    """A standard folder and its versions. Each version's chapters are shelved as they are
    parsed (`parse_folder`), but for the `first` standard read its first version (`load_corpus`
    assembles it first): its tokens, those this process parsed, are used as they are rather
    than packed and unpacked again."""
    with digest_of_reads() as read:
        meta = read_yaml_file(root, folder / "standard.yml", "standard")
    standard = read_standard_meta(meta, folder.name, _file_start(root, folder / "standard.yml"))
    standard.sources = read.value
    diagnostics = meta.diagnostics
    versions: list[VersionDraft] = []
    for version_folder in sorted(subfolders(root, folder), key=lambda p: natural_key(p.name)):
        if version_folder.name.casefold() in RESERVED_VERSION_NAMES:
            diagnostics.append(
                diagnostic(
                    Code.VERSION_NAME_RESERVED,
                    _file_start(root, version_folder),
                    f"a version folder cannot be named '{version_folder.name}': the site "
                    f"keeps /{folder.name}/latest/ for the newest published version",
                    "name the folder after the version (v3, 2025-10, rev5 …)",
                )
            )
        shelve = not first or bool(versions)
        version, problems = _read_version(root, version_folder, standard, shelve)
        diagnostics.extend(problems)
        versions.append(version)
    standard.versions = lineage_order(
        versions,
        name=lambda v: v.name,
        predecessor=lambda v: v.supersedes,
        date=lambda v: v.published or v.effective,
    )
    if first and versions and standard.versions[0] is not versions[0] and shelve_tokens():
        shelve_outline(versions[0].outline)  # not the one assembled first after all
    return standard, diagnostics


def _file_start(root: Path, path: Path) -> Location:
    """Where a file (or folder) starts: line 1, column 1, so every diagnostic has a line and
    column (a missing or broken metadata file stands for its version or standard)."""
    return Location(path=relative(root, path), line=1, column=1)


def _read_version(
    root: Path, folder: Path, standard: StandardDraft, shelve: bool
) -> tuple[VersionDraft, list[Diagnostic]]:
    """A version folder; a missing or broken version.yml is reported once, and the version
    still takes part (named after its folder) so that nothing else cascades from it."""
    with digest_of_reads() as read:
        version, diagnostics = _read_version_files(root, folder, standard, shelve)
    version.sources = read.value
    return version, diagnostics


def _read_version_files(
    root: Path, folder: Path, standard: StandardDraft, shelve: bool
) -> tuple[VersionDraft, list[Diagnostic]]:
    meta = read_yaml_file(root, folder / "version.yml", "version")
    version = read_version_meta(
        meta, standard, folder.name, _file_start(root, folder / "version.yml")
    )
    diagnostics = meta.diagnostics
    if (folder / CHANGES_FILE).is_file():
        changes = read_yaml_file(root, folder / CHANGES_FILE, "version")
        version.intended_changes = read_changes(changes)
        diagnostics.extend(changes.diagnostics)
    shelving = shelve and shelve_tokens()
    documents, problems = parse_folder(root, folder, shelving)
    diagnostics.extend(problems)
    version.outline = build_outline(documents)
    diagnostics.extend(read_section_fields(version, standard.section_levels, standard.trusted))
    for node in walk(version.outline):
        if node.kind == "criterion":
            criterion, problems = read_criterion(node, standard, version)
            diagnostics.extend(problems)
            if criterion is not None:
                version.criteria[id(node)] = criterion
    if shelving:  # until the version is assembled (`load_corpus`)
        shelve_outline(version.outline)
    return version, diagnostics
