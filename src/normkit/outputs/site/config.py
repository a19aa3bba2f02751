"""The MkDocs configuration normkit builds with: the project's `mkdocs.yml` or a default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

PLUGIN = "normkit"


def default_config(project: Path, title: str) -> dict[str, Any]:
    """What a project without `mkdocs.yml` gets; the repository's own file is a superset."""
    return {
        "site_name": str(escape(title)),  # Material prints the site name as HTML
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "font": False,
            "features": [
                "navigation.prune",
                "navigation.top",
                "content.tooltips",
                "toc.follow",
            ],
        },
        "markdown_extensions": [
            "attr_list",
            "md_in_html",
            "admonition",
            {"toc": {"permalink": True}},
        ],
        "plugins": [{PLUGIN: {"project": str(project.resolve())}}],
    }


def config_file(project: Path, cache: Path, title: str) -> Path:
    """The project's `mkdocs.yml`, or a default one written under `cache` (with its docs dir)."""
    own = project / "mkdocs.yml"
    if own.is_file():
        return own
    folder = cache / "site-config"
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    text = yaml.safe_dump(default_config(project, title), sort_keys=False, allow_unicode=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
