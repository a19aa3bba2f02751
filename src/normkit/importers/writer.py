"""Writing an imported version as normkit sources: chapters, `version.yml`, `standard.yml`
(new standards) and a guidance edition, deterministically and all at once."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from normkit.assemble.slugs import slugify
from normkit.importers.document import (
    ImportedCriterion,
    ImportedSection,
    ImportedVersion,
)
from normkit.importers.markdown_text import heading


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML that normkit reads back as written: block style, keys in the given order,
    strings quoted wherever YAML would read them as something else."""
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


@dataclass(slots=True)
class Written:
    """What an import wrote, for the report."""

    version_folder: Path
    guidance_folder: Path | None = None
    standard_file: Path | None = None
    """`standard.yml`, when it was created."""
    notes: list[str] = field(default_factory=list)


def chapter_files(version: ImportedVersion) -> list[tuple[str, ImportedSection]]:
    """`01-access-control.md` … : one file per top-level section, in order."""
    width = max(2, len(str(len(version.sections))))
    names: list[tuple[str, ImportedSection]] = []
    for index, section in enumerate(version.sections, start=1):
        slug = slugify(f"{section.number} {section.title}".strip(), fallback="section")[:60]
        names.append((f"{index:0{width}d}-{slug.strip('-') or 'section'}.md", section))
    return names


def _fenced(kind: str, data: dict[str, Any]) -> str:
    return f"```{kind}\n{dump_yaml(data)}```"


def criterion_block(criterion: ImportedCriterion) -> dict[str, Any]:
    block: dict[str, Any] = {"id": criterion.id}
    if criterion.withdrawn:
        block["status"] = "withdrawn"
        if criterion.withdrawn_to:
            block["withdrawn_to"] = list(criterion.withdrawn_to)
        if criterion.withdrawn_as != "incorporated":
            block["withdrawn_as"] = criterion.withdrawn_as
        if criterion.withdrawn_reason:
            block["withdrawn_reason"] = criterion.withdrawn_reason
    block.update(criterion.fields)
    return block


def _section_markdown(section: ImportedSection, level: int, guidance: bool) -> list[str]:
    parts = [heading(level, section.number, section.title)]
    if section.fields and not guidance:
        parts.append(_fenced("section", dict(section.fields)))
    if section.introduction and not guidance:
        parts.append(section.introduction.strip("\n"))
    for child in section.children:
        if isinstance(child, ImportedSection):
            parts.extend(_section_markdown(child, level + 1, guidance))
        elif guidance:
            if child.guidance:
                parts.append(heading(level + 1, child.number, child.title))
                parts.append(_fenced("guidance", {"for": child.id}))
                parts.append(child.guidance.strip("\n"))
        else:
            parts.append(heading(level + 1, child.number, child.title))
            parts.append(_fenced("criterion", criterion_block(child)))
            if child.body.strip():
                parts.append(child.body.strip("\n"))
    return parts


def chapter_markdown(section: ImportedSection, *, guidance: bool = False) -> str:
    return "\n\n".join(_section_markdown(section, 1, guidance)) + "\n"


def version_yml(version: ImportedVersion, name: str, supersedes: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"version": name, "title": version.title, "status": "published"}
    if version.published:
        data["published"] = version.published
    if supersedes:
        data["supersedes"] = supersedes
    if version.summary:
        data["summary"] = version.summary
    return data


def standard_yml(version: ImportedVersion, code: str) -> dict[str, Any]:
    data: dict[str, Any] = {"code": code, "title": version.standard_title}
    if version.owner:
        data["owner"] = version.owner
    if version.licence:
        data["licence"] = version.licence
    data["section_levels"] = list(version.section_levels) or ["section"]
    data["numbering"] = version.numbering
    if version.fields:
        data["fields"] = {f.name: f.as_yaml() for f in version.fields}
    return data


def edition_yml(version: ImportedVersion, name: str, serves: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "edition": name,
        "title": version.guidance_title or f"Guidance for {version.title}",
        "serves": serves,
        "status": "published",
    }
    if version.published:
        data["published"] = version.published
    return data


def write_folder(target: Path, files: dict[str, str], force: bool) -> None:
    """Write `files` into a fresh `target`: into a sibling temporary folder first, swapped
    in when complete, so that a failed import leaves no half-written version."""
    staging = target.with_name(f".{target.name}.importing")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name, text in sorted(files.items()):
        (staging / name).write_text(text, encoding="utf-8", newline="\n")
    if target.exists() and force:
        shutil.rmtree(target)
    staging.rename(target)


def version_files(
    version: ImportedVersion, name: str, supersedes: str | None, version_fields: dict[str, Any]
) -> dict[str, str]:
    meta = version_yml(version, name, supersedes)
    if version_fields:
        meta["fields"] = version_fields
    files = {"version.yml": dump_yaml(meta)}
    for file_name, section in chapter_files(version):
        files[file_name] = chapter_markdown(section)
    return files


def guidance_files(version: ImportedVersion, name: str, serves: str) -> dict[str, str]:
    files = {"edition.yml": dump_yaml(edition_yml(version, name, serves))}
    for file_name, section in chapter_files(version):
        if any(c.guidance for c in section.criteria()):
            files[file_name] = chapter_markdown(section, guidance=True)
    return files
