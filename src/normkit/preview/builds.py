"""`normkit serve`'s builds: the whole site once, then only the pages an edit changed.

The first build is MkDocs' own, with the normkit plugin. After an edit of the sources:
- files whose text did not change are not parsed again (`ParseCache`), and versions and
  guidance editions whose sources and references did not change are not rendered again
  (`AssemblyCache`), comment forms and translation catalogs whose bytes did not change are
  not read again (`StoredSheets`, `StoredCatalogs`, kept in memory), and a consultation
  draft is laid out for its line numbers once (`outputs/pdf/lines.py`): the model is rebuilt
  around the edit;
- the pages of the sections the edit changed are generated first and compared with the
  ones written last: only those whose Markdown changed go through MkDocs again (Markdown,
  then the theme's template), with the navigation, files and template environment of the
  last build, and the browsers reload at once; then the rest of the site is generated and
  compared, and the other pages that changed too (the version's explorer and What changed,
  other versions' links to a renamed criterion) are written and shown;
- the search index is refreshed in the background, once edits paused for a second;
- when the navigation, the set of pages, the theme or `mkdocs.yml` changed, or anything else
  the build reads (crosswalks, consultation registers, translation catalogs, a linked image
  or file), the whole site is built again.
While the sources have errors, the site is not rebuilt: the server shows the diagnostics
instead of every page (`errors.html.j2`), and the next good build takes their place.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from normkit.assemble.reuse import AssemblyCache, assemblies_kept
from normkit.build_folder import CACHE
from normkit.diagnostics import Diagnostic, Severity
from normkit.environment import EnvironmentFailure
from normkit.mkdocs_yml import CONFIG_NAME, read_config, site_name
from normkit.model.corpus import Corpus
from normkit.model.standard import Section, Version
from normkit.outputs.site.config import PLUGIN, config_file
from normkit.outputs.site.generate import GeneratedSite, Wanted, generate, generate_versions
from normkit.outputs.site.markup import raw_blocks_kept
from normkit.outputs.site.plugin import NormkitPlugin
from normkit.outputs.templating import render_template
from normkit.pipeline import CheckResult, check_project
from normkit.preview.search import SearchIndexer
from normkit.sources.documents import ParseCache, parses_kept
from normkit.sources.stored_sheets import StoredSheets, sheets_kept
from normkit.sources.tree import SCANNED
from normkit.translations.stored_catalogs import StoredCatalogs, catalogs_kept

SOURCES = ("standards", "guidance", "glossary")
"""Folders whose edits are rebuilt page by page; an edit anywhere else rebuilds everything."""
IMAGES = "assets"
"""The folder the docs suggest for images and linked files (watched before any is linked)."""


@dataclass(slots=True)
class Built:
    """The last good build: MkDocs' state and what normkit generated for it."""

    config: MkDocsConfig
    plugin: NormkitPlugin
    site: GeneratedSite
    corpus: Corpus
    """The model the written pages show."""


@dataclass(slots=True)
class Preview:
    """The builds of one `normkit serve` session."""

    project: Path
    site_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="normkit-serve-")))
    serve_url: str = ""
    parses: ParseCache = field(default_factory=ParseCache)
    assemblies: AssemblyCache = field(default_factory=AssemblyCache)
    sheets: StoredSheets = field(init=False)
    """What was read from comment forms, by their bytes: a workbook is read once a session
    (and not at all where a build stored it); never saved from here."""
    catalogs: StoredCatalogs = field(init=False)
    """Translation catalogs as read, by their text, likewise."""
    prefix: str = field(default_factory=lambda: f"nkraw{secrets.token_hex(6)}h")
    built: Built | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    """The diagnostics shown instead of pages while the sources have errors."""
    rebuilt_pages: list[str] = field(default_factory=list)
    """Pages the last build wrote (all of them after a full build), for tests and logs."""
    indexer: SearchIndexer = field(default_factory=lambda: SearchIndexer())
    report: Callable[[str], None] = lambda line: None
    """Where the diagnostics of each build are printed (the terminal that runs serve)."""
    written: dict[str, str] = field(default_factory=dict)
    """The Markdown of each page as last written into the site."""
    show: Callable[[list[str]], None] = lambda addresses: None
    """Tells the server that the pages at these addresses (from the site's root, as MkDocs
    writes them: `demo/v2/1-integrity/`) were written: browsers showing them reload."""
    unshown: list[str] = field(default_factory=list)
    whole_site: bool = False
    """Whether every page may have changed in the last build (a full build, the errors shown
    or gone): the server reloads every browser."""
    show_next: Callable[[], None] = lambda: None
    """Tells the server that more pages are about to be written (requests wait for them)."""

    def __post_init__(self) -> None:
        cache = self.project / "build" / CACHE
        self.sheets, self.catalogs = StoredSheets(cache), StoredCatalogs(cache)

    def build(self, changed: set[Path] | None = None) -> None:
        """Bring the site up to date with the sources; `changed`: the files edited since the
        last build (None: unknown, build everything)."""
        had_problems = bool(self.problems)
        self.whole_site = True
        with (
            parses_kept(self.parses),
            assemblies_kept(self.assemblies),
            sheets_kept(self.sheets),
            catalogs_kept(self.catalogs),
        ):
            result = check_project(self.project)
        for found in result.diagnostics:
            self.report(found.format())
        if not result.ok:
            self.problems = [d for d in result.diagnostics if d.severity is Severity.ERROR]
            self.report(f"{len(self.problems)} error(s): the preview shows them until fixed")
            return
        self.problems = []
        if self.built is None or not self._only_sources(changed) or not self._pages(result):
            self._full(result)
        elif not had_problems:
            self.whole_site = False

    def watched(self) -> set[str]:
        """The project's top-level files and folders the build reads, which the server
        watches: the sources, catalogs, registers, crosswalks, theme and `mkdocs.yml`, its
        `docs_dir`, `assets/`, and wherever else a linked image or file lies."""
        names = {*SCANNED, IMAGES}
        config = self.project / CONFIG_NAME
        try:
            docs = read_config(config).get("docs_dir") if config.is_file() else None
        except EnvironmentFailure:  # the build says what is wrong with it
            docs = None
        if isinstance(docs, str) and docs and not PurePosixPath(docs).is_absolute():
            names.add(PurePosixPath(docs).parts[0])
        if self.built is not None:
            names.update(PurePosixPath(p).parts[0] for p in self.built.site.assets.values())
        return names

    def _only_sources(self, changed: set[Path] | None) -> bool:
        """Whether every changed file is a source rebuilt page by page; an image or file the
        site copies is not, even in a source folder (a full build copies it again)."""
        if changed is None:
            return False
        project = self.project.resolve()
        roots = [project / name for name in SOURCES]
        copied = set(self.built.site.assets.values()) if self.built is not None else set()
        for path in changed:
            resolved = path.resolve()
            if not any(resolved.is_relative_to(root) for root in roots):
                return False
            if resolved.relative_to(project).as_posix() in copied:
                return False
        return True

    def _full(self, result: CheckResult) -> None:
        self.unshown = []
        path = config_file(self.project, self.project / "build" / ".cache", site_name(self.project))
        config = load_config(config_file=str(path), site_dir=str(self.site_dir))
        config.site_url = self.serve_url or config.site_url
        plugin = config.plugins.get(PLUGIN)
        if not isinstance(plugin, NormkitPlugin):
            raise EnvironmentFailure(
                f"{path}: the normkit plugin is not enabled",
                f"add `- {PLUGIN}` to `plugins:` in {path.name}",
            )
        plugin.corpus, plugin.derived = result.corpus, result.derived
        plugin.raw_prefix = self.prefix
        plugin.index_search = self.indexer.request
        plugin.languages_enabled = False  # the preview is of the source language
        build(config, serve_url=self.serve_url or None)
        self.built = Built(config, plugin, plugin.site, result.corpus)
        self.written = dict(plugin.site.pages)
        self.rebuilt_pages = sorted(plugin.site.pages)

    def _pages(self, result: CheckResult) -> bool:
        """Rebuild the pages whose Markdown changed; False if the site's shape changed (the
        navigation, which pages exist, the linked files), which needs a full build.

        The sections the edit changed come first, and browsers are told to reload as soon as
        their pages are written (`show`); then every other page is generated and compared, and
        those that changed with them (the explorer, What changed, other versions' links to a
        renamed criterion) are written and shown in a second step."""
        assert self.built is not None
        edited = _edited_versions(self.built.corpus, result.corpus)
        self.rebuilt_pages = []
        if edited:
            first = self._generate(result, edited)
            if not self._apply(result, first, only=first.pages.keys()):
                return False
            self._show()
        site = self._generate(result, None)
        old = self.built.site
        same_shape = (
            site.nav == old.nav
            and site.pages.keys() == old.pages.keys()
            and site.static.keys() == old.static.keys()
            and site.assets == old.assets
        )
        if not same_shape:
            return False
        if not self._apply(result, site, only=site.pages.keys(), before=self.show_next):
            return False
        self.built.site = self.built.plugin.site = site
        self._show()
        if self.rebuilt_pages:
            self.indexer.request(self.site_dir, result.corpus)
        return True

    def _generate(
        self, result: CheckResult, versions: dict[str, Wanted | None] | None
    ) -> GeneratedSite:
        assert self.built is not None
        listed = self.built.plugin.listed_downloads()
        with raw_blocks_kept(self.prefix) as blocks:
            if versions is None:
                site = generate(result.corpus, listed, result.derived)
            else:
                site = generate_versions(result.corpus, versions, listed, result.derived)
        if versions is None:
            self.built.plugin.raw_blocks = blocks
        else:  # the pages written first need their blocks before the whole site is made
            self.built.plugin.raw_blocks.blocks.update(blocks.blocks)
        return site

    def _apply(
        self,
        result: CheckResult,
        site: GeneratedSite,
        only: Iterable[str],
        before: Callable[[], None] = lambda: None,
    ) -> bool:
        """Write the pages of `site` whose Markdown differs from what was last written (and
        the changed static files); False when a page is new or its navigation entry moved."""
        assert self.built is not None
        config, plugin, old = self.built.config, self.built.plugin, self.built.site
        if plugin.files is None:
            return False
        for key, item in site.version_nav.items():
            if old.version_nav.get(key) != item:
                return False
        changed = [path for path in only if self.written.get(path) != site.pages[path]]
        if any(path not in self.written for path in changed):
            return False
        static = [p for p, text in site.static.items() if old.static.get(p, text) != text]
        if not changed and not static:
            return True
        before()
        plugin.corpus, plugin.derived = result.corpus, result.derived
        self.built.corpus = result.corpus
        documentation = plugin.files.documentation_pages()
        for path in changed:
            file = plugin.files.get_file_from_path(path)
            if file is None or file.page is None:
                return False
            file.content_string = site.pages[path]
            _populate_page(file.page, config, plugin.files)
            _build_page(file.page, config, documentation, plugin.nav, plugin.env)
            self.written[path] = site.pages[path]
            self.unshown.append(file.url)
        for path in static:
            (self.site_dir / path).write_text(site.static[path], encoding="utf-8")
            self.unshown.append(path.removesuffix("index.html"))
        self.rebuilt_pages.extend(changed)
        return True

    def _show(self) -> None:
        if self.unshown:
            self.show(self.unshown)
            self.unshown = []

    def errors_page(self) -> bytes:
        """The page every address shows while the sources have errors."""
        html = render_template("normkit.preview", "errors.html.j2", problems=self.problems)
        return str(html).encode("utf-8")

    def close(self) -> None:
        self.indexer.close()
        shutil.rmtree(self.site_dir, ignore_errors=True)


def _edited_versions(old: Corpus, new: Corpus) -> dict[str, Wanted | None]:
    """The pages an edit most likely changed, to be shown first: of each version whose model
    is not the one the site shows (`AssemblyCache` keeps the others), the sections that
    differ; all pages of a version whose guidance edition changed. Nothing when the
    glossary changed: every page may show a term, so the whole site is compared at once."""
    if old.terms != new.terms:
        return {}
    before = {v.key: v for v in old.versions()}
    wanted: dict[str, Wanted | None] = {}
    for version in new.versions():
        previous = before.get(version.key)
        if previous is None:
            wanted[version.key] = None
        elif previous is not version:
            wanted[version.key] = partial(_differs, previous)
    editions = {(e.standard, e.name): e for e in old.guidance}
    for edition in new.guidance:
        if editions.get((edition.standard, edition.name)) is not edition:
            wanted[f"{edition.standard}@{edition.serves}"] = None
    return wanted


def _differs(before: Version, section: Section) -> bool:
    return before.section(section.key) != section
