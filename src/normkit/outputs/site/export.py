"""The generated site as a plain MkDocs project (pages + config), for engines without plugins.

`export_project(corpus, dest)` writes `dest/mkdocs.yml`, `dest/docs/` and `dest/overrides/`;
plain `mkdocs build` (or another engine that reads `mkdocs.yml`) then builds the same site
without the `normkit` plugin; run Pagefind on the output for search.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from normkit.model.corpus import Corpus
from normkit.outputs.site.config import default_config
from normkit.outputs.site.generate import GeneratedSite, generate
from normkit.outputs.site.plugin import theme_dir


def write_docs(site: GeneratedSite, docs: Path) -> None:
    for path, content in sorted({**site.pages, **site.static}.items()):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def export_config(site: GeneratedSite, title: str) -> dict[str, Any]:
    config = default_config(Path("."), title)
    config["theme"]["custom_dir"] = "overrides"
    config["plugins"] = []
    config["nav"] = site.nav
    return config


def export_project(corpus: Corpus, dest: Path, project: Path | None = None) -> None:
    """`project` (the sources' folder) is where linked images and files are copied from."""
    site = generate(corpus)
    write_docs(site, dest / "docs")
    for path, project_path in sorted(site.assets.items()):
        if project is not None:
            (dest / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project / project_path, dest / "docs" / path)
    shutil.copytree(theme_dir(), dest / "overrides", dirs_exist_ok=True)
    text = yaml.safe_dump(export_config(site, corpus.title), sort_keys=False, allow_unicode=True)
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
