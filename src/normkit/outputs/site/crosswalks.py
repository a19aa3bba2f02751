"""Crosswalks on the site: a page per crosswalk (who the other scheme is, what changed since
the review, coverage per section, every entry) and, under each criterion, its entries:
"Related requirements in other schemes"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from normkit.crosswalks.table import CrosswalkTable, crosswalk_table
from normkit.derived import Derived
from normkit.model.crosswalk import RELATIONSHIP_ORDER, Relationship
from normkit.model.standard import Criterion, Standard, Version
from normkit.model.translation import SOURCE_LANGUAGE
from normkit.outputs.site import urls
from normkit.outputs.site.identity import PageIdentity, description_text
from normkit.outputs.site.lineage import reader_name
from normkit.outputs.site.markup import html, md_text, raw
from normkit.translations.labels import N_, _, current_language

READING = {
    Relationship.EQUAL: N_("equal to"),
    Relationship.SUBSET_OF: N_("subset of"),
    Relationship.SUPERSET_OF: N_("superset of"),
    Relationship.INTERSECTS_WITH: N_("intersects with"),
    Relationship.NO_RELATIONSHIP: N_("no relationship to"),
}
"""How an entry reads after "this criterion is …"; an entry without a clause reads
"no counterpart". Labels: a translated criterion page shows them in its language."""


@dataclass(frozen=True, slots=True)
class SchemeView:
    """A crosswalk as seen from one version's pages."""

    table: CrosswalkTable
    reviewed_here: bool
    """Whether the pages are of the version the crosswalk was reviewed against."""
    changed: frozenset[str]
    """Ids of criteria that changed between the review and this version."""


def _lineage(standard: Standard, version: Version) -> list[str]:
    """The version and those it supersedes, newest first."""
    names: list[str] = []
    current: Version | None = version
    while current is not None and current.name not in names:
        names.append(current.name)
        current = standard.version(current.supersedes) if current.supersedes else None
    return names


def tables(derived: Derived) -> list[CrosswalkTable]:
    found = (crosswalk_table(derived, c) for c in derived.corpus.crosswalks)
    return [table for table in found if table is not None]


def views_for(all_tables: list[CrosswalkTable], version: Version) -> tuple[SchemeView, ...]:
    """The crosswalks that speak for a version's criteria: those reviewed against it or
    against a version it descends from."""
    views = []
    for table in all_tables:
        if table.standard.slug != version.standard:
            continue
        lineage = _lineage(table.standard, version)
        if table.version.name not in lineage:
            continue
        changed = frozenset(
            criterion_id
            for criterion_id, change in table.changes.items()
            if change.version.name in lineage
        )
        # By name: a translated version is another object for the same version.
        reviewed_here = table.version.name == version.name
        views.append(SchemeView(table=table, reviewed_here=reviewed_here, changed=changed))
    return tuple(views)


def _scheme_title(table: CrosswalkTable) -> str:
    scheme = table.crosswalk.scheme
    return f"{scheme.title} {scheme.version}".strip()


def related(views: tuple[SchemeView, ...], criterion: Criterion, page: str) -> list[dict[str, Any]]:
    """The criterion's entries per crosswalk, for `related.html.j2`, with the labels of the
    language being written. Crosswalk pages are the source language's: a translated page
    links them as such (`hreflang`), and marks the crosswalk's own words as theirs (`lang`)."""
    schemes = []
    source = SOURCE_LANGUAGE if current_language() else ""
    for view in views:
        entries = view.table.crosswalk.entries_for(criterion.id)
        if not entries:
            continue
        note = ""
        if not view.reviewed_here:
            reviewed = reader_name(view.table.version)
            note = (
                _("reviewed against %(version)s; this criterion has changed since")
                if criterion.id in view.changed
                else _("reviewed against %(version)s")
            ) % {"version": reviewed}
        schemes.append(
            {
                "title": _scheme_title(view.table),
                "url": urls.relative(page, crosswalk_page(view.table.crosswalk.slug)),
                "source": source,
                "note": note,
                "entries": [
                    {
                        "part": _part_number(criterion, e.part),
                        "relationship": e.relationship.value,
                        "reading": _(READING[e.relationship]) if e.clause else _("no counterpart"),
                        "clause": e.clause,
                        "title": e.clause_title,
                        "note": e.note,
                    }
                    for e in entries
                ],
            }
        )
    return schemes


def related_block(views: tuple[SchemeView, ...], criterion: Criterion, page: str) -> str:
    schemes = related(views, criterion, page)
    return str(html("related.html.j2", schemes=schemes)) if schemes else ""


def _part_number(criterion: Criterion, part: str | None) -> str:
    if part is None:
        return ""
    found = next((p for p in criterion.parts if p.label == part), None)
    return found.number if found else f"{criterion.number}.{part}"


def crosswalks_page() -> str:
    return "crosswalks/"


def crosswalk_page(slug: str) -> str:
    return f"crosswalks/{slug}/"


def _coverage(table: CrosswalkTable, page: str) -> list[dict[str, Any]]:
    rows = []
    for row in table.coverage:
        rows.append(
            {
                "label": row.section.label,
                "url": urls.relative(page, urls.section_page(table.version, row.section.key)),
                "criteria": len(row.criteria),
                "percent": round(100 * row.share),
                "counts": [row.counts[r] for r in RELATIONSHIP_ORDER] + [row.counts[None]],
                "total": False,
            }
        )
    total = sum(len(row.criteria) for row in table.coverage)
    mapped = sum(row.mapped for row in table.coverage)
    rows.append(
        {
            "label": "All criteria",
            "url": "",
            "criteria": total,
            "percent": round(100 * mapped / total) if total else 0,
            "counts": [sum(row.counts[r] for row in table.coverage) for r in RELATIONSHIP_ORDER]
            + [sum(row.counts[None] for row in table.coverage)],
            "total": True,
        }
    )
    return rows


def crosswalk_page_markdown(table: CrosswalkTable, downloads: list[tuple[str, str]]) -> str:
    crosswalk, version = table.crosswalk, table.version
    scheme = crosswalk.scheme
    page = crosswalk_page(crosswalk.slug)
    facts: list[tuple[str, str, str]] = [
        ("Our standard", version.title, urls.relative(page, urls.version_page(version))),
        ("Their scheme", _scheme_title(table), scheme.url),
    ]
    facts.extend(
        (name, value, "")
        for name, value in (
            ("Published by", scheme.owner),
            ("Licence", scheme.licence),
            ("Reviewed against", version.title),
            ("Reviewed on", crosswalk.reviewed.isoformat() if crosswalk.reviewed else ""),
        )
        if value
    )
    changed = []
    for criterion_id, change in table.changes.items():
        criterion = urls.find_criterion(version, criterion_id)
        if criterion is not None:
            target = urls.criterion_page(version, criterion)
            changed.append(
                {
                    "url": urls.relative(page, target, criterion.id),
                    "label": criterion.label,
                    "change": change.summary,
                    "version": change.version.title,
                }
            )
    entries = [
        {
            "url": urls.relative(page, urls.criterion_page(version, criterion), criterion.id),
            "number": _part_number(criterion, entry.part) or criterion.number or criterion.id,
            "title": criterion.title,
            "relationship": entry.relationship.value,
            "label": entry.relationship.label,
            "clause": entry.clause,
            "clause_title": entry.clause_title,
            "note": entry.note,
            "changed": entry.criterion_id in table.changes,
        }
        for entry, criterion in table.rows
    ]
    view = {
        "description": crosswalk.description,
        "facts": facts,
        "downloads": [
            (urls.relative(page, "downloads/") + path, label) for path, label in downloads
        ],
        "reviewed_against": reader_name(version),
        "changed": changed,
        "relationships": [r.label.capitalize() for r in RELATIONSHIP_ORDER],
        "coverage": _coverage(table, page),
        "entries": entries,
    }
    title = f"{version.title} and {_scheme_title(table)}"
    head = PageIdentity(
        f"Crosswalk: {_scheme_title(table)}",
        description_text(crosswalk.description, f"How {title} relate."),
    )
    return f"{head.front_matter()}# {md_text(title)}\n\n" + raw(
        str(html("crosswalk.html.j2", view=view)), "nk-crosswalk"
    )


def index_markdown(all_tables: list[CrosswalkTable]) -> str:
    page = crosswalks_page()
    lines = [
        f"- [{md_text(_scheme_title(t))}]({urls.relative(page, crosswalk_page(t.crosswalk.slug))})"
        f" — {md_text(t.version.title)}"
        for t in all_tables
    ]
    head = PageIdentity(
        "Crosswalks to other schemes",
        "How our standards relate to other schemes, clause by clause.",
    )
    intro = (
        "How the criteria of our standards relate to the requirements of other schemes, "
        "for benchmarking and mutual recognition."
    )
    return f"{head.front_matter()}# Crosswalks\n\n{intro}\n\n" + "\n".join(lines) + "\n"


def crosswalk_downloads(slug: str, files: list[str]) -> list[tuple[str, str]]:
    """The crosswalk's files among the site's downloads, labelled."""
    wanted = {
        f"crosswalks/{slug}.xlsx": "Spreadsheet (XLSX)",
        f"crosswalks/{slug}.csv": "CSV",
        f"oscal/crosswalks/{slug}.json": "OSCAL mapping collection",
    }
    return [(path, wanted[path]) for path in sorted(wanted) if path in files]
