"""`normkit build --only site`: MkDocs, driven programmatically, into the writer's folder."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from normkit.environment import EnvironmentFailure, first_line
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.site.compiled_templates import keep_compiled
from normkit.outputs.site.config import PLUGIN, config_file
from normkit.outputs.site.downloads import planned_downloads
from normkit.outputs.site.plugin import NormkitPlugin
from normkit.outputs.site.search import OUTPUT_SUBDIR
from normkit.outputs.site.search_reuse import SearchCache
from normkit.outputs.templating import environment

SITE_TEMPLATES = "normkit.outputs.site"
"""The package whose `templates/` the site's pages are made with (`markup.html`)."""
TEMPLATE_PACKAGES = (SITE_TEMPLATES, "normkit.outputs.diff", "normkit.outputs.consultation")
"""Every package whose templates a site build renders: the diff's make each version's
"What changed" page (`changes.py`), and its largest template was compiled again by every
build; the consultation report's make the page of each round (`consultation.py`) and its
chart, compiled again by every build of a project with a round."""
BUILD_DATE = "0"
"""`SOURCE_DATE_EPOCH` for MkDocs (sitemap dates), so the same sources give the same bytes."""


MKDOCS_REMEDY = "fix mkdocs.yml; --debug shows every message of MkDocs"


class _Collector(logging.Handler):
    """Keeps MkDocs' warnings and errors: in strict mode any of them aborts the build, and the
    first one, not MkDocs' closing "Aborted with …", says what is wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_session() -> Iterator[_Collector]:
    """MkDocs' log collected (its INFO lines would drown normkit's own output) and a fixed
    build date, restored afterwards."""
    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    collector = _Collector()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    logger.setLevel(logging.WARNING)
    logger.addHandler(collector)
    logger.propagate = False
    os.environ["SOURCE_DATE_EPOCH"] = previous or BUILD_DATE
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
        logger.propagate = propagate
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]


@contextmanager
def _alive_objects_frozen() -> Iterator[None]:
    """What is alive when the site build starts (the model, read and checked: most of the
    process's objects) kept out of the cycle collector's passes until the build is done.
    Every full pass walked all of it again while MkDocs and the pages allocated (0.1 s at
    1,000 criteria, more with each criterion); objects freed by their reference count are
    freed as before, and the rest is collectable again afterwards."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write_site(corpus: Corpus, out: Path, context: BuildContext) -> None:
    """Build the site into `out` with the project's MkDocs configuration."""
    path = config_file(context.project, context.cache, corpus.title)
    with _mkdocs_session() as log, _alive_objects_frozen():
        try:
            config = load_config(config_file=str(path), site_dir=str(out.resolve()), strict=True)
            plugin = config.plugins.get(PLUGIN)
            if not isinstance(plugin, NormkitPlugin):
                raise EnvironmentFailure(
                    f"{path}: the normkit plugin is not enabled",
                    f"add `- {PLUGIN}` to `plugins:` in {path.name}",
                )
            plugin.corpus = corpus
            plugin.derived = context.derived
            plugin.downloads = planned_downloads(corpus, context)
            previous = context.previous_of(out)
            plugin.template_cache = context.cache
            for package in TEMPLATE_PACKAGES:
                keep_compiled(environment(package), context.cache)
            plugin.search_cache = SearchCache(
                context.cache, previous / OUTPUT_SUBDIR if previous is not None else None
            )
            build(config)
        except MkDocsException as error:
            # Abort, ConfigurationError, PluginError: MkDocs' configuration or strict mode.
            messages = [*log.messages, error.format_message()]
            raise EnvironmentFailure(
                f"MkDocs stopped the site build: {first_line(messages[0])}",
                MKDOCS_REMEDY,
                "\n".join(messages),
            ) from error
