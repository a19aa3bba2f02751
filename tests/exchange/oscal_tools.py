"""Checking OSCAL files as their users would: NIST's JSON schema and compliance-trestle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import regex
from jsonschema import Draft7Validator, validators

from normkit.outputs.oscal.writer import schema

TRESTLE = Path(sys.executable).with_name("trestle")


def _pattern(validator: Any, pattern: str, instance: Any, _: dict[str, Any]) -> Any:
    # NIST's patterns use XML Schema's Unicode classes (`\p{L}`), which Python's `re` lacks.
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft7Validator, {"pattern": _pattern})


def oscal_validator(model: str) -> Any:
    """NIST's JSON schema of `model` (`catalog`, `mapping`), patterns and formats checked."""
    loaded = schema(model)
    # The schema is a valid draft-07 schema (its patterns' formats are checked by `regex`
    # below, not by `re`).
    Draft7Validator(Draft7Validator.META_SCHEMA).validate(loaded)
    return _Validator(loaded, format_checker=Draft7Validator.FORMAT_CHECKER)


def schema_errors(model: str, document: Any) -> list[str]:
    return [
        f"{error.json_path}: {error.message[:200]}"
        for error in oscal_validator(model).iter_errors(document)
    ]


def trestle(path: Path, element: str) -> subprocess.CompletedProcess[str]:
    """`trestle partial-object-validate -f PATH -e ELEMENT`, run where trestle wants to be
    run (it looks for a workspace from the current folder, so in the file's own)."""
    return subprocess.run(
        [str(TRESTLE), "partial-object-validate", "-f", str(path), "-e", element],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
