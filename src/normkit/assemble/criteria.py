"""Criterion blocks → validated criterion drafts (id, applicability, replaces, fields)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from normkit.assemble.drafts import CriterionDraft, StandardDraft, VersionDraft
from normkit.assemble.fields import RESERVED_KEYS, read_block_fields
from normkit.assemble.outline import DraftNode, split_number
from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.metadata.declarations import CRITERION_BLOCK
from normkit.metadata.validate import Checked
from normkit.model.location import Location
from normkit.model.standard import CriterionStatus, Withdrawal
from normkit.sources.yaml_values import parse_yaml_mapping

ALL = "all"


def walk(nodes: list[DraftNode]) -> Iterator[DraftNode]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def read_criterion(
    node: DraftNode, standard: StandardDraft, version: VersionDraft
) -> tuple[CriterionDraft | None, list[Diagnostic]]:
    """Validate one criterion block; None when it is too broken to take part in the model."""
    meta = node.chunk.meta
    assert meta is not None
    mapping, problems = parse_yaml_mapping(meta.content, meta.location.path, meta.first_line)
    number, title = split_number(node.chunk.heading, standard.numbering)
    if mapping is None:
        return _recovered(node, standard, version, number, title), problems
    # Without a readable standard.yml the custom fields are unknown: check only ours.
    unchecked = version.broken_fields if standard.trusted else frozenset(mapping.values)
    checked, fields, problems = read_block_fields(
        mapping,
        CRITERION_BLOCK,
        version.criterion_fields,
        unchecked - _RESERVED,
        version.retired_fields,
        version.criterion_blocks,
    )
    raw_id = checked.raw("id")
    if raw_id is None or isinstance(raw_id, (dict, list)):
        return None, problems
    # An invalid id is reported, and the criterion takes part under it all the same.
    criterion_id = checked.text("id") or (mapping.text("id") or str(raw_id)).strip()
    if not criterion_id:
        return None, problems
    applies_to = _applies_to(checked, standard, problems)
    replaces = _located_list(checked, "replaces") if version.lineage_known else ()
    # (the declared default when absent or invalid)
    status = (
        CriterionStatus(checked.text("status")) if checked.has("status") else CriterionStatus.ACTIVE
    )
    draft = CriterionDraft(
        id=criterion_id,
        number=number,
        title=title,
        applies_to=applies_to,
        fields=fields,
        replaces=replaces,
        node=node,
        part_count=node.part_count(),
        status=status,
    )
    if status is CriterionStatus.WITHDRAWN:
        draft.withdrawn_to = _located_list(checked, "withdrawn_to")
        draft.withdrawn_as = Withdrawal(checked.text("withdrawn_as"))
        draft.withdrawn_reason = checked.text("withdrawn_reason")
        if draft.withdrawn_as is Withdrawal.MOVED and not draft.withdrawn_to:
            problems.append(
                diagnostic(
                    Code.META_INVALID,
                    checked.at("withdrawn_as"),
                    "'withdrawn_as: moved' needs the ids it went to in 'withdrawn_to'",
                )
            )
    elif not _WITHDRAWAL.isdisjoint(checked.written) and (
        checked.has("status") or checked.raw("status") is None
    ):
        # (after an unknown status, reported already, the withdrawal keys are not reported)
        problems.extend(
            diagnostic(
                Code.META_INVALID,
                checked.key_at(key),
                f"'{key}' is only for withdrawn criteria",
                "add `status: withdrawn`, or remove the key",
            )
            for key in WITHDRAWAL_KEYS
            if checked.raw(key) is not None
        )
    return draft, problems


_RESERVED = frozenset(RESERVED_KEYS)

WITHDRAWAL_KEYS = ("withdrawn_to", "withdrawn_as", "withdrawn_reason")
_WITHDRAWAL = frozenset(WITHDRAWAL_KEYS)


def _located_list(checked: Checked, key: str) -> tuple[tuple[str, Location], ...]:
    """A list of ids, each with the location of its own item."""
    if not checked.has(key):
        return ()
    listed = isinstance(checked.raw(key), list)
    return tuple(
        (item, checked.at(key, index) if listed else checked.at(key))
        for index, item in enumerate(checked.texts(key))
    )


_ID_LINE = re.compile(r"^id:\s*['\"]?([a-z0-9-]+)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def _recovered(
    node: DraftNode, standard: StandardDraft, version: VersionDraft, number: str, title: str
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
        fields={spec.name: spec.default for spec in version.criterion_fields},
        replaces=(),
        node=node,
        part_count=node.part_count(),
    )


def _applies_to(
    checked: Checked, standard: StandardDraft, problems: list[Diagnostic]
) -> tuple[str, ...]:
    vocabulary = [a.code for a in standard.applicability]
    if not checked.has("applies_to"):
        return tuple(vocabulary)
    codes = checked.texts("applies_to")
    if ALL in codes or not standard.vocabulary_known:
        return tuple(vocabulary) if ALL in codes else codes
    for index, code in enumerate(codes):
        if code not in vocabulary:
            listed = isinstance(checked.raw("applies_to"), list)
            problems.append(
                diagnostic(
                    Code.APPLICABILITY_UNKNOWN,
                    checked.at("applies_to", index) if listed else checked.at("applies_to"),
                    f"unknown applicability code '{code}'",
                    did_you_mean(code, [*vocabulary, ALL])
                    or (
                        f"known codes: {', '.join(vocabulary)}"
                        if vocabulary
                        else "standard.yml declares no applicability codes"
                    ),
                )
            )
    return tuple([code for code in vocabulary if code in codes])
