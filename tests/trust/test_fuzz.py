"""Property: whatever is done to the sources, `check` only ever returns diagnostics.

A bounded, deterministic run is part of the suite. `NORMKIT_FUZZ=100000` runs that many
random examples instead (see CONTRIBUTING.md); every crash it finds becomes a row of the
catalogue in `catalogue.py`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from normkit.pipeline import check_project
from tests.trust.fuzzing import Change, Workspace, mutations, problems_in

LONG_RUN = int(os.environ.get("NORMKIT_FUZZ", "0"))
SUITE_EXAMPLES = 400
"""About ten seconds on one core: enough to keep every mutation kind exercised."""

_WORKSPACE = Workspace(Path(tempfile.mkdtemp(prefix="normkit-fuzz-")))


@settings(
    max_examples=LONG_RUN or SUITE_EXAMPLES,
    derandomize=not LONG_RUN,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
@given(chosen=mutations())
def test_check_only_ever_returns_diagnostics(chosen: list[Change]) -> None:
    project = _WORKSPACE.prepare(chosen)
    result = check_project(project)
    wrong = problems_in(project, result.diagnostics)
    assert not wrong, "\n".join(wrong)
