"""A small project with consultation rounds, built once with every output."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.registry import available
from normkit.pipeline import build_project
from tests.spine.miniprojects import materialise

CASE = "ok--consultation"


@pytest.fixture(scope="session")
def consulted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path, Path]:
    """(corpus, project, build folder) of the `ok--consultation` case."""
    project = materialise(CASE, tmp_path_factory.mktemp("consulted") / "project")
    out = project.parent / "out"
    result = build_project(project, out, available())
    assert not result.check.diagnostics, [d.format() for d in result.check.diagnostics]
    return result.check.corpus, project, out
