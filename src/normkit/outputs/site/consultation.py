"""The consultation report page, `/<standard>/<version>/consultation/`, and the comment counts
that criterion pages of the draft link to it with."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markupsafe import Markup

from normkit.model.consultation import Comment, ConsultationRound, RoundState, TargetKind
from normkit.model.corpus import Corpus
from normkit.model.standard import Standard, Version
from normkit.outputs.consultation.chart import chart_svg
from normkit.outputs.consultation.json_files import report_path
from normkit.outputs.consultation.report import Entry, build_report, decision_key
from normkit.outputs.consultation.text import paragraphs
from normkit.outputs.consultation.words import decision_label, state_label, type_label
from normkit.outputs.site import urls
from normkit.outputs.site.bar import PageKind, version_bar
from normkit.outputs.site.markup import date_text, md_text, raw
from normkit.outputs.templating import render_template
from normkit.translations.labels import _


def comment_counts(corpus: Corpus, version: Version) -> dict[str, int]:
    """Comments on each criterion of a draft (its parts' included)."""
    found = corpus.consultation(version)
    if found is None:
        return {}
    return dict(Counter(c.target.criterion_id for c in found.comments if c.target.criterion_id))


def consultation_tools(
    corpus: Corpus, version: Version, page: str, downloads: list[str]
) -> list[tuple[str, str]]:
    """Links for a draft's overview: the comment form while comments are open, the report."""
    found = corpus.consultation(version)
    if found is None:
        return []
    # By the file, not the label: on a translated page the label is in its language.
    forms = ("-comments.xlsx", "-comments.csv")
    links = [
        (url, label)
        for url, label in _links(page, version, found, downloads)
        if url.endswith(forms)
    ]
    report = (urls.relative(page, urls.consultation_page(version)), _("Consultation report"))
    return [*links, report]


def _entry_url(page: str, version: Version, entry: Entry) -> str:
    target = entry.target
    if target.kind is TargetKind.SECTION:
        return urls.relative(page, urls.section_page(version, target.key))
    criterion = urls.find_criterion(version, target.criterion_id or "")
    if criterion is None:
        return ""
    anchor = target.key if target.kind is TargetKind.PART else criterion.id
    return urls.relative(page, urls.criterion_page(version, criterion), anchor)


def _addressed(page: str, successor: Version | None, comment: Comment) -> list[tuple[str, str]]:
    """(url, label) of each place in the next version that the response names."""
    response = comment.response
    if response is None:
        return []
    found: list[tuple[str, str]] = []
    for item in response.addressed_in:
        criterion_id, _dot, part = item.partition(".")
        criterion = urls.find_criterion(successor, criterion_id) if successor else None
        if successor is None or criterion is None:
            found.append(("", item))
            continue
        number = f"{criterion.number}.{part}" if part and criterion.number else criterion.number
        label = _("%(number)s of %(title)s") % {"number": number or item, "title": successor.title}
        found.append((urls.relative(page, urls.criterion_page(successor, criterion), item), label))
    return found


def _links(
    page: str, version: Version, found: ConsultationRound, downloads: list[str]
) -> list[tuple[str, str]]:
    here = urls.relative(page, "downloads/")
    links = []
    stem = f"{version.standard}-{version.name}"
    language = f"{version.translation.language}/" if version.translation else ""
    wanted = [
        (
            f"consultation/{stem}-comments.xlsx",
            _("Comment form (XLSX)"),
            found.state is RoundState.OPEN,
        ),
        (
            f"consultation/{stem}-comments.csv",
            _("Comment form (CSV)"),
            found.state is RoundState.OPEN,
        ),
        (f"pdf/{language}{stem}-consultation.pdf", _("This report as PDF"), True),
        (f"json/{report_path(version.standard, version.name)}", _("This report as JSON"), True),
    ]
    for path, label, shown in wanted:
        if shown and path in downloads:
            links.append((here + path, label))
    return links


def consultation_page(
    corpus: Corpus,
    standard: Standard,
    version: Version,
    found: ConsultationRound,
    downloads: list[str],
) -> str:
    page = urls.consultation_page(version)
    report = build_report(standard, version, found)
    successor = standard.version(version.superseded_by) if version.superseded_by else None
    entries: list[dict[str, Any]] = []
    anchored: set[str] = set()
    for entry in report.entries:
        # A criterion's comment count links to `comments-<id>`: where only its parts have
        # comments, the first of them carries that anchor too.
        criterion_id = entry.target.criterion_id
        also = f"comments-{criterion_id}" if criterion_id and criterion_id not in anchored else ""
        if criterion_id:
            anchored.add(criterion_id)
        entries.append(
            {
                "anchor": entry.anchor,
                "also": also if also != entry.anchor else "",
                "label": entry.label,
                "url": _entry_url(page, version, entry),
                "comments": entry.comments,
            }
        )
    body = render_template(
        "normkit.outputs.consultation",
        "site.html.j2",
        report=report,
        entries=entries,
        chart=Markup(chart_svg(report)) if report.comments else "",  # our template's SVG
        opened=date_text(found.opened),
        closes=date_text(found.closes),
        draft_url=urls.relative(page, urls.version_page(version)),
        successor={
            "url": urls.relative(page, urls.version_page(successor)),
            "title": successor.title,
        }
        if successor
        else None,
        links=_links(page, version, found, downloads),
        paragraphs=paragraphs,
        decision=decision_key,
        decision_label=decision_label,
        type_label=type_label,
        state_label=state_label,
        addressed=lambda comment: _addressed(page, successor, comment),
    )
    bar = version_bar(standard, version, page, PageKind("consultation"), [])
    title = _("Consultation report: %(title)s") % {"title": version.title}
    return f"{bar}\n# {md_text(title)}\n{raw(body, 'nk-consultation')}"
