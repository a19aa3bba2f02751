"""Indexing a built site with Pagefind (offline, the binary from the `pagefind` package)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
INCLUDE_CHARACTERS = ".-"
"""Kept inside words so that `5.3` and `ghg-targets` are found as written."""
EXCLUDED = ".headerlink, .nk-permalink, .nk-shortlink, .nk-successor, .nk-mark"
"""Link texts on every criterion that would only add noise to excerpts."""


class SearchIndexError(RuntimeError):
    """Pagefind failed; its output is the message."""


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index into `site_dir/pagefind/`."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT_SUBDIR,
        "--include-characters",
        INCLUDE_CHARACTERS,
        "--exclude-selectors",
        EXCLUDED,
        "--force-language",
        "en",
        "--quiet",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(f"pagefind failed:\n{done.stdout}{done.stderr}")
