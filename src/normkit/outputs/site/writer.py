"""`normkit build --only site`: MkDocs, driven programmatically, into the writer's folder."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.site.config import PLUGIN, config_file
from normkit.outputs.site.plugin import NormkitPlugin

BUILD_DATE = "0"
"""`SOURCE_DATE_EPOCH` for MkDocs (sitemap dates), so the same sources give the same bytes."""


class SiteConfigError(RuntimeError):
    """The project's `mkdocs.yml` cannot drive a normkit site."""


def write_site(corpus: Corpus, out: Path, context: BuildContext) -> None:
    """Build the site into `out` with the project's MkDocs configuration."""
    path = config_file(context.project, context.cache, corpus.title)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    logger.setLevel(logging.WARNING)  # MkDocs' INFO lines would drown normkit's own output
    os.environ["SOURCE_DATE_EPOCH"] = previous or BUILD_DATE
    try:
        config = load_config(config_file=str(path), site_dir=str(out.resolve()), strict=True)
        plugin = config.plugins.get(PLUGIN)
        if not isinstance(plugin, NormkitPlugin):
            raise SiteConfigError(f"{path}: add `- {PLUGIN}` to `plugins:` to build the site")
        plugin.corpus = corpus
        plugin.downloads_root = context.out
        build(config)
    finally:
        logger.setLevel(level)
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
