"""What tells one page from another outside the page itself: its `<title>`, meta description,
canonical address and whether search engines should index it.

Every generated page starts with YAML front matter (`title`, `description`, and normkit's
`nk_canonical` and `nk_robots`), which the theme layer (`theme/main.html`) turns into the
head of the page. The choice for versions not in force:

- a superseded or withdrawn version's page names the same page of the version in force as
  its canonical address, so search engines send readers to the requirement that applies;
  it is not also marked `noindex` (search engines read the two together as a conflict and
  may drop the canonical);
- a page with no counterpart in the version in force, and every page of a draft or
  consultation draft, is `noindex` and its own canonical address.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import yaml

from normkit.model.standard import Standard, Version, VersionStatus
from normkit.outputs.site.bar import PageKind
from normkit.translations.labels import N_, _

DESCRIPTION_LIMIT = 160
"""Characters of a meta description; search engines show about this many."""

STATUS_WORDS = {
    VersionStatus.DRAFT: "draft",
    VersionStatus.CONSULTATION: N_("consultation draft"),
    VersionStatus.SUPERSEDED: "superseded",
    VersionStatus.WITHDRAWN: "withdrawn",
}


@dataclass(frozen=True, slots=True)
class PageIdentity:
    """The head of one page."""

    title: str
    """The page's own name, then the version it belongs to (the site name follows)."""
    description: str
    """A sentence or two from the page's own text."""
    canonical: str | None = None
    """Site-relative address of the canonical page (None: the page itself)."""
    robots: str | None = None
    """`noindex` for pages search engines should leave out."""

    def front_matter(self) -> str:
        """YAML front matter. Material prints `title` and `description` as HTML (MkDocs'
        templates do not escape), so both are escaped here, as navigation titles are."""
        data: dict[str, str] = {
            "title": html.escape(self.title, quote=False),
            "description": html.escape(self.description, quote=False),
        }
        if self.canonical is not None:
            data["nk_canonical"] = self.canonical
        if self.robots:
            data["nk_robots"] = self.robots
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
        return f"---\n{text}---\n\n"


def version_title(version: Version) -> str:
    """`Performance Standard V3`, with `(superseded)`, `(consultation draft)` … when the
    version is not the one in force."""
    word = STATUS_WORDS.get(version.status)
    return f"{version.title} ({_(word)})" if word else version.title


def page_title(name: str, version: Version) -> str:
    return f"{name} · {version_title(version)}" if name else version_title(version)


def prose(plain: str) -> str:
    """A text's plain paragraphs without its tables (their rows, cells joined by ` | `, read
    as noise in a description); empty when what is left only introduces what was taken out
    (it ends with a colon)."""
    blocks = [block for block in plain.split("\n\n") if " | " not in block]
    text = " ".join(blocks).strip()
    return "" if text.endswith(":") else text


def description_text(*texts: str) -> str:
    """The first non-empty text, on one line, cut at a word near `DESCRIPTION_LIMIT`."""
    text = next((t for t in texts if t and t.strip()), "")
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    cut = text[: DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"


def placement(
    standard: Standard, version: Version, counterpart: str | None
) -> tuple[str | None, str | None]:
    """(canonical page, robots) for a page of `version` whose same page in the version in
    force is `counterpart` (None when it has none)."""
    if version.status.is_prerelease:
        return None, "noindex"
    current = standard.latest_published
    if version.status is VersionStatus.PUBLISHED or current is None or current is version:
        return (None, None) if version.status is VersionStatus.PUBLISHED else (None, "noindex")
    if counterpart is None:
        return None, "noindex"
    return counterpart, None


def version_page_identity(
    standard: Standard, version: Version, kind: PageKind, name: str, *descriptions: str
) -> PageIdentity:
    """The identity of a page of a version: `name` (`5 Climate change`, `Glossary` …; empty
    for the overview) and the texts to describe it by, the first non-empty one used."""
    current = standard.latest_published
    counterpart = kind.exact(current) if current is not None else None
    canonical, robots = placement(standard, version, counterpart)
    return PageIdentity(
        title=page_title(name, version),
        description=description_text(*descriptions),
        canonical=canonical,
        robots=robots,
    )
