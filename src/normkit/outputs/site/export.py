"""The generated site as a plain MkDocs project (pages + config), for engines without plugins.

`export_project(corpus, dest, project)` writes `dest/mkdocs.yml`, `dest/docs/` and
`dest/overrides/`; plain `mkdocs build` or Zensical (which reads `mkdocs.yml`) then builds the
same pages without the `normkit` plugin, searched by the engine's own search. The project's
`mkdocs.yml` settings that do not need the plugin (site name and description, theme options,
extra CSS and scripts, Markdown extensions) are kept; its `docs_dir` pages and theme
`custom_dir` are copied, layered as the plugin layers them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from normkit.mkdocs_yml import CONFIG_NAME, read_config
from normkit.model.corpus import Corpus
from normkit.outputs.site.config import default_config
from normkit.outputs.site.generate import GeneratedSite, generate
from normkit.outputs.site.not_found import IN_FORCE_KEY, in_force_links
from normkit.outputs.site.plugin import theme_dir

PORTABLE_KEYS = (
    "site_name",
    "site_description",
    "site_author",
    "site_url",
    "copyright",
    "extra",
    "extra_css",
    "extra_javascript",
    "markdown_extensions",
    "exclude_docs",
    "not_in_nav",
)
"""Settings of the project's `mkdocs.yml` that mean the same without the normkit plugin."""
DROPPED_THEME_KEYS = ("custom_dir",)
"""Theme settings the export replaces: its own `overrides/` holds every layer."""
ENGINE_SEARCH = "search"
"""The engine's own search (Material's `search` plugin; Zensical's built-in search)."""


def write_docs(site: GeneratedSite, docs: Path) -> None:
    for path, content in sorted({**site.pages, **site.static}.items()):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def _portable(value: Any) -> bool:
    """False for what MkDocs' loader could only give as a placeholder (`!!python/name:`,
    `!ENV` …: read as None here), which a plain YAML file could not say the same way."""
    if value is None:
        return False
    if isinstance(value, dict):
        return all(_portable(item) for item in value.values())
    if isinstance(value, list):
        return all(_portable(item) for item in value)
    return True


def export_config(
    site: GeneratedSite,
    title: str,
    own: dict[str, Any] | None = None,
    in_force: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The export's `mkdocs.yml`: normkit's defaults, the project's portable settings over
    them, the generated `nav`, the engine's own search instead of the plugin's, and the
    versions in force that the 404 page lists (the plugin sets them in a normkit build)."""
    config = default_config(Path("."), title)
    for key in PORTABLE_KEYS:
        if own and key in own and _portable(own[key]):
            config[key] = own[key]
    theme = own.get("theme") if own else None
    if isinstance(theme, dict) and theme.get("name", "material") == "material":
        config["theme"] = {
            key: value
            for key, value in theme.items()
            if key not in DROPPED_THEME_KEYS and _portable(value)
        }
    config["theme"]["custom_dir"] = "overrides"
    config["plugins"] = [ENGINE_SEARCH]
    config["nav"] = site.nav
    if in_force:
        extra = config.get("extra")
        config["extra"] = {**(extra if isinstance(extra, dict) else {}), IN_FORCE_KEY: in_force}
    return config


def _project_folder(project: Path, own: dict[str, Any], key: str, default: str = "") -> Path | None:
    value = own.get(key, default) if key != "custom_dir" else (own.get("theme") or {}).get(key)
    if not isinstance(value, str) or not value:
        return None
    folder = (project / value).resolve()
    inside = folder.is_relative_to(project.resolve())
    return folder if inside and folder.is_dir() else None


def export_project(corpus: Corpus, dest: Path, project: Path | None = None) -> None:
    """Write the plain project into `dest`; `project` (the sources' folder) is where its
    `mkdocs.yml`, hand-written pages, theme overrides and linked files are read from."""
    site = generate(corpus)
    own: dict[str, Any] = {}
    if project is not None and (project / CONFIG_NAME).is_file():
        own = read_config(project / CONFIG_NAME)
    if project is not None:
        pages = _project_folder(project, own, "docs_dir", "docs")
        if pages is not None:
            shutil.copytree(pages, dest / "docs", dirs_exist_ok=True)
    write_docs(site, dest / "docs")
    for path, project_path in sorted(site.assets.items()):
        if project is not None:
            (dest / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project / project_path, dest / "docs" / path)
    shutil.copytree(theme_dir(), dest / "overrides", dirs_exist_ok=True)
    custom = _project_folder(project, own, "custom_dir") if project is not None else None
    if custom is not None:
        shutil.copytree(custom, dest / "overrides", dirs_exist_ok=True)  # above normkit's layer
    config = export_config(site, corpus.title, own, in_force_links(corpus))
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    (dest / CONFIG_NAME).write_text(text, encoding="utf-8")
