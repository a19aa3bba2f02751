"""Where every page of the site lives: directory URLs relative to the site root.

A version in a translation (its `translation` set) lives under `<language>/`: its pages are
`fr/performance/v3/…`, beside the source language's `performance/v3/…`."""

from __future__ import annotations

import posixpath
from functools import cache

from normkit.model.standard import Criterion, Section, Standard, Version


def find_criterion(version: Version, criterion_id: str) -> Criterion | None:
    return version.criterion(criterion_id)


def find_section(version: Version, key: str) -> Section | None:
    return version.section(key)


RESERVED = frozenset(
    {"glossary", "explorer", "changes", "consultation", "c", "latest", "downloads", "index"}
)
"""Page names a section key must not take; such sections get a `section-` prefix."""


def language_root(language: str) -> str:
    """`fr/` for a translation's pages; empty for the source language."""
    return f"{language}/" if language else ""


def home(language: str = "") -> str:
    return language_root(language)


def standard_page(standard: str, language: str = "") -> str:
    return f"{language_root(language)}{standard}/"


def version_language(version: Version) -> str:
    return version.translation.language if version.translation is not None else ""


def version_page(version: Version) -> str:
    return f"{language_root(version_language(version))}{version.standard}/{version.name}/"


def in_language(page: str, language: str, from_language: str = "") -> str:
    """The same page in another language's tree (`performance/v3/x/` ↔ `fr/performance/v3/x/`)."""
    bare = page[len(language_root(from_language)) :] if from_language else page
    return language_root(language) + bare


def latest_page(standard: str) -> str:
    return f"{standard}/latest/"


def section_slug(section: Section) -> str:
    return f"section-{section.key}" if section.key in RESERVED else section.key


def section_page(version: Version, section_key: str) -> str:
    section = find_section(version, section_key)
    slug = section_slug(section) if section else section_key
    return f"{version_page(version)}{slug}/"


def criterion_page(version: Version, criterion: Criterion) -> str:
    """The page holding a criterion: its innermost section, or the overview."""
    if not criterion.section_path:
        return version_page(version)
    return section_page(version, criterion.section_path[-1])


def glossary_page(version: Version) -> str:
    return f"{version_page(version)}glossary/"


def explorer_page(version: Version) -> str:
    return f"{version_page(version)}explorer/"


def changes_page(version: Version) -> str:
    return f"{version_page(version)}changes/"


def consultation_page(version: Version) -> str:
    return f"{version_page(version)}consultation/"


def short_page(standard: str, criterion_id: str) -> str:
    return f"c/{standard}/{criterion_id}/"


def source_path(page: str) -> str:
    """The Markdown file that MkDocs turns into `page` (directory URLs)."""
    return f"{page}index.md"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one directory URL to another (plus `#anchor`), as MkDocs writes them:
    `posixpath.relpath` of the two addresses, computed on cached segments (a site links
    every criterion from several pages, and `relpath` was a tenth of its generation)."""
    start, target = _folder_segments(from_page), _segments(to_page)
    common = 0
    for here, there in zip(start, target, strict=False):
        if here != there:
            break
        common += 1
    link = "/".join([".."] * (len(start) - common) + list(target[common:])) or "."
    if link == ".":
        link = "./"
    elif to_page.endswith("/") and not link.endswith("/"):
        link += "/"
    return f"{link}#{anchor}" if anchor else link


@cache
def _segments(page: str) -> tuple[str, ...]:
    """The address's path segments, normalised as `posixpath.relpath` does."""
    return tuple(part for part in posixpath.normpath(posixpath.join("/", page)).split("/") if part)


@cache
def _folder_segments(page: str) -> tuple[str, ...]:
    """The segments of the folder a page's relative links start from."""
    start = posixpath.join("/", page)
    return _segments(start if start.endswith("/") else posixpath.dirname(start))


def standard_of(standards: tuple[Standard, ...], slug: str) -> Standard | None:
    return next((s for s in standards if s.slug == slug), None)


def asset_page(path: str) -> str:
    """Where a project file (an image, a linked document) is copied on the site."""
    return f"assets/files/{path}"
