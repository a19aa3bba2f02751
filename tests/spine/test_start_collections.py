"""The cycle collector does not walk what a command imported: `program.run` freezes what the
command line imported, and `check` and `build` freeze what they import before the read
(`cli.py`). Without that, the first allocation after those imports set off a collection of
every object they had made (~7 M instructions of every run, ~1% of a 100-criterion check)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.spine.miniprojects import materialise

PROBE = """
import atexit, gc, json, sys
young = []
gc.callbacks.append(lambda phase, info: phase == "start" and young.append(gc.get_count()[0]))
atexit.register(lambda: print(json.dumps(young), file=sys.__stdout__, flush=True))
sys.argv = ["normkit", *sys.argv[1:]]
from normkit.program import run
run()
"""


def _young_at_collections(*args: str) -> list[int]:
    """How many objects were young when each collection of the program started."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False
    )
    assert result.stdout, result.stderr
    found: list[int] = json.loads(result.stdout.splitlines()[-1])
    return found


@pytest.mark.parametrize("command", [("check",), ("build", "--only", "json", "--quiet")])
def test_no_collection_walks_the_imports(tmp_path: Path, command: tuple[str, ...]) -> None:
    """A collection after the imports walks the objects made since (the collector starts
    one every 700 allocations), not the ~20,000 the imports made."""
    plain = materialise(None, tmp_path / "plain")
    young = _young_at_collections(*command, "--project", str(plain))
    assert all(count < 5_000 for count in young), young
