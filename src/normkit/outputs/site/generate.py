"""The whole site as data: Markdown pages, static files and the navigation, from the model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from normkit.crosswalks.table import CrosswalkTable
from normkit.derived import Derived, derived_for
from normkit.model.corpus import Corpus
from normkit.model.standard import Section, Standard, Version
from normkit.outputs.site import changes, crosswalks, pages, urls
from normkit.outputs.site.bar import version_label
from normkit.outputs.site.consultation import comment_counts, consultation_page
from normkit.outputs.site.criteria import CriterionContext
from normkit.outputs.site.explorer import explorer
from normkit.outputs.site.lineage import short_targets, standard_lineages
from normkit.outputs.site.links import site_assets
from normkit.outputs.site.markup import nav_title
from normkit.outputs.site.redirects import choice_page, redirect_page
from normkit.revisions.criterion_lineage import CriterionLineage
from normkit.translations.labels import _

NavItem = dict[str, Any]
Wanted = Callable[[Section], bool]
"""Which sections' pages to make (see `generate_versions`)."""


@dataclass(slots=True)
class GeneratedSite:
    """What normkit contributes to a MkDocs (or compatible) project."""

    pages: dict[str, str] = field(default_factory=dict)
    """Docs-relative path of a Markdown page → its content."""
    static: dict[str, str] = field(default_factory=dict)
    """Docs-relative path of another file (redirects, scripts) → its content."""
    nav: list[NavItem] = field(default_factory=list)
    """The `nav` configuration, in MkDocs' format."""
    assets: dict[str, str] = field(default_factory=dict)
    """Docs-relative path → project-relative path of the images and files the texts link."""
    version_nav: dict[str, NavItem] = field(default_factory=dict)
    """Each version's entry in `nav`, by `standard@version`."""

    def add(self, page: str, content: str) -> str:
        path = urls.source_path(page)
        self.pages[path] = content
        return path


def _matches(path: str, version: Version, editions: tuple[str, ...]) -> bool:
    """Whether a file of another output belongs to a version (see each writer's naming)."""
    pure = PurePosixPath(path)
    standard, name, stem = version.standard, version.name, pure.stem
    flat = {f"{standard}-{name}", f"{standard}@{name}"}
    flat.update(f"{standard}-guidance-{edition}" for edition in editions)
    flat.update(f"{standard}-{name}-{kind}" for kind in ("comments", "consultation"))
    if stem in flat:
        return True
    if pure.parts[1:-1] == (standard, name):  # json/<standard>/<version>/consultation.json
        return True
    if pure.parts[1:] == (standard, name, "catalog.json"):  # oscal/<standard>/<version>/
        return True
    nested = stem == name or stem.endswith(f"..{name}")
    return nested and pure.parts[1:-1] in ((standard,), (standard, "mappings"))


def _section_nav(
    site: GeneratedSite, context: CriterionContext, node: Section, wanted: Wanted | None
) -> NavItem:
    page = urls.section_page(context.version, node.key)
    if wanted is None or wanted(node):
        local = CriterionContext(
            context.corpus,
            context.standard,
            context.version,
            page,
            context.guidance,
            context.marks,
            section=node,
            lineage=context.lineage,
            comments=context.comments,
            crosswalks=context.crosswalks,
        )
        path = site.add(page, pages.section(local, node))
    else:
        path = urls.source_path(page)
    title = nav_title(f"{node.number} {node.title}".strip())
    if not node.children:
        return {title: path}
    children = (_section_nav(site, context, c, wanted) for c in node.children)
    return {title: [{title: path}, *children]}


def _version(
    site: GeneratedSite,
    derived: Derived,
    standard: Standard,
    version: Version,
    downloads: list[str],
    lineage: CriterionLineage | None,
    crosswalk_tables: list[CrosswalkTable],
    wanted: Wanted | None = None,
    translation: Corpus | None = None,
) -> NavItem:
    """The version's pages and its navigation entry; with `wanted`, only the pages of the
    sections it accepts are made (the entry is whole); in `translation`, the version is that
    translated corpus's (`derived` stays the source's, whose changesets mark criteria)."""
    corpus = translation if translation is not None else derived.corpus

    def add(page: str, content: Callable[[], str]) -> str:
        return site.add(page, content()) if wanted is None else urls.source_path(page)

    editions = tuple(e.name for e in corpus.editions_for(version))
    listed = [d for d in downloads if _matches(d, version, editions)]
    overview = partial(pages.overview, corpus, standard, version, listed)
    items: list[NavItem] = [{_("Overview"): add(urls.version_page(version), overview)}]
    context = CriterionContext(
        corpus,
        standard,
        version,
        urls.version_page(version),
        corpus.guidance_for(version),
        changes.marks(derived, _source(derived, version)),
        lineage=lineage,
        comments=comment_counts(corpus, version) if corpus.consultation(version) else None,
        crosswalks=crosswalks.views_for(crosswalk_tables, version),
    )
    items.extend(_section_nav(site, context, node, wanted) for node in version.sections)
    glossary = partial(pages.glossary, corpus, standard, version)
    items.append({_("Glossary"): add(urls.glossary_page(version), glossary)})
    table = partial(explorer, standard, version)
    items.append({_("Criteria explorer"): add(urls.explorer_page(version), table)})
    # A translation's "What changed" is the English page (its overview links it).
    if version.translation is None and changes.superseded(standard, version) is not None:
        page = partial(changes.changes_page, derived, standard, version)
        items.append({_("What changed"): add(urls.changes_page(version), lambda: page() or "")})
    found = corpus.consultation(version)
    if found is not None:
        report = partial(consultation_page, corpus, standard, version, found, downloads)
        items.append({_("Consultation"): add(urls.consultation_page(version), report)})
    return {nav_title(version_label(version)): items}


def _source(derived: Derived, version: Version) -> Version:
    """The source version of a translated one (whose changesets the build derived)."""
    if version.translation is None:
        return version
    return derived.corpus.version(version.standard, version.name) or version


def _redirects(site: GeneratedSite, standard: Standard, lineage: CriterionLineage | None) -> None:
    latest = standard.latest_published or (standard.versions[-1] if standard.versions else None)
    if latest is not None:
        # `/<standard>/latest/…` mirrors every page of the newest published version.
        root = urls.version_page(latest)
        targets = [urls.version_page(latest), urls.glossary_page(latest)]
        targets.append(urls.explorer_page(latest))
        targets.extend(urls.section_page(latest, s.key) for s in latest.all_sections())
        if latest.supersedes:
            targets.append(urls.changes_page(latest))
        for target in targets:
            page = urls.latest_page(standard.slug) + target[len(root) :]
            site.static[f"{page}index.html"] = redirect_page(
                urls.relative(page, target), keep_hash=True
            )
    ids = sorted({c.id for v in standard.versions for c in v.criteria()})
    for criterion_id in ids:
        found = short_targets(lineage, standard, criterion_id)
        if found is None or not found[1]:
            continue
        version, successors = found
        page = urls.short_page(standard.slug, criterion_id)
        links = [
            (urls.relative(page, urls.criterion_page(version, c), c.id), c.label)
            for c in successors
        ]
        if len(links) == 1:
            site.static[f"{page}index.html"] = redirect_page(links[0][0], keep_hash=False)
        else:
            site.static[f"{page}index.html"] = choice_page(criterion_id, version.title, links)


def _crosswalks(
    site: GeneratedSite, crosswalk_tables: list[CrosswalkTable], files: list[str]
) -> list[NavItem]:
    items: list[NavItem] = [
        {
            "All crosswalks": site.add(
                crosswalks.crosswalks_page(), crosswalks.index_markdown(crosswalk_tables)
            )
        }
    ]
    for table in crosswalk_tables:
        slug = table.crosswalk.slug
        downloads = crosswalks.crosswalk_downloads(slug, files)
        path = site.add(
            crosswalks.crosswalk_page(slug), crosswalks.crosswalk_page_markdown(table, downloads)
        )
        items.append({nav_title(table.crosswalk.scheme.title): path})
    return items


def _translated(
    site: GeneratedSite, corpus: Corpus, derived: Derived, files: list[str]
) -> GeneratedSite:
    """The pages of a translation: its home, and every version that has a catalog in its
    language, under `<language>/`; the other versions stay the source language's pages."""
    language = corpus.language
    site.nav.append({_("Home"): site.add(urls.home(language), pages.home(corpus))})
    lineages = standard_lineages(derived)
    tables = crosswalks.tables(derived)
    for standard in corpus.standards:
        translated = [v for v in reversed(standard.versions) if v.translation is not None]
        if not translated:
            continue
        lineage = lineages.get(standard.slug)
        index = urls.standard_page(standard.slug, language)
        items: list[NavItem] = [
            {_("All versions"): site.add(index, pages.standard_index(standard, language))}
        ]
        # Crosswalk pages are the source language's only: translated criteria list their
        # related requirements of other schemes, linking those pages.
        items.extend(
            _version(site, derived, standard, v, files, lineage, tables, translation=corpus)
            for v in translated
        )
        site.nav.append({nav_title(standard.title): items})
    return site


def generate(
    corpus: Corpus, downloads: list[str] | None = None, derived: Derived | None = None
) -> GeneratedSite:
    """Every page of the site; `downloads` lists files under `downloads/` to link;
    `derived`: the build's changesets (else computed here)."""
    site = GeneratedSite()
    files = sorted(downloads or [])
    if corpus.language:  # `derived` is the source's: its changesets mark new and changed
        return _translated(site, corpus, derived or derived_for(corpus, None), files)
    derived = derived_for(corpus, derived)
    site.nav.append({"Home": site.add(urls.home(), pages.home(corpus))})
    lineages = standard_lineages(derived)
    crosswalk_tables = crosswalks.tables(derived)
    for standard in corpus.standards:
        lineage = lineages.get(standard.slug)
        items: list[NavItem] = [
            {
                "All versions": site.add(
                    urls.standard_page(standard.slug), pages.standard_index(standard)
                )
            }
        ]
        for version in reversed(standard.versions):
            item = _version(site, derived, standard, version, files, lineage, crosswalk_tables)
            site.version_nav[version.key] = item
            items.append(item)
        site.nav.append({nav_title(standard.title): items})
        _redirects(site, standard, lineage)
    if crosswalk_tables:
        site.nav.append({"Crosswalks": _crosswalks(site, crosswalk_tables, files)})
    site.static[changes.SCRIPT_PATH] = changes.changes_js()
    site.assets = {urls.asset_page(path): path for path in site_assets(corpus)}
    return site


def generate_versions(
    corpus: Corpus,
    wanted: dict[str, Wanted | None],
    downloads: list[str] | None = None,
    derived: Derived | None = None,
) -> GeneratedSite:
    """Only the pages of the versions in `wanted` (by `standard@version`), as `generate`
    writes them: all of a version's pages, or only those of the sections its function
    accepts. `normkit serve` shows the pages an edit most likely changed with these first."""
    derived = derived_for(corpus, derived)
    site = GeneratedSite()
    files = sorted(downloads or [])
    lineages = standard_lineages(derived)
    crosswalk_tables = crosswalks.tables(derived)
    for standard in corpus.standards:
        for version in standard.versions:
            if version.key in wanted:
                lineage = lineages.get(standard.slug)
                only = wanted[version.key]
                site.version_nav[version.key] = _version(
                    site, derived, standard, version, files, lineage, crosswalk_tables, only
                )
    return site
