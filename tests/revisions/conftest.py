"""Fixtures for the revision tests: the mini-project beside this file, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from normkit.pipeline import check_project

PROJECT = Path(__file__).resolve().parent / "project"


@pytest.fixture(scope="session")
def mini_corpus() -> Corpus:
    result = check_project(PROJECT)
    assert result.ok, "\n".join(d.format() for d in result.errors)
    return result.corpus
