"""Reading `standard.yml` and `version.yml` into drafts."""

from __future__ import annotations

from pathlib import Path

from normkit.assemble.drafts import StandardDraft, VersionDraft
from normkit.assemble.fields import read_field_specs
from normkit.assemble.meta_reader import MetaReader
from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.model.location import Location
from normkit.model.standard import ApplicabilityCode, VersionStatus
from normkit.sources.files import read_source, relative
from normkit.sources.yaml_values import YamlMapping, parse_yaml_mapping

STANDARD_KEYS = (
    "code",
    "title",
    "owner",
    "licence",
    "description",
    "section_levels",
    "applicability",
    "fields",
)
VERSION_KEYS = (
    "version",
    "title",
    "status",
    "published",
    "effective",
    "transition_end",
    "consultation_closes",
    "supersedes",
    "summary",
)


def read_yaml_file(
    root: Path, path: Path, what: str
) -> tuple[YamlMapping | None, list[Diagnostic]]:
    """A metadata file as a located mapping; a missing file is a diagnostic."""
    if not path.is_file():
        location = Location(path=relative(root, path.parent))
        return None, [
            diagnostic(
                Code.PROJECT_MISSING_FILE,
                location,
                f"{what} folder has no {path.name}",
                f"create {relative(root, path)}",
            )
        ]
    source, problems = read_source(root, path)
    if source is None:
        return None, problems
    return parse_yaml_mapping(source.text, source.path)


def read_standard_meta(mapping: YamlMapping, slug: str) -> tuple[StandardDraft, list[Diagnostic]]:
    reader = MetaReader(mapping, "standard.yml")
    reader.check_keys(STANDARD_KEYS)
    draft = StandardDraft(
        slug=slug,
        code=reader.string("code", required=True, default=slug.upper()),
        title=reader.string("title", required=True, default=slug),
        owner=reader.string("owner"),
        licence=reader.string("licence"),
        description=reader.string("description"),
        section_levels=reader.string_list("section_levels") or ("pillar", "principle"),
        applicability=_read_applicability(reader),
        fields=read_field_specs(reader),
        location=mapping.origin,
    )
    return draft, reader.diagnostics


def _read_applicability(reader: MetaReader) -> tuple[ApplicabilityCode, ...]:
    raw = reader.mapping.values.get("applicability") or []
    if not isinstance(raw, list):
        reader.report(
            Code.META_INVALID, reader.at("applicability"), "'applicability' must be a list"
        )
        return ()
    codes: list[ApplicabilityCode] = []
    for index, item in enumerate(raw):
        if isinstance(item, str):
            item = {"code": item}
        if not isinstance(item, dict) or not item.get("code"):
            reader.report(
                Code.META_INVALID,
                reader.at("applicability", index),
                "each applicability entry needs a 'code'",
            )
            continue
        code = str(item["code"])
        codes.append(
            ApplicabilityCode(
                code=code,
                label=str(item.get("label") or code.replace("-", " ").capitalize()),
                description=str(item.get("description") or "").strip(),
            )
        )
    return tuple(codes)


def read_status(reader: MetaReader) -> VersionStatus:
    raw = reader.string("status", required=True, default="draft")
    try:
        return VersionStatus(raw)
    except ValueError:
        reader.report(
            Code.VERSION_STATUS_UNKNOWN,
            reader.at("status"),
            f"unknown status '{raw}'",
            did_you_mean(raw, [s.value for s in VersionStatus])
            or "use draft, consultation, published, superseded or withdrawn",
        )
        return VersionStatus.DRAFT


def read_version_meta(
    mapping: YamlMapping, standard: str, folder_name: str
) -> tuple[VersionDraft, list[Diagnostic]]:
    reader = MetaReader(mapping, "version.yml")
    reader.check_keys(VERSION_KEYS)
    name = reader.string("version", required=True, default=folder_name)
    if name != folder_name:
        reader.report(
            Code.PROJECT_NAME_MISMATCH,
            reader.at("version"),
            f"version '{name}' is in folder '{folder_name}'",
            "the folder name is the version name; make them equal",
        )
    draft = VersionDraft(
        standard=standard,
        name=folder_name,
        title=reader.string("title", default=f"{standard} {folder_name}"),
        status=read_status(reader),
        published=reader.date("published"),
        effective=reader.date("effective"),
        transition_end=reader.date("transition_end"),
        consultation_closes=reader.date("consultation_closes"),
        supersedes=reader.optional_string("supersedes"),
        summary=reader.string("summary"),
        location=mapping.origin,
        key_locations={key: mapping.at(key) for key in mapping.values},
    )
    return draft, reader.diagnostics
