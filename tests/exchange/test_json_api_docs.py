"""The examples of docs/json-api.md, run against the demo's build: each `sh` or `python`
block is followed by a `text` block with its exact output, so the docs cannot rot."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCS = REPO / "docs" / "json-api.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)


def examples() -> list[tuple[str, str, str]]:
    """(language, code, expected output) of every example, in the page's order."""
    blocks = [(m.group(1), m.group(2)) for m in BLOCK.finditer(DOCS.read_text("utf-8"))]
    found = []
    for (language, code), following in zip(blocks, [*blocks[1:], ("", "")], strict=True):
        if language in ("sh", "python"):
            assert following[0] == "text", f"a {language} example without its output: {code}"
            found.append((language, code, following[1]))
    return found


def test_the_page_has_examples_for_every_task() -> None:
    languages = [language for language, _, _ in examples()]
    assert languages.count("sh") >= 3 and languages.count("python") >= 3


def run(language: str, code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    command = ["bash", "-euo", "pipefail", "-c", code]
    if language == "python":
        command = [sys.executable, "-c", code]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("number", range(len(examples())))
def test_example_prints_what_the_docs_say(number: int, demo_out: Path, tmp_path: Path) -> None:
    """jq comes from Debian (scripts/setup.sh installs it)."""
    language, code, expected = examples()[number]
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "json").symlink_to(demo_out / "json")
    result = run(language, code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected, f"{language} example:\n{code}"
