"""Criterion blocks → validated criterion drafts (id, applicability, replaces, fields)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from normkit.assemble.drafts import CriterionDraft, StandardDraft
from normkit.assemble.fields import read_field_values
from normkit.assemble.meta_reader import MetaReader
from normkit.assemble.outline import DraftNode, split_number
from normkit.assemble.resolution import count_parts
from normkit.diagnostics import Code, Diagnostic, did_you_mean
from normkit.model.location import Location
from normkit.sources.yaml_values import parse_yaml_mapping

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALL = "all"


def walk(nodes: list[DraftNode]) -> Iterator[DraftNode]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def read_criterion(
    node: DraftNode, standard: StandardDraft
) -> tuple[CriterionDraft | None, list[Diagnostic]]:
    """Validate one criterion block; None when it is too broken to take part in the model."""
    meta = node.chunk.meta
    assert meta is not None
    mapping, problems = parse_yaml_mapping(meta.content, meta.location.path, meta.first_line)
    number, title = split_number(node.chunk.heading)
    if mapping is None:
        return _recovered(node, standard, number, title), problems
    reader = MetaReader(mapping, "criterion block")
    raw_id = mapping.values.get("id")
    if raw_id is None or str(raw_id).strip() == "":
        reader.report(
            Code.CRITERION_ID_MISSING,
            meta.location,
            f"criterion '{node.chunk.heading}' has no id",
            "add `id: <stable-id>` to the criterion block",
        )
        return None, reader.diagnostics
    criterion_id = str(raw_id).strip()
    if not ID_PATTERN.match(criterion_id):
        reader.report(
            Code.CRITERION_ID_INVALID,
            reader.at("id"),
            f"criterion id '{criterion_id}' must be lower-case letters, digits and hyphens",
            f"try '{re.sub(r'[^a-z0-9]+', '-', criterion_id.lower()).strip('-')}'",
        )
    applies_to = (
        _read_applies_to(reader, standard) if standard.trusted else reader.string_list("applies_to")
    )
    replaces = tuple(
        (
            item,
            reader.at("replaces", index)
            if isinstance(mapping.values.get("replaces"), list)
            else reader.at("replaces"),
        )
        for index, item in enumerate(reader.string_list("replaces"))
    )
    fields = read_field_values(reader, standard.fields) if standard.trusted else {}
    draft = CriterionDraft(
        id=criterion_id,
        number=number,
        title=title,
        applies_to=applies_to,
        fields=fields,
        replaces=replaces,
        node=node,
        part_count=count_parts(node.content_tokens()),
    )
    return draft, reader.diagnostics


_ID_LINE = re.compile(r"^id:\s*['\"]?([a-z0-9-]+)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def _recovered(
    node: DraftNode, standard: StandardDraft, number: str, title: str
) -> CriterionDraft | None:
    """A criterion whose block is not valid YAML still takes part under the id it seems to
    have, so that one broken block gives one diagnostic, not a cascade of unresolved refs."""
    assert node.chunk.meta is not None
    match = _ID_LINE.search(node.chunk.meta.content)
    if match is None:
        return None
    return CriterionDraft(
        id=match.group(1),
        number=number,
        title=title,
        applies_to=tuple(a.code for a in standard.applicability),
        fields={spec.name: spec.default for spec in standard.fields},
        replaces=(),
        node=node,
        part_count=count_parts(node.content_tokens()),
    )


def _read_applies_to(reader: MetaReader, standard: StandardDraft) -> tuple[str, ...]:
    vocabulary = [a.code for a in standard.applicability]
    if "applies_to" not in reader.mapping.values:
        return tuple(vocabulary)
    codes = reader.string_list("applies_to")
    if ALL in codes:
        return tuple(vocabulary)
    raw = reader.mapping.values.get("applies_to")
    for index, code in enumerate(codes):
        if code not in vocabulary:
            location: Location = (
                reader.at("applies_to", index)
                if isinstance(raw, list)
                else (reader.at("applies_to"))
            )
            reader.report(
                Code.APPLICABILITY_UNKNOWN,
                location,
                f"unknown applicability code '{code}'",
                did_you_mean(code, [*vocabulary, ALL]) or f"known codes: {', '.join(vocabulary)}",
            )
    return tuple(code for code in vocabulary if code in codes)
