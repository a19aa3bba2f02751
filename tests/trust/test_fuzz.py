"""Property: whatever is done to the sources, `check` only ever returns diagnostics.

A bounded, deterministic run is part of the suite. `NORMKIT_FUZZ=100000` runs that many
random examples instead (see CONTRIBUTING.md); every crash it finds becomes a row of the
catalogue in `catalogue.py`.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from normkit.pipeline import check_project
from tests.trust.fuzzing import Change, Workspace, mutations, problems_in

LONG_RUN = int(os.environ.get("NORMKIT_FUZZ", "0"))
SUITE_EXAMPLES = 400
"""About ten seconds on one core: enough to keep every mutation kind exercised."""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """One copy for every example, under pytest's temporary folders (removed with them:
    a folder made at import was left behind by every run)."""
    return Workspace(tmp_path_factory.mktemp("fuzz"))


@settings(
    max_examples=LONG_RUN or SUITE_EXAMPLES,
    derandomize=not LONG_RUN,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
@given(chosen=mutations())
def test_check_only_ever_returns_diagnostics(workspace: Workspace, chosen: list[Change]) -> None:
    project = workspace.prepare(chosen)
    result = check_project(project)
    wrong = problems_in(project, result.diagnostics)
    assert not wrong, "\n".join(wrong)
