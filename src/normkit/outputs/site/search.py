"""Indexing a built site with Pagefind (offline, the binary from the `pagefind` package)."""

from __future__ import annotations

import sys
from pathlib import Path

from normkit.environment import run_tool

OUTPUT_SUBDIR = "pagefind"
INCLUDE_CHARACTERS = ".-"
"""Kept inside words so that `5.3` and `ghg-targets` are found as written."""
EXCLUDED = ".headerlink, .nk-permalink, .nk-shortlink, .nk-successor, .nk-mark"
"""Link texts on every criterion that would only add noise to excerpts."""


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
    run_tool(command, what=f"the search index of {site_dir.name}/")
