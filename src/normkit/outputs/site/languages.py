"""The site in every translation language: `/<language>/…`, each built by MkDocs as a site of
its own (Material's interface in that language), beside the source language's pages.

Material for MkDocs makes a multilingual site from one build per language, joined by its
alternate-language selector (`extra.alternate`). normkit runs those builds itself once the
source language's site is built: each writes its pages under `<language>/` of a scratch
folder that is then moved into the site, so every page of every language shares the site's
root (its theme assets, the downloads, one search index that Pagefind splits by language).
The selector is set for each page to the same page in the other languages, so switching
keeps the reader on the criterion they were reading (`normkit.js` keeps the `#anchor`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from normkit.model.translation import SOURCE_LANGUAGE
from normkit.outputs.site import urls
from normkit.outputs.site.generate import GeneratedSite
from normkit.translations.languages import material_language, own_name

if TYPE_CHECKING:
    from normkit.outputs.site.plugin import NormkitPlugin


def page_urls(site: GeneratedSite) -> set[str]:
    """The directory URLs of a generated site's pages."""
    return {path.removesuffix("index.md") for path in site.pages}


class Alternates:
    """For each page, the same page in every language of the site (or that language's home)."""

    def __init__(self, sites: dict[str, GeneratedSite]) -> None:
        self.pages = {language: page_urls(site) for language, site in sites.items()}

    @property
    def multilingual(self) -> bool:
        return len(self.pages) > 1

    def of(self, url: str, language: str) -> list[dict[str, str]]:
        """Material's `extra.alternate` entries for the page at `url` in `language`."""
        bare = url[len(urls.language_root(language)) :] if language else url
        found = []
        for other, pages in self.pages.items():
            candidate = urls.language_root(other) + bare
            link = candidate if candidate in pages else urls.home(other)
            found.append(
                {
                    "name": own_name(other or SOURCE_LANGUAGE),
                    "link": link or "./",
                    "lang": other or SOURCE_LANGUAGE,
                }
            )
        return found


def set_alternates(
    config: MkDocsConfig, alternates: Alternates | None, url: str, language: str
) -> None:
    """The selector of this page, before Material renders it (`theme/partials/alternate.html`).
    `alternate` is `true`, not a list: Material then shows the selector but writes no
    `<link rel="alternate">`, which its script would take for language sites' roots and
    fetch each one's `sitemap.xml` from."""
    if alternates is not None and alternates.multilingual:
        config.extra["alternate"] = True
        config.extra["nk_alternate"] = alternates.of(url, language)


def html_language(output: str, language: str) -> str:
    """The page's `lang` as the translation's tag (`zh-Hans`), not Material's (`zh`)."""
    material = material_language(language)
    if material == language:
        return output
    return output.replace(f'<html lang="{material}"', f'<html lang="{language}"', 1)


def build_languages(
    config: MkDocsConfig,
    main: NormkitPlugin,
    prepare: Callable[[NormkitPlugin, str], None],
) -> None:
    """Build each translation's pages with its own MkDocs configuration and move them into
    the site. `prepare` hands the language's corpus, pages and shared state to its plugin."""
    site_dir = Path(config.site_dir)
    for language in main.language_sites:
        with tempfile.TemporaryDirectory(prefix=".nk-language-", dir=site_dir.parent) as scratch:
            docs = Path(scratch) / "docs"
            docs.mkdir()
            out = Path(scratch) / "site"
            sub = load_config(
                config_file=config.config_file_path,
                site_dir=str(out),
                strict=bool(config.strict),
            )
            sub["docs_dir"] = str(docs)  # the hand-written pages are the source language's
            sub.theme["language"] = material_language(language)
            for name in ("sitemap.xml", "404.html"):
                sub.theme.static_templates.discard(name)  # the source language's serve all
            plugin = sub.plugins.get(main.plugin_name)
            prepare(plugin, language)  # type: ignore[arg-type]
            build(sub)
            target = site_dir / language
            if target.exists():
                shutil.rmtree(target)
            shutil.move(str(out / language), str(target))
