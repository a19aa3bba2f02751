"""The `normkit` MkDocs plugin: adds the generated pages, theme layer and search index."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from normkit.derived import Derived
from normkit.model.corpus import Corpus
from normkit.outputs.site.compiled_templates import keep_compiled
from normkit.outputs.site.config import PLUGIN
from normkit.outputs.site.downloads import output_files
from normkit.outputs.site.generate import GeneratedSite, generate
from normkit.outputs.site.languages import (
    Alternates,
    build_languages,
    html_language,
    set_alternates,
)
from normkit.outputs.site.markup import RawBlocks, raw_blocks_kept
from normkit.outputs.site.not_found import (
    IN_FORCE_KEY,
    in_force_links,
    relative_not_found_page,
    top_level_names,
)
from normkit.outputs.site.script_labels import script_labels
from normkit.outputs.site.search import PageIndex, index_site
from normkit.outputs.site.search_records import search_records
from normkit.outputs.site.search_reuse import SearchCache
from normkit.outputs.site.theme_files import list_visible_files
from normkit.sources.tree import SCANNED
from normkit.translations.labels import labels_in

WATCHED = (*SCANNED, "assets")
"""What `mkdocs serve` watches besides `mkdocs.yml`: what the build reads (`normkit serve`
also watches the folders of linked files elsewhere)."""
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "toc", "admonition")
SEARCH_SCRIPT = "assets/normkit/search.js"
"""Pagefind's search box, from the theme layer."""


class NormkitConfig(base.Config):  # type: ignore[no-untyped-call]
    project = options.Optional(options.Type(str))
    """Project root; default: the folder of `mkdocs.yml`."""
    outputs = options.Type(str, default="build")
    """Folder (relative to the project) whose pdf/, docx/, json/, diff/ become downloads."""
    search = options.Choice(("pagefind", "none"), default="pagefind")
    """Search engine run after the build."""


def theme_dir() -> str:
    return str(resources.files("normkit.outputs.site").joinpath("theme"))


def _load(root: Path) -> tuple[Corpus, Derived | None]:
    # Imported here: the pipeline imports the writer registry, which may import this module.
    from normkit.pipeline import check_project

    result = check_project(root)
    if not result.ok:
        lines = "\n".join(d.format() for d in result.errors)
        raise PluginError(f"normkit: the sources have errors:\n{lines}")
    return result.corpus, result.derived


class NormkitPlugin(BasePlugin[NormkitConfig]):  # type: ignore[no-untyped-call]
    """Thin: every page comes from `generate()`; this class only hands them to MkDocs."""

    corpus: Corpus | None = None
    """Set by `normkit build` so the corpus is not read twice."""
    derived: Derived | None = None
    """Set by `normkit build` with the corpus: the changesets its checks computed."""
    downloads_root: Path | None = None
    """The build folder whose outputs become downloads; default: `outputs` of the config."""
    downloads: list[str] | None = None
    search_cache: SearchCache | None = None
    """Set by `normkit build`: where the previous build's search index may be reused from."""
    template_cache: Path | None = None
    """Set by `normkit build`: the build folder's cache, for the theme's compiled templates."""
    """Set by `normkit build`: where the previous build's search index may be reused from."""
    """Set by `normkit build`, which writes the other outputs at the same time: the files to
    link (see `downloads.py`); the build puts them under `downloads/` itself."""

    raw_prefix: str = ""
    """Set by `normkit serve`: the session's placeholder prefix (see `RawBlocks`)."""
    index_search: Callable[[Path, Corpus], None] | None = None
    """Set by `normkit serve`: indexes the site (and the corpus's search records) in the
    background instead."""
    languages_enabled: bool = True
    """False under `normkit serve`: the preview shows the source language only."""
    language: str = ""
    """Set in the build of a translation (`languages.py`): its language."""
    prepared: GeneratedSite | None = None
    """Set in the build of a translation: its pages, generated with the source's."""
    plugin_name = PLUGIN

    def __init__(self) -> None:
        super().__init__()
        self.site = GeneratedSite()
        self.raw_blocks = RawBlocks()
        self.root = Path(".")
        self.page_index: PageIndex | None = None
        self.site_corpus: Corpus | None = None
        """The corpus of the last generation, whose criteria and terms search indexes."""
        # MkDocs' files, navigation and template environment of the last build, for
        # `normkit serve` to rebuild single pages with.
        self.files: Files | None = None
        self.nav: Any = None
        self.env: Any = None
        self.language_sites: dict[str, GeneratedSite] = {}
        """The pages of each translation, built after the source language's (`languages.py`)."""
        self.translations: dict[str, Corpus] = {}
        self.alternates: Alternates | None = None
        self.script_labels: dict[str, str] = {}
        """Set in the build of a translation: the words of the site's scripts in its language."""
        self.unrestored: dict[str, str] = {}
        """Each page's HTML with the raw blocks' placeholders, from its conversion until it
        is sent to Pagefind (`_for_search`)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = (config_dir / (self.config.project or ".")).resolve()
        corpus, derived = (
            (self.corpus, self.derived) if self.corpus is not None else _load(self.root)
        )
        listed = self.listed_downloads()
        if self.prepared is not None:  # a translation's build: pages made by the source's
            self.site = self.prepared
        else:
            with raw_blocks_kept(self.raw_prefix) as self.raw_blocks:
                self.site = generate(corpus, listed, derived)
                self._generate_languages(corpus, listed, derived)
            self.site_corpus = corpus
        config.nav = self.site.nav
        config.extra[IN_FORCE_KEY] = in_force_links(corpus)
        config.extra["normkit_top_level"] = top_level_names(corpus)
        config.extra["nk_labels"] = self.script_labels  # read by theme/main.html
        custom = config.theme.custom_dir
        config.theme.dirs.insert(1 if custom else 0, theme_dir())
        list_visible_files(config.theme)
        if self.config.search == "pagefind":
            # Here, not in the theme layer: an export without the plugin has no Pagefind
            # index, and uses the engine's own search instead.
            config.extra_javascript.append(SEARCH_SCRIPT)
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        toc: dict[str, Any] = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("permalink", True)
        return config

    def _generate_languages(
        self, corpus: Corpus, listed: list[str], derived: Derived | None
    ) -> None:
        """Every translation's pages, generated now so that each page's language selector
        knows which pages exist in the other languages."""
        self.language_sites, self.translations = {}, {}
        if self.languages_enabled:
            for translation in corpus.translations:
                with labels_in(translation.language, translation.labels):
                    site = generate(translation, listed, derived)
                self.language_sites[translation.language] = site
                self.translations[translation.language] = translation
        self.alternates = Alternates({"": self.site, **self.language_sites})

    def _prepare(self, plugin: NormkitPlugin, language: str) -> None:
        """What the build of one translation takes from this (the source language's) one."""
        plugin.corpus = self.translations[language]
        plugin.derived = self.derived
        plugin.template_cache = self.template_cache
        plugin.downloads = self.listed_downloads()
        plugin.prepared = self.language_sites[language]
        plugin.raw_blocks = self.raw_blocks
        plugin.page_index = self.page_index
        plugin.language = language
        plugin.alternates = self.alternates
        with labels_in(language, self.translations[language].labels):
            plugin.script_labels = script_labels()
        plugin.languages_enabled = False

    def listed_downloads(self) -> list[str]:
        """The other outputs' files the overview pages link, under `downloads/`."""
        if self.downloads is not None:
            return self.downloads
        return [path for path, _ in self._downloads()]

    def _downloads(self) -> list[tuple[str, Path]]:
        return output_files(self.downloads_root or self.root / self.config.outputs)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.language:
            # A translation's build: only its pages are moved into the site, which has the
            # theme's files from the source language's build (`languages.py`). MkDocs would
            # copy them (54 files) into the scratch folder, to be deleted with it.
            for file in [f for f in files if f.generated_by is None]:
                files.remove(file)
        for path, content in {**self.site.pages, **self.site.static}.items():
            files.append(File.generated(config, path, content=content))
        if self.downloads is None:
            for path, source in self._downloads():
                files.append(File.generated(config, f"downloads/{path}", abs_src_path=str(source)))
        for path, project_path in self.site.assets.items():
            source = self.root / project_path
            files.append(File.generated(config, path, abs_src_path=str(source)))
        return files

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.nav, self.files = nav, files
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.template_cache is not None:
            keep_compiled(env, self.template_cache, self.root)
        self.env = env
        return env

    def on_page_context(self, context: Any, /, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        set_alternates(config, self.alternates, page.url, self.language)
        return context

    def on_page_content(
        self, html: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        if self.page_index is not None and self.page_index.started and self.raw_blocks.shells:
            self.unrestored[page.file.src_uri] = html  # placeholders: small
        return self.raw_blocks.restore(html)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for name in WATCHED:
            if (self.root / name).is_dir():
                server.watch(str(self.root / name))
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.language:  # a translation's build feeds the source language's index
            return
        if self.config.search == "pagefind" and self.index_search is None:
            multilingual = bool(self.language_sites)
            self.page_index = PageIndex(multilingual=multilingual, cache=self.search_cache)
            if self.site_corpus is not None:
                # Sent first: Pagefind indexes a record per criterion and glossary entry on
                # the other core while MkDocs renders the pages, instead of after them.
                self.page_index.add_records(
                    search_records(self.site_corpus, translations=multilingual)
                )

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        if self.language:
            output = html_language(output, self.language)
        if self.page_index is not None:
            # MkDocs writes a non-empty `output` to the page's file, as UTF-8, after this.
            written = Path(page.file.abs_dest_path) if output.strip() else None
            indexed = self._for_search(output, page)
            self.page_index.add(output, f"/{page.url}", written, indexed)
        return output

    def _for_search(self, output: str, page: Any) -> str | None:
        """The page as Pagefind is sent it: its content with the criteria and glossary
        entries as empty shells (`RawBlocks.restore_for_search`), or None for the page as it
        is (when the theme or another plugin changed the content on its way)."""
        html = self.unrestored.pop(page.file.src_uri, None)
        content = page.content
        if html is None or not content:
            return None
        at = output.find(content)
        if at < 0:
            return None
        return output[:at] + self.raw_blocks.restore_for_search(html) + output[at + len(content) :]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.language:  # a translation's build: the source language's finishes the site
            return
        if self.language_sites:
            build_languages(config, self, self._prepare)
        site = Path(config.site_dir)
        relative_not_found_page(site / "404.html", config.site_url)
        if not config.site_url:
            # A sitemap needs absolute addresses: without `site_url` MkDocs writes an empty
            # one, which tells search engines the site has no pages.
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (site / name).unlink(missing_ok=True)
        if self.page_index is not None:
            index, self.page_index = self.page_index, None
            index.write(Path(config.site_dir))
        elif self.config.search == "pagefind" and self.site_corpus is not None:
            if self.index_search is not None:
                self.index_search(Path(config.site_dir), self.site_corpus)
            else:
                index_site(
                    Path(config.site_dir), self.site_corpus, multilingual=bool(self.language_sites)
                )

    def on_build_error(self, *, error: Exception) -> None:
        if self.page_index is not None:
            index, self.page_index = self.page_index, None
            index.close()
