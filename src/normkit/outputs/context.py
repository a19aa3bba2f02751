"""What every output writer is given besides the model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildContext:
    """Paths and settings of one build."""

    project: Path
    """Project root: where `mkdocs.yml` and `themes/` are."""
    out: Path
    """The final output root (`build/`); a writer writes only into the folder it is given."""
    cache: Path
    """A folder kept between builds for content-hash caches."""
    jobs: int = 2
    """How many processes a writer may use."""
