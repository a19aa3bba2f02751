"""Reading `standard.yml`, `version.yml` and `changes.yml` into drafts, through the declared
metadata schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from normkit.assemble.drafts import StandardDraft, VersionDraft
from normkit.assemble.fields import (
    FieldDeclarations,
    apply_version_fields,
    read_field_declarations,
)
from normkit.assemble.numbering import read_numbering
from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.metadata.declarations import (
    CHANGES_YML,
    DEFAULT_SECTION_LEVELS,
    STANDARD_YML,
    VERSION_YML,
)
from normkit.metadata.schema import Block
from normkit.metadata.validate import Checked, validate
from normkit.model.location import Location
from normkit.model.standard import (
    ApplicabilityCode,
    IntendedChange,
    IntendedChanges,
    IntendedFieldChange,
    IntendedTermChange,
    VersionStatus,
)
from normkit.sources.files import read_source, relative
from normkit.sources.yaml_values import YamlMapping, parse_yaml_mapping, recover_mapping


@dataclass(slots=True)
class MetaFile:
    """A metadata file: parsed, or (when broken) what could be recovered of it."""

    mapping: YamlMapping | None
    """The parsed file; None when it is missing or does not parse."""
    recovered: YamlMapping
    """The file's plain `key: value` lines when it does not parse (empty when missing),
    read on so that one broken file gives one diagnostic, not a cascade."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def checked(self, block: Block) -> tuple[Checked, list[Diagnostic]]:
        """The file checked against `block`; a recovered file's problems are not reported
        again (its parse error already was)."""
        if self.mapping is not None:
            return validate(self.mapping, block)
        checked, _ = validate(self.recovered, block)
        return checked, []


def read_yaml_file(root: Path, path: Path, what: str) -> MetaFile:
    """A metadata file as a located mapping; a missing file is a diagnostic at its path."""
    rel = relative(root, path)
    empty = YamlMapping(values={}, origin=Location(path=rel, line=1, column=1))
    if not path.is_file():
        return MetaFile(
            mapping=None,
            recovered=empty,
            diagnostics=[
                diagnostic(
                    Code.PROJECT_MISSING_FILE,
                    Location(path=rel, line=1, column=1),
                    f"{what} folder '{relative(root, path.parent)}' has no {path.name}",
                    f"create {rel}",
                )
            ],
        )
    source, unreadable = read_source(root, path)
    if source is None:
        return MetaFile(mapping=None, recovered=empty, diagnostics=unreadable)
    mapping, problems = parse_yaml_mapping(source.text, source.path)
    recovered = recover_mapping(source.text, source.path) if mapping is None else empty
    return MetaFile(mapping=mapping, recovered=recovered, diagnostics=unreadable + problems)


def read_standard_meta(meta: MetaFile, slug: str, location: Location) -> StandardDraft:
    """The standard's draft; its problems are added to `meta.diagnostics`."""
    checked, problems = meta.checked(STANDARD_YML)
    meta.diagnostics.extend(problems)
    levels = checked.texts("section_levels") or DEFAULT_SECTION_LEVELS
    declarations = read_field_declarations(checked.record_map("fields"), levels)
    meta.diagnostics.extend(declarations.diagnostics)
    numbering, problems = read_numbering(checked)
    meta.diagnostics.extend(problems)
    raw_fields = checked.raw("fields")
    # A declaration that is not a mapping (`note: 5`) is as malformed as one of an unknown
    # type: its values are not judged. A `fields` that is not a mapping, or an empty file,
    # declares nothing that criteria's fields can be judged by (one cause, one error).
    broken = declarations.broken | (
        frozenset(raw_fields) - set(checked.record_map("fields"))
        if isinstance(raw_fields, dict)
        else frozenset()
    )
    trusted = (
        meta.mapping is not None
        and bool(meta.mapping.values)
        and (raw_fields is None or checked.has("fields"))
    )
    return StandardDraft(
        slug=slug,
        code=checked.text("code") or slug.upper(),
        title=checked.text("title") or slug,
        owner=checked.text("owner"),
        licence=checked.text("licence"),
        description=checked.text("description"),
        section_levels=levels,
        applicability=_applicability(checked, meta.diagnostics),
        fields=declarations.specs,
        numbering=numbering,
        namespace=checked.text("namespace"),
        languages=checked.texts("languages"),
        required_languages=checked.texts("required_languages"),
        broken_fields=broken,
        location=meta.mapping.origin if meta.mapping else location,
        trusted=trusted,
        vocabulary_known=trusted
        and "applicability" not in checked.given - set(checked.values)
        and all(entry.valid and entry.has("code") for entry in checked.records("applicability")),
    )


def _applicability(checked: Checked, problems: list[Diagnostic]) -> tuple[ApplicabilityCode, ...]:
    codes: list[ApplicabilityCode] = []
    first: dict[str, Location] = {}
    for entry in checked.records("applicability"):
        code = entry.text("code")
        if not code:
            continue  # reported as missing
        if code in first:
            problems.append(
                diagnostic(
                    Code.META_INVALID,
                    entry.at("code") if entry.has("code") else entry.origin,
                    f"applicability code '{code}' is given twice (first at line "
                    f"{first[code].line})",
                    "remove one; a code has one label",
                )
            )
            continue
        first[code] = entry.at("code") if entry.has("code") else entry.origin
        codes.append(
            ApplicabilityCode(
                code=code,
                label=entry.text("label") or code.replace("-", " ").capitalize(),
                description=entry.text("description"),
            )
        )
    return tuple(codes)


def read_version_meta(
    meta: MetaFile, standard: StandardDraft, folder_name: str, location: Location
) -> VersionDraft:
    """A version's draft (the folder name stands in for a missing or broken file)."""
    checked, problems = meta.checked(VERSION_YML)
    meta.diagnostics.extend(problems)
    name = checked.text("version") or folder_name
    if name != folder_name and meta.mapping is not None:
        meta.diagnostics.append(
            diagnostic(
                Code.PROJECT_NAME_MISMATCH,
                checked.at("version"),
                f"version '{name}' is in folder '{folder_name}'",
                "the folder name is the version name; make them equal",
            )
        )
    fields = apply_version_fields(
        _declarations(standard),
        checked.get("fields") if checked.has("fields") else None,
        standard.section_levels,
    )
    meta.diagnostics.extend(fields.diagnostics)
    mapping = meta.mapping or meta.recovered
    return VersionDraft(
        standard=standard.slug,
        name=folder_name,
        title=checked.text("title") or f"{standard.slug} {folder_name}",
        status=VersionStatus(checked.text("status") or VersionStatus.DRAFT.value),
        published=checked.date("published"),
        effective=checked.date("effective"),
        transition_end=checked.date("transition_end"),
        consultation_closes=checked.date("consultation_closes"),
        supersedes=checked.optional_text("supersedes"),
        summary=checked.text("summary"),
        comments_to=checked.text("comments_to"),
        languages=checked.texts("languages") if checked.has("languages") else None,
        location=mapping.origin if meta.mapping else location,
        key_locations={key: mapping.at(key) for key in mapping.values},
        fields=fields.specs,
        broken_fields=fields.broken,
        retired_fields=fields.retired,
        lineage_known=meta.mapping is not None or "supersedes" in meta.recovered.values,
    )


def _declarations(standard: StandardDraft) -> FieldDeclarations:
    return FieldDeclarations(specs=standard.fields, broken=standard.broken_fields)


def read_changes(meta: MetaFile) -> IntendedChanges | None:
    """`changes.yml`, every entry checked; None when the file does not parse."""
    if meta.mapping is None:
        return None
    checked, problems = meta.checked(CHANGES_YML)
    meta.diagnostics.extend(problems)
    complete = not problems
    criteria: list[IntendedChange] = []
    for entry in checked.records("criteria"):
        if not entry.valid or not entry.has("kinds"):
            complete = False
            continue
        criteria.append(
            IntendedChange(
                kinds=entry.texts("kinds"),
                old=entry.texts("old"),
                new=entry.texts("new"),
                fields=entry.texts("fields"),
                location=entry.origin,
                withdrawn_to=entry.texts("withdrawn_to") if entry.has("withdrawn_to") else None,
            )
        )
    terms = [
        IntendedTermChange(kind=entry.text("kind"), term=entry.text("term"), location=entry.origin)
        for entry in checked.records("terms")
        if entry.valid and entry.has("kind") and entry.has("term")
    ]
    fields = [
        IntendedFieldChange(
            kind=entry.text("kind"), field=entry.text("field"), location=entry.origin
        )
        for entry in checked.records("fields")
        if entry.valid and entry.has("kind") and entry.has("field")
    ]
    complete = (
        complete
        and len(terms) == len(checked.records("terms"))
        and len(fields) == len(checked.records("fields"))
    )
    return IntendedChanges(
        from_version=checked.optional_text("from"),
        criteria=tuple(criteria),
        terms=tuple(terms),
        fields=tuple(fields),
        complete=complete,
        location=meta.mapping.origin,
        from_location=checked.at("from"),
    )
