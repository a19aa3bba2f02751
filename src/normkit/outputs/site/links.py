"""How the model's text pieces become site HTML: references, terms and Markdown links point
at site pages, images and linked files at their copies under `assets/files/`, and footnote
ids are made unique on the page."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass

from normkit.model import chapters
from normkit.model.corpus import Corpus
from normkit.model.standard import Section, Version
from normkit.model.text import LinkTarget, Reference, TargetKind, TermUse, Text, TextStyle
from normkit.outputs.site import urls


@dataclass(frozen=True, slots=True)
class LinkContext:
    """The page a text is placed on and the version whose glossary it uses."""

    corpus: Corpus
    version: Version
    page: str

    def criterion_url(self, key: str) -> str | None:
        """URL of `standard/version/id[.part]` relative to this page, if it is on the site."""
        standard, _, rest = key.partition("/")
        version_name, _, target = rest.partition("/")
        version = self.corpus.version(standard, version_name)
        criterion_id = target.split(".", 1)[0]
        criterion = urls.find_criterion(version, criterion_id) if version else None
        if version is None or criterion is None:
            return None
        return urls.relative(self.page, urls.criterion_page(version, criterion), target)

    def term_url(self, term_id: str) -> str:
        return urls.relative(self.page, urls.glossary_page(self.version), f"term-{term_id}")

    def project_url(self, path: str, anchor: str) -> str | None:
        """A project file: a chapter's page (at the criterion or section the anchor names),
        the glossary for glossary files, or the file's copy on the site; a folder of a
        version or standard is its overview."""
        if path.endswith("/"):
            return self._folder_url(path)
        chapter = chapters.chapter(self.corpus, path)
        if chapter is not None:
            version, section = chapter
            return urls.relative(self.page, _page_of(version, section, anchor), anchor)
        if path.startswith("glossary/") and path.endswith(".md"):
            return urls.relative(self.page, urls.glossary_page(self.version), anchor)
        return urls.relative(self.page, urls.asset_page(path))

    def _folder_url(self, path: str) -> str | None:
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "standards":
            version = self.corpus.version(parts[1], parts[2])
            return urls.relative(self.page, urls.version_page(version)) if version else None
        if len(parts) == 2 and parts[0] == "standards" and self.corpus.standard(parts[1]):
            return urls.relative(self.page, urls.standard_page(parts[1]))
        return None


def _page_of(version: Version, section: Section, anchor: str) -> str:
    criterion = urls.find_criterion(version, anchor.split(".", 1)[0]) if anchor else None
    if criterion is not None:
        return urls.criterion_page(version, criterion)
    if anchor and urls.find_section(version, anchor) is not None:
        return urls.section_page(version, anchor)
    return urls.section_page(version, section.key)


class SiteStyle(TextStyle):
    """Text pieces as HTML on one page of the site."""

    def __init__(self, context: LinkContext, scope: str = "") -> None:
        self.context = context
        self.scope = f"{scope}-" if scope else ""

    def title_text(self, text: str) -> str:
        """Material's tooltips (`content.tooltips`) show a `title` as HTML: the text is
        escaped once for that, and once more as an attribute value."""
        return html.escape(text, quote=False)

    def reference_url(self, piece: Reference) -> str | None:
        return self.context.criterion_url(piece.key) or super().reference_url(piece)

    def term_url(self, piece: TermUse) -> str | None:
        return self.context.term_url(piece.term_id)

    def link_url(self, target: LinkTarget) -> str | None:
        if target.kind is TargetKind.PROJECT:
            return self.context.project_url(target.value, target.anchor)
        return super().link_url(target)

    def image_url(self, target: LinkTarget) -> str | None:
        if target.kind is TargetKind.PROJECT:
            return urls.relative(self.context.page, urls.asset_page(target.value))
        return super().image_url(target)


def rewrite(text: Text, context: LinkContext, scope: str = "") -> str:
    """The text as HTML on its page; `scope` keeps footnote ids unique on the page."""
    return text.render(SiteStyle(context, scope))


def site_assets(corpus: Corpus) -> Iterator[str]:
    """Project files the site must carry: every image and linked file that is not a page."""
    seen: set[str] = set()
    for text in corpus.texts():
        for piece in text.links():
            target = piece.target
            if target.kind is not TargetKind.PROJECT or target.value in seen:
                continue
            if not target.value or target.value.endswith("/"):
                continue
            if chapters.chapter(corpus, target.value) is not None:
                continue
            if target.value.startswith("glossary/") and target.value.endswith(".md"):
                continue
            seen.add(target.value)
            yield target.value
