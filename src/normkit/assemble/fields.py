"""Custom fields: declarations in standard.yml (and a version's changes to them), and their
values in criterion and section blocks, checked through the declared metadata schema."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from normkit.diagnostics import Code, Diagnostic, diagnostic, did_you_mean
from normkit.metadata.declarations import CRITERION_BLOCK, CRITERION_LEVEL, FIELD_DECLARATION
from normkit.metadata.schema import (
    Anything,
    Block,
    Boolean,
    Choice,
    Date,
    Key,
    ListOf,
    Number,
    Text,
    Url,
    ValueType,
)
from normkit.metadata.validate import Checked, validate, validate_value
from normkit.model.standard import FieldSpec, FieldType, FieldValue
from normkit.sources.yaml_values import YamlMapping

RESERVED_KEYS = tuple(key.name for key in CRITERION_BLOCK.keys)
"""Keys of a criterion block that are not custom fields."""


@dataclass(slots=True)
class FieldDeclarations:
    """The fields a standard or version declares, and what could not be read."""

    specs: tuple[FieldSpec, ...] = ()
    broken: frozenset[str] = frozenset()
    """Names declared but malformed: their values are neither checked nor reported unknown,
    so that one bad declaration gives one diagnostic."""
    retired: frozenset[str] = frozenset()
    """Names the version retires (a value given for one is unknown, with a hint saying so)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def value_type(spec: FieldSpec) -> ValueType:
    """The schema type that checks values of a declared field."""
    match spec.type:
        case FieldType.BOOLEAN:
            return Boolean()
        case FieldType.DATE:
            return Date()
        case FieldType.NUMBER:
            return Number()
        case FieldType.ENUM:
            return Choice(spec.choices)
        case FieldType.ENUM_LIST:
            return ListOf(Choice(spec.choices))
        case FieldType.STRING_LIST:
            return ListOf(Text())
        case FieldType.NUMBER_LIST:
            return ListOf(Number())
        case FieldType.URL:
            return Url()
    return Text()


def field_key(spec: FieldSpec) -> Key:
    return Key(
        name=spec.name,
        type=value_type(spec),
        description=spec.description,
        required=spec.required and spec.default is None,
        default=spec.default,
        custom=True,
        invalid_code=Code.FIELD_TYPE,
        choice_code=Code.FIELD_ENUM,
        missing_code=Code.FIELD_REQUIRED,
    )


FIELD_NAME = re.compile(r"[^\W\d_][\w-]*")
"""A field's name: letters (of any script), digits, `_` and `-`, starting with a letter."""


def read_field_declarations(
    declared: dict[str, Checked], levels: tuple[str, ...]
) -> FieldDeclarations:
    """Declarations under `fields:` (already checked against FIELD_DECLARATION)."""
    result = FieldDeclarations()
    specs: list[FieldSpec] = []
    broken: set[str] = set()
    for name, checked in declared.items():
        spec = _spec(name, checked, levels, result.diagnostics)
        if spec is None:
            broken.add(name)
        else:
            specs.append(spec)
    result.specs, result.broken = tuple(specs), frozenset(broken)
    return result


def _spec(
    name: str, checked: Checked, levels: tuple[str, ...], diagnostics: list[Diagnostic]
) -> FieldSpec | None:
    def problem(location_key: str | None, message: str, hint: str = "") -> None:
        where = checked.at(location_key) if location_key else checked.mapping.key_at(*checked.path)
        diagnostics.append(diagnostic(Code.SCHEMA_INVALID_FIELD, where, message, hint))

    if name in RESERVED_KEYS:
        problem(None, f"'{name}' is reserved for normkit", "choose another field name")
        return None
    if not FIELD_NAME.fullmatch(name):
        # A field's name becomes a JSON key, a YAML key of every block and the name of an
        # HTML attribute on the site (`data-field-…`), where a quote or a space would let a
        # source write its own attributes (an event handler).
        problem(
            None,
            f"field name '{name}' must be letters, digits, '_' and '-', starting with a letter",
            "rename it, as in `public_disclosure`",
        )
        return None
    if not checked.has("type") and "type" in checked.given:
        return None  # its type was reported
    field_type = FieldType(checked.text("type") or FieldType.STRING.value)
    choices = checked.texts("choices")
    if field_type in (FieldType.ENUM, FieldType.ENUM_LIST) and not choices:
        problem(None, f"field '{name}' of type {field_type} needs 'choices'")
        return None
    on = checked.text("on") or CRITERION_LEVEL
    if on != CRITERION_LEVEL and on not in levels:
        problem(
            "on",
            f"field '{name}' is declared on '{on}', which is not a section level",
            did_you_mean(on, [CRITERION_LEVEL, *levels])
            or f"use criterion or one of: {', '.join(levels)}",
        )
        return None
    spec = FieldSpec(
        name=name,
        label=checked.text("label") or name.replace("_", " ").capitalize(),
        type=field_type,
        required=checked.boolean("required"),
        default=None,
        choices=choices,
        description=checked.text("description"),
        location=checked.origin,
        on=on,
    )
    if "default" in checked.given:
        valid, default, problems = validate_value(
            checked.mapping,
            replace(field_key(spec), required=False, invalid_code=None, choice_code=None),
            FIELD_DECLARATION,
            (*checked.path, "default"),
        )
        diagnostics.extend(problems)
        if not valid:
            return None
        spec = replace(spec, default=normalise(spec, default))
    return spec


def normalise(spec: FieldSpec, value: Any) -> FieldValue:
    """`list-of-enum` values in choice order, each once."""
    if spec.type is FieldType.ENUM_LIST and isinstance(value, tuple):
        return tuple(sorted(set(value), key=spec.choices.index))
    return value  # type: ignore[no-any-return]


def apply_version_fields(
    base: FieldDeclarations, changes: Checked | None, levels: tuple[str, ...]
) -> FieldDeclarations:
    """A version's fields: the standard's, with the version's `add`, `change` and `retire`."""
    if changes is None:
        return base
    result = FieldDeclarations(broken=base.broken)
    specs = {spec.name: spec for spec in base.specs}
    declared = set(specs) | set(base.broken)
    retired = set()
    for index, name in enumerate(changes.texts("retire")):
        if name not in declared:
            result.diagnostics.append(
                diagnostic(
                    Code.SCHEMA_INVALID_FIELD,
                    changes.at("retire", index)
                    if isinstance(changes.raw("retire"), list)
                    else changes.at("retire"),
                    f"cannot retire field '{name}': standard.yml does not declare it",
                    did_you_mean(name, declared),
                )
            )
        retired.add(name)
    for name, checked in changes.record_map("change").items():
        old = specs.get(name)
        if old is None:
            if name not in base.broken:
                result.diagnostics.append(
                    diagnostic(
                        Code.SCHEMA_INVALID_FIELD,
                        checked.origin,
                        f"cannot change field '{name}': standard.yml does not declare it",
                        did_you_mean(name, declared) or "use `add` for a new field",
                    )
                )
            continue
        merged = _merged(old, checked, levels, result.diagnostics)
        if merged is None:
            result.broken = result.broken | {name}
            specs.pop(name)
        else:
            specs[name] = merged
    added = read_field_declarations(changes.record_map("add"), levels)
    result.diagnostics.extend(added.diagnostics)
    for spec in added.specs:
        if spec.name in declared:
            result.diagnostics.append(
                diagnostic(
                    Code.SCHEMA_INVALID_FIELD,
                    spec.location,
                    f"cannot add field '{spec.name}': standard.yml already declares it",
                    "use `change` to change it in this version",
                )
            )
            continue
        specs[spec.name] = spec
    result.broken = result.broken | added.broken
    result.specs = tuple(spec for name, spec in specs.items() if name not in retired)
    result.retired = frozenset(retired & declared)
    return result


def _merged(
    old: FieldSpec, checked: Checked, levels: tuple[str, ...], diagnostics: list[Diagnostic]
) -> FieldSpec | None:
    """A declaration whose keys given in `change` replace the standard's."""
    merged = Checked(FIELD_DECLARATION, checked.mapping, checked.path)
    base = {
        "type": old.type.value,
        "label": old.label,
        "required": old.required,
        "choices": old.choices,
        "description": old.description,
        "on": old.on,
    }
    merged.values.update(base)
    merged.values.update(checked.values)
    merged.given = set(base) | checked.given
    spec = _spec(old.name, merged, levels, diagnostics)
    if spec is None or "default" in checked.given:
        return spec
    # The standard's default still holds if it is still a value of the changed field.
    return replace(spec, default=old.default if _fits(old.default, old, spec) else None)


def _fits(value: FieldValue, old: FieldSpec, new: FieldSpec) -> bool:
    if value is None or old.type is not new.type:
        return False
    if new.type is FieldType.ENUM:
        return value in new.choices
    if new.type is FieldType.ENUM_LIST and isinstance(value, tuple):
        return all(item in new.choices for item in value)
    return True


def field_values(checked: Checked, specs: Iterable[FieldSpec]) -> dict[str, FieldValue]:
    """Every declared field's value (defaults applied) from a checked block."""
    return {spec.name: normalise(spec, checked.get(spec.name)) for spec in specs}


def block_for(
    base: Block,
    specs: tuple[FieldSpec, ...],
    broken: frozenset[str],
    retired: frozenset[str] = frozenset(),
) -> Block:
    """A criterion or section block that also accepts the given fields (broken ones
    unchecked)."""
    keys = [field_key(spec) for spec in specs]
    keys.extend(Key(name=name, type=Anything(), description="", custom=True) for name in broken)
    hints = tuple(
        (name, "this version retires it (`fields: retire` in version.yml)")
        for name in sorted(retired)
    )
    return replace(base.extended(tuple(keys)), unknown_hints=hints, by_name={})


def read_block_fields(
    mapping: YamlMapping,
    base: Block,
    specs: tuple[FieldSpec, ...],
    broken: frozenset[str],
    retired: frozenset[str] = frozenset(),
    blocks: dict[frozenset[str], Block] | None = None,
) -> tuple[Checked, dict[str, FieldValue], list[Diagnostic]]:
    """A criterion or section block checked against its built-in keys and the fields;
    `blocks` keeps the blocks made (by `broken`) for the next call with the same `base`,
    `specs` and `retired`."""
    block = blocks.get(broken) if blocks is not None else None
    if block is None:
        block = block_for(base, specs, broken, retired)
        if blocks is not None:
            blocks[broken] = block
    checked, diagnostics = validate(mapping, block)
    return checked, field_values(checked, specs), diagnostics
