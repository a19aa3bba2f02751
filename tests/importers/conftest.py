"""Shared helpers for the importer tests: fresh projects and reading back criteria JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from normkit.diagnostics import Severity
from normkit.pipeline import build_project, check_project

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty normkit project."""
    root = tmp_path / "project"
    (root / "standards").mkdir(parents=True)
    return root


def errors(root: Path) -> list[str]:
    """`normkit check`'s errors (warnings such as guidance.missing are allowed)."""
    result = check_project(root)
    return [d.format() for d in result.diagnostics if d.severity is Severity.ERROR]


def criteria_json(root: Path, standard: str, version: str) -> dict[str, Any]:
    """The criteria JSON of one version, built into the project's build/ folder."""
    result = build_project(root, root / "build", ("json",))
    assert result.check.ok, [d.format() for d in result.check.diagnostics]
    path = root / "build" / "json" / standard / f"{version}.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {criterion["id"]: criterion for criterion in document["criteria"]}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (for comparing two imports byte for byte)."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "build" not in path.relative_to(root).parts
    }
