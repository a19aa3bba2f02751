"""The strip above every version page: status banner, version switcher, applicability filter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from normkit.model.standard import Standard, Version, VersionStatus
from normkit.outputs.site import urls
from normkit.outputs.site.markup import date_text, html, raw

SEARCH_RANK = {
    VersionStatus.PUBLISHED: "current",
    VersionStatus.DRAFT: "upcoming",
    VersionStatus.CONSULTATION: "upcoming",
    VersionStatus.SUPERSEDED: "older",
    VersionStatus.WITHDRAWN: "older",
}
"""Pagefind filter value per status; search lists current, then upcoming, then older pages."""


@dataclass(frozen=True, slots=True)
class PageKind:
    """Which page of a version this is, so the same page can be found in another version."""

    kind: str
    """`overview`, `section`, `glossary`, `explorer` or `changes`."""
    key: str = ""
    """The section key for `section` pages."""

    def address(self, version: Version) -> str:
        if self.kind == "glossary":
            return urls.glossary_page(version)
        if self.kind == "explorer":
            return urls.explorer_page(version)
        if self.kind == "changes" and version.supersedes:
            return urls.changes_page(version)
        if self.kind == "section" and urls.find_section(version, self.key) is not None:
            return urls.section_page(version, self.key)
        return urls.version_page(version)


def version_label(version: Version) -> str:
    name = version.name.upper() if re.fullmatch(r"v\d+", version.name) else version.name
    return f"{name} ({version.status})"


def _criteria_map(page: str, other: Version, criterion_ids: list[str]) -> dict[str, str]:
    """Where each criterion of this page is in another version (for the switcher's script)."""
    found = {}
    for criterion_id in criterion_ids:
        criterion = urls.find_criterion(other, criterion_id)
        if criterion is not None:
            found[criterion_id] = urls.relative(
                page, urls.criterion_page(other, criterion), criterion_id
            )
    return found


def _options(
    standard: Standard, version: Version, page: str, kind: PageKind, ids: list[str]
) -> list[dict[str, Any]]:
    return [
        {
            "url": urls.relative(page, kind.address(other)),
            "name": other.name,
            "criteria": _criteria_map(page, other, ids),
            "selected": other.name == version.name,
            "label": version_label(other),
        }
        for other in reversed(standard.versions)
    ]


def _banner(standard: Standard, version: Version, page: str, kind: PageKind) -> dict[str, Any]:
    """What the status banner says; empty for a version in force."""
    status = version.status
    if status is VersionStatus.SUPERSEDED or status is VersionStatus.WITHDRAWN:
        successor = standard.version(version.superseded_by) if version.superseded_by else None
        return {
            "retired": True,
            "word": "superseded" if status is VersionStatus.SUPERSEDED else "withdrawn",
            "title": version.title,
            "successor": successor,
            "successor_url": urls.relative(page, kind.address(successor)) if successor else "",
            "transition_end": (
                date_text(successor.transition_end)
                if successor and successor.transition_end
                else ""
            ),
        }
    if status.is_prerelease:
        return {
            "retired": False,
            "word": "Draft" if status is VersionStatus.DRAFT else "Consultation draft",
            "title": version.title,
            "status": str(status),
            "closes": date_text(version.consultation_closes) if version.consultation_closes else "",
        }
    return {}


def version_bar(
    standard: Standard,
    version: Version,
    page: str,
    kind: PageKind,
    criterion_ids: list[str],
) -> str:
    """Banner, switcher and (on pages with criteria) the applicability filter, as raw HTML."""
    content = html(
        "bar.html.j2",
        banner=_banner(standard, version, page, kind),
        options=_options(standard, version, page, kind, criterion_ids),
        applicability=standard.applicability if criterion_ids else (),
        rank=SEARCH_RANK[version.status],
        version_title=version.title,
    )
    return raw(content, "nk-version-bar", data_status=str(version.status))
