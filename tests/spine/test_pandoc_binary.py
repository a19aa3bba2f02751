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


def _installed(site: Path, binary: bytes, recorded: str | None = None) -> Path:
    """A pypandoc-binary installation in `site`: its pandoc and the RECORD of its wheel, which
    gives `recorded` as the binary's hash and size (by default, the binary's own)."""
    path = site / "pypandoc" / "files" / "pandoc"
    path.parent.mkdir(parents=True)
    path.write_bytes(binary)
    path.chmod(0o755)
    info = site / "pypandoc_binary-1.17.dist-info"
    info.mkdir()
    line = recorded or f"sha256=RECORDED,{len(binary)}"
    (info / "RECORD").write_text(
        f"pypandoc/__init__.py,sha256=abc,10\npypandoc/files/pandoc,{line}\n", encoding="utf-8"
    )
    return path


def test_the_bundled_pandoc_is_named_by_its_recorded_hash_wherever_it_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_lookup: None
) -> None:
    """A register's line map is kept under the digest of the draft's layout, which names
    pandoc: a clone with pandoc installed elsewhere (another machine, another virtual
    environment) finds the map, instead of laying the draft out again."""
    binary = b"#!/bin/sh\necho pandoc 9.9\n"
    found = []
    for index, site in enumerate((tmp_path / "one", tmp_path / "two")):
        path = _installed(site, binary)
        os.utime(path, ns=(index + 1, index + 1))
        monkeypatch.setenv("PYPANDOC_PANDOC", str(path))
        environment.pandoc_path.cache_clear()
        environment.pandoc_identity.cache_clear()
        found.append(environment.pandoc_identity())
    assert found[0] == found[1]
    assert str(tmp_path) not in found[0] and "sha256=RECORDED" in found[0]


@pytest.mark.parametrize(
    "recorded",
    ["sha256=RECORDED,3", "sha256=RECORDED", "md5=RECORDED,27", None],
    ids=["another-size", "no-size", "no-sha256", "two-records"],
)
def test_a_binary_its_record_does_not_vouch_for_is_named_by_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_lookup: None, recorded: str | None
) -> None:
    """Replaced after the wheel installed it (the size recorded is not its size), or a RECORD
    that cannot tell which binary it is: the path, size and modification time name it."""
    path = _installed(tmp_path, b"#!/bin/sh\necho pandoc 9.99\n", recorded)
    if recorded is None:
        (tmp_path / "pypandoc_binary-1.16.dist-info").mkdir()
    monkeypatch.setenv("PYPANDOC_PANDOC", str(path))
    identity = environment.pandoc_identity()
    assert identity.startswith(f"{path}\0") and "RECORDED" not in identity


def test_the_installed_pandoc_is_named_by_its_recorded_hash(fresh_lookup: None) -> None:
    if os.environ.get("PYPANDOC_PANDOC"):
        pytest.skip("a pandoc of its own")
    identity = environment.pandoc_identity()
    assert identity.startswith(f"{environment.BUNDLED}\0sha256=")
    assert environment.pandoc_path() not in identity
