"""The strip above every version page: status banner, version switcher, applicability filter."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from normkit.model.standard import Standard, Version, VersionStatus
from normkit.outputs.site import urls
from normkit.outputs.site.markup import date_text, esc, raw

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


def _criteria_map(page: str, other: Version, criterion_ids: list[str]) -> str:
    found = {}
    for criterion_id in criterion_ids:
        criterion = urls.find_criterion(other, criterion_id)
        if criterion is not None:
            found[criterion_id] = urls.relative(
                page, urls.criterion_page(other, criterion), criterion_id
            )
    return json.dumps(found, sort_keys=True, separators=(",", ":"))


def switcher(
    standard: Standard, version: Version, page: str, kind: PageKind, ids: list[str]
) -> str:
    options = []
    for other in reversed(standard.versions):
        selected = " selected" if other.name == version.name else ""
        target = urls.relative(page, kind.address(other))
        options.append(
            f'<option value="{esc(target)}" data-version="{esc(other.name)}" '
            f"data-criteria='{esc(_criteria_map(page, other, ids))}'{selected}>"
            f"{esc(version_label(other))}</option>"
        )
    return (
        '<label class="nk-switcher-label">Version '
        f'<select class="nk-switcher">{"".join(options)}</select></label>'
    )


def applicability_filter(standard: Standard) -> str:
    options = ['<option value="">All activities</option>'] + [
        f'<option value="{esc(a.code)}">{esc(a.label)}</option>' for a in standard.applicability
    ]
    return (
        '<label class="nk-filter-label">Applies to '
        f'<select class="nk-applies-filter">{"".join(options)}</select></label>'
    )


def _banner(kind: str, name: str, text: str) -> str:
    return (
        f'<div class="admonition {kind} nk-banner nk-banner-{name}" role="note"><p>{text}</p></div>'
    )


def banner(standard: Standard, version: Version, page: str, kind: PageKind) -> str:
    status = version.status
    if status is VersionStatus.SUPERSEDED or status is VersionStatus.WITHDRAWN:
        successor = standard.version(version.superseded_by) if version.superseded_by else None
        word = "superseded" if status is VersionStatus.SUPERSEDED else "withdrawn"
        text = f"<strong>{esc(version.title)} is {word}</strong> and no longer in force."
        if successor is not None:
            link = urls.relative(page, kind.address(successor))
            text += (
                f' It was replaced by <a class="nk-successor-link" data-version='
                f'"{esc(successor.name)}" href="{esc(link)}">{esc(successor.title)}</a>'
            )
            text += "."
            if successor.transition_end:
                text += (
                    f" The transition period to it ends on {date_text(successor.transition_end)}."
                )
        return _banner("warning", word, text)
    if status.is_prerelease:
        word = "Draft" if status is VersionStatus.DRAFT else "Consultation draft"
        text = f"<strong>{word} — not in force.</strong> {esc(version.title)} is a {status} version"
        if version.consultation_closes:
            text += f"; comments close on {date_text(version.consultation_closes)}"
        text += "."
        return _banner("danger", str(status), text)
    return ""


def version_bar(
    standard: Standard,
    version: Version,
    page: str,
    kind: PageKind,
    criterion_ids: list[str],
) -> str:
    """Banner, switcher and (on pages with criteria) the applicability filter, as raw HTML."""
    controls = switcher(standard, version, page, kind, criterion_ids)
    if criterion_ids and standard.applicability:
        controls += applicability_filter(standard)
    rank = SEARCH_RANK[version.status]
    content = (
        f'<div data-pagefind-ignore="all">{banner(standard, version, page, kind)}'
        f'<div class="nk-controls">{controls}</div></div>'
        f'<span data-pagefind-filter="rank:{rank}"></span>'
        f'<span data-pagefind-meta="version:{esc(version.title)}"></span>'
    )
    return raw(content, "nk-version-bar", data_status=str(version.status))
