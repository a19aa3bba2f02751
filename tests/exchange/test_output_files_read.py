"""Comparing an output file with the previous build's reads the whole file and no more."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from normkit.outputs.files import _read_all


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 70000])
def test_a_comparison_reads_the_whole_file_and_no_more(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    descriptor = os.open(path, os.O_RDONLY)
    try:
        assert _read_all(descriptor, size + 1) == path.read_bytes()
        os.lseek(descriptor, 0, os.SEEK_SET)
        assert _read_all(descriptor, size // 2) == path.read_bytes()[: size // 2]
    finally:
        os.close(descriptor)
