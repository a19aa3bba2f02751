"""Fixtures of the exchange tests: the base mini-project with the exchange overlay (texts
with every construct OSCAL prose and checklists must carry)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise

HERE = Path(__file__).resolve().parent
OVERLAY = HERE / "overlay"
EXPECTED = HERE / "expected"


def exchange_project(target: Path) -> Path:
    """The base mini-project with `overlay/` laid over it."""
    project = materialise(None, target)
    shutil.copytree(OVERLAY, project, dirs_exist_ok=True)
    return project


@pytest.fixture(scope="session")
def exchange_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    project = exchange_project(tmp_path_factory.mktemp("exchange") / "project")
    result = check_project(project)
    assert not result.diagnostics, [d.format() for d in result.diagnostics]
    return result.corpus
