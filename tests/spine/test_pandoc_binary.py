"""Which pandoc normkit runs, and what names it in the keys of stored renderings: found
without importing pypandoc (which runs every pandoc it finds), changed by another binary."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from normkit import environment


@pytest.fixture
def fresh_lookup() -> Iterator[None]:
    environment.pandoc_path.cache_clear()
    environment.pandoc_identity.cache_clear()
    yield
    environment.pandoc_path.cache_clear()
    environment.pandoc_identity.cache_clear()


def test_the_bundled_pandoc_is_found_without_importing_pypandoc() -> None:
    script = (
        "import sys\n"
        "from normkit.environment import pandoc_identity, pandoc_path\n"
        "pandoc_identity()\n"
        "print(pandoc_path())\n"
        "print('pypandoc' in sys.modules)\n"
    )
    environ = {k: v for k, v in os.environ.items() if k != "PYPANDOC_PANDOC"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environ, check=True
    )
    path, imported = result.stdout.splitlines()
    assert Path(path).parts[-3:] == ("pypandoc", "files", "pandoc")
    assert imported == "False"
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("pandoc ")


def test_pypandoc_pandoc_names_the_binary_and_another_file_is_another_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_lookup: None
) -> None:
    binary = tmp_path / "pandoc"
    binary.write_bytes(b"#!/bin/sh\necho pandoc 9.9\n")
    binary.chmod(0o755)
    monkeypatch.setenv("PYPANDOC_PANDOC", str(binary))
    assert environment.pandoc_path() == str(binary)
    before = environment.pandoc_identity()

    binary.write_bytes(b"#!/bin/sh\necho pandoc 10.0, upgraded\n")
    os.utime(binary, ns=(1, 1))
    environment.pandoc_identity.cache_clear()
    assert environment.pandoc_identity() != before


def test_a_named_pandoc_that_is_not_there_is_reported_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_lookup: None
) -> None:
    monkeypatch.setenv("PYPANDOC_PANDOC", str(tmp_path / "no-such-pandoc"))
    with pytest.raises(environment.EnvironmentFailure, match="pandoc is missing"):
        environment.pandoc_path()
