"""The strip above every version page: status banner, version switcher, applicability filter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from normkit.model.standard import Standard, Version, VersionStatus
from normkit.model.validity import format_date, validity
from normkit.outputs.site import urls
from normkit.outputs.site.lineage import short_name, switch_targets
from normkit.outputs.site.markup import html, raw
from normkit.outputs.site.search_records import version_filters
from normkit.revisions.criterion_lineage import CriterionLineage
from normkit.translations.labels import _


@dataclass(frozen=True, slots=True)
class PageKind:
    """Which page of a version this is, so the same page can be found in another version."""

    kind: str
    """`overview`, `section`, `glossary`, `explorer` or `changes`."""
    key: str = ""
    """The section key for `section` pages."""

    def exact(self, version: Version) -> str | None:
        """The same page in `version`, or None when that version has no such page."""
        if self.kind == "section" and urls.find_section(version, self.key) is None:
            return None
        if self.kind == "changes" and not version.supersedes:
            return None
        return self.address(version)

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
    return f"{short_name(version)} ({_(str(version.status))})"


def _criteria_map(
    lineage: CriterionLineage | None,
    page: str,
    version: Version,
    other: Version,
    criterion_ids: list[str],
) -> dict[str, list[dict[str, str]]]:
    """Where each criterion of this page is in another version (for the switcher's script):
    one target, several after a split, or the What-changed entry of its removal."""
    found = {}
    for criterion_id in criterion_ids:
        targets = switch_targets(lineage, page, version, criterion_id, other)
        if targets:
            found[criterion_id] = [{"url": t.url, "label": t.label} for t in targets]
    return found


def _options(
    standard: Standard,
    version: Version,
    page: str,
    kind: PageKind,
    ids: list[str],
    lineage: CriterionLineage | None,
) -> list[dict[str, Any]]:
    return [
        {
            "url": urls.relative(page, kind.address(other)),
            "name": other.name,
            "criteria": _criteria_map(lineage, page, version, other, ids),
            "selected": other.name == version.name,
            "label": version_label(other),
        }
        for other in reversed(standard.versions)
    ]


def banner(standard: Standard, version: Version, page: str, kind: PageKind) -> dict[str, Any]:
    """What the status banner says; for a version in force, only a draft successor."""
    status = version.status
    period = validity(standard, version)
    draft = period.draft_successor
    draft_note = (
        {
            "title": draft.title,
            "url": urls.relative(page, kind.address(draft)),
            "name": draft.name,
            "closes": format_date(draft.consultation_closes),
            "consultation": draft.status is VersionStatus.CONSULTATION,
        }
        if draft is not None
        else None
    )
    if status is VersionStatus.SUPERSEDED or status is VersionStatus.WITHDRAWN:
        successor = period.successor
        return {
            "kind": "retired",
            "word": str(status),
            "status_word": _(str(status)),
            "title": version.title,
            "successor": successor,
            "successor_url": urls.relative(page, kind.address(successor)) if successor else "",
            "until": format_date(period.in_force_until),
        }
    if status.is_prerelease:
        return {
            "kind": "prerelease",
            "word": _("Draft") if status is VersionStatus.DRAFT else _("Consultation draft"),
            "title": version.title,
            "status": str(status),
            "status_word": _(str(status)),
            "closes": format_date(version.consultation_closes),
        }
    return {"kind": "draft-successor", "draft": draft_note} if draft_note else {"kind": ""}


def _translation_banner(version: Version, page: str) -> dict[str, str] | None:
    """Every page of a translated version says the English prevails, and links it."""
    if version.translation is None:
        return None
    english = urls.in_language(page, "", version.translation.language)
    return {"source_url": urls.relative(page, english)}


def version_bar(
    standard: Standard,
    version: Version,
    page: str,
    kind: PageKind,
    criterion_ids: list[str],
    lineage: CriterionLineage | None = None,
) -> str:
    """Banner, switcher and (on pages with criteria) the applicability filter, as raw HTML."""
    content = html(
        "bar.html.j2",
        banner=banner(standard, version, page, kind),
        options=_options(standard, version, page, kind, criterion_ids, lineage),
        applicability=standard.applicability if criterion_ids else (),
        filters=[("kind", kind.kind), *version_filters(standard, version)],
        translation=_translation_banner(version, page),
    )
    return raw(content, "nk-version-bar", data_status=str(version.status))
