"""Custom criterion fields: their declarations in standard.yml and values in criterion blocks."""

from __future__ import annotations

import datetime
from typing import Any

from normkit.assemble.meta_reader import MetaReader
from normkit.diagnostics import Code, did_you_mean
from normkit.model.standard import FieldSpec, FieldType, FieldValue

_FIELD_KEYS = ("label", "type", "required", "default", "choices", "description")
RESERVED_KEYS = ("id", "applies_to", "replaces")
"""Keys of a criterion block that are not custom fields."""


def read_field_specs(reader: MetaReader) -> tuple[FieldSpec, ...]:
    """Declarations under `fields:`; malformed ones are reported and left out."""
    declared = reader.mapping.values.get("fields") or {}
    if not isinstance(declared, dict):
        reader.report(Code.SCHEMA_INVALID_FIELD, reader.at("fields"), "'fields' must be a mapping")
        return ()
    specs: list[FieldSpec] = []
    for name, body in declared.items():
        spec = _read_spec(reader, str(name), body)
        if spec is not None:
            specs.append(spec)
    return tuple(specs)


def _read_spec(reader: MetaReader, name: str, body: Any) -> FieldSpec | None:
    where = reader.at("fields", name)
    if not isinstance(body, dict):
        reader.report(Code.SCHEMA_INVALID_FIELD, where, f"field '{name}' must be a mapping")
        return None
    if name in RESERVED_KEYS:
        reader.report(Code.SCHEMA_INVALID_FIELD, where, f"'{name}' is reserved for normkit")
        return None
    for key in body:
        if key not in _FIELD_KEYS:
            reader.report(
                Code.SCHEMA_INVALID_FIELD,
                reader.mapping.key_at("fields", name, key),
                f"field '{name}' has unknown key '{key}'",
                did_you_mean(str(key), _FIELD_KEYS),
            )
    type_name = str(body.get("type", "string"))
    try:
        field_type = FieldType(type_name)
    except ValueError:
        reader.report(
            Code.SCHEMA_INVALID_FIELD,
            reader.at("fields", name, "type"),
            f"field '{name}' has unknown type '{type_name}'",
            did_you_mean(type_name, [t.value for t in FieldType]),
        )
        return None
    choices = body.get("choices") or []
    if field_type in (FieldType.ENUM, FieldType.ENUM_LIST) and (
        not isinstance(choices, list) or not choices
    ):
        reader.report(
            Code.SCHEMA_INVALID_FIELD, where, f"field '{name}' of type {type_name} needs 'choices'"
        )
        return None
    spec = FieldSpec(
        name=name,
        label=str(body.get("label") or name.replace("_", " ").capitalize()),
        type=field_type,
        required=bool(body.get("required", False)),
        default=None,
        choices=tuple(str(c) for c in choices) if isinstance(choices, list) else (),
        description=str(body.get("description") or "").strip(),
        location=where,
    )
    if "default" in body and body["default"] is not None:
        default, problem = coerce(spec, body["default"])
        if problem:
            reader.report(
                Code.SCHEMA_INVALID_FIELD,
                reader.at("fields", name, "default"),
                f"default of field '{name}': {problem}",
            )
            return None
        spec = FieldSpec(**{**_as_dict(spec), "default": default})
    return spec


def _as_dict(spec: FieldSpec) -> dict[str, Any]:
    return {slot: getattr(spec, slot) for slot in FieldSpec.__slots__}


def coerce(spec: FieldSpec, value: Any) -> tuple[FieldValue, str]:
    """The value in the field's type, or a problem description (code, message)."""
    match spec.type:
        case FieldType.BOOLEAN:
            if isinstance(value, bool):
                return value, ""
            return None, f"expected true or false, not {value!r}"
        case FieldType.NUMBER:
            if isinstance(value, int | float) and not isinstance(value, bool):
                return value, ""
            return None, f"expected a number, not {value!r}"
        case FieldType.DATE:
            if isinstance(value, datetime.date):
                return value, ""
            try:
                return datetime.date.fromisoformat(str(value)), ""
            except ValueError:
                return None, f"expected a date as YYYY-MM-DD, not {value!r}"
        case FieldType.STRING:
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                return str(value), ""
            return None, f"expected text, not {value!r}"
        case FieldType.ENUM:
            if not isinstance(value, str):
                return None, f"expected one of {', '.join(spec.choices)}, not {value!r}"
            if value not in spec.choices:
                return None, f"enum:'{value}' is not one of {', '.join(spec.choices)}"
            return value, ""
        case FieldType.ENUM_LIST:
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                return None, f"expected a list of {', '.join(spec.choices)}, not {value!r}"
            bad = [i for i in items if i not in spec.choices]
            if bad:
                return None, f"enum:'{bad[0]}' is not one of {', '.join(spec.choices)}"
            return tuple(sorted(set(items), key=spec.choices.index)), ""
    return None, "unsupported type"


def read_field_values(reader: MetaReader, specs: tuple[FieldSpec, ...]) -> dict[str, FieldValue]:
    """Custom field values of one criterion block, defaults applied, problems reported."""
    by_name = {spec.name: spec for spec in specs}
    values: dict[str, FieldValue] = {}
    for key, raw in reader.mapping.values.items():
        if key in RESERVED_KEYS:
            continue
        spec = by_name.get(key)
        if spec is None:
            reader.report(
                Code.FIELD_UNKNOWN,
                reader.mapping.key_at(key),
                f"unknown field '{key}'",
                did_you_mean(key, [*by_name, *RESERVED_KEYS])
                or "declare it under 'fields' in standard.yml",
            )
            continue
        value, problem = coerce(spec, raw)
        if problem.startswith("enum:"):
            reader.report(
                Code.FIELD_ENUM,
                reader.at(key),
                f"field '{key}': {problem.removeprefix('enum:')}",
                did_you_mean(str(raw if isinstance(raw, str) else ""), spec.choices),
            )
        elif problem:
            reader.report(Code.FIELD_TYPE, reader.at(key), f"field '{key}': {problem}")
        else:
            values[key] = value
    for spec in specs:
        if spec.name in values or spec.name in reader.mapping.values:
            continue
        if spec.required and spec.default is None:
            reader.report(
                Code.FIELD_REQUIRED, reader.mapping.origin, f"missing required field '{spec.name}'"
            )
    return {spec.name: values.get(spec.name, spec.default) for spec in specs}
