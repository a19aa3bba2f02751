"""The `normkit` program ends without freeing its heap (`commands/process_end.py`), yet
prints all it wrote, keeps its exit codes and runs its exit handlers; where that is not
safe it ends as Python does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.spine.miniprojects import materialise

PROGRAM = """
import atexit, sys, threading
from normkit.program import run

class Teardown:
    def __del__(self):
        sys.stderr.write("heap freed\\n")

sys.modules["teardown_probe"] = Teardown()  # freed only if Python tears the modules down
atexit.register(lambda: sys.stderr.write("exit handler ran\\n"))
if sys.argv.pop(1) == "thread":
    # alive until Python's own exit lets it go, however long the command takes: Python
    # waits for it, so the program must end the usual way
    threading.Thread(target=threading.main_thread().join).start()
run()
"""


def _program(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, timeout=300
    )


def _diagnostics(root: Path) -> list[dict[str, object]]:
    ended = _program("run", "check", "--format", "json", "--project", str(root))
    assert ended.returncode == 1, ended.stderr
    assert "exit handler ran" in ended.stderr
    assert "heap freed" not in ended.stderr  # ended at once
    found: list[dict[str, object]] = json.loads(ended.stdout)  # all of it, flushed
    return found


def test_the_program_ends_at_once_with_its_output_and_exit_code(tmp_path: Path) -> None:
    clean = materialise(None, tmp_path / "clean")
    ended = _program("run", "check", "--project", str(clean))
    assert ended.returncode == 0, ended.stderr
    assert ended.stderr.endswith("exit handler ran\n")
    assert "error(s)" in ended.stderr

    broken = materialise("applicability__unknown", tmp_path / "broken")
    found = _diagnostics(broken)
    assert [item["code"] for item in found] == ["applicability.unknown"]

    missing = _program("run", "check", "--project", str(tmp_path / "missing"))
    assert missing.returncode == 2
    assert "is not a normkit project" in missing.stderr
    assert "heap freed" not in missing.stderr


def test_with_another_thread_running_python_ends_as_usual() -> None:
    ended = _program("thread", "--version")  # Python waits for the thread, then frees
    assert ended.returncode == 0
    assert "exit handler ran" in ended.stderr
    assert "heap freed" in ended.stderr


def test_a_usage_error_keeps_its_message_and_exit_code() -> None:
    ended = _program("run", "no-such-command")
    assert ended.returncode == 2
    assert "No such command" in ended.stderr
    assert "exit handler ran" in ended.stderr
