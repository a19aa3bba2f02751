"""The consultation report as a PDF: `pdf/<standard>-<version>-consultation.pdf`, a document of
the PDF output (rendered and cached like the others)."""

from __future__ import annotations

from normkit.model.consultation import Comment, ConsultationRound, RoundState
from normkit.model.corpus import Corpus
from normkit.model.standard import Standard, Version
from normkit.model.validity import format_date
from normkit.outputs.consultation.chart import chart_svg
from normkit.outputs.consultation.report import Report, build_report, decision_key, reports
from normkit.outputs.consultation.text import paragraphs
from normkit.outputs.pdf.source import PrintJob, SourceBuilder, content, date, pairs, string
from normkit.outputs.templating import render_template


def report_name(version: Version) -> str:
    return f"{version.standard}-{version.name}-consultation"


def _addressed(successor: Version | None, comment: Comment) -> list[str]:
    response = comment.response
    if response is None:
        return []
    named = []
    for item in response.addressed_in:
        criterion_id, _, part = item.partition(".")
        criterion = successor.criterion(criterion_id) if successor else None
        if successor is None or criterion is None or not criterion.number:
            named.append(item)
        else:
            number = f"{criterion.number}.{part}" if part else criterion.number
            named.append(f"{number} of {successor.title}")
    return named


def _facts(report: Report, successor: Version | None) -> list[tuple[str, str]]:
    found = report.round
    closes = "Comments close" if found.state is RoundState.OPEN else "Comments closed"
    rows = [
        ("Draft", f"{report.version.title} ({report.version.name})"),
        ("Published for comment", format_date(found.opened) or "—"),
        (closes, format_date(found.closes) or "—"),
        (
            "Comments received",
            f"{len(report.comments)} from {report.organisations} organisations in "
            f"{report.groups_heard} stakeholder groups",
        ),
        ("Comments answered", str(report.answered)),
    ]
    return rows + ([("Next version", successor.title)] if successor else [])


def _html(report: Report, part: str, successor: Version | None) -> str:
    return str(
        render_template(
            "normkit.outputs.consultation",
            "print.html.j2",
            part=part,
            report=report,
            paragraphs=paragraphs,
            decision=decision_key,
            addressed=lambda comment: _addressed(successor, comment),
        )
    )


def report_job(standard: Standard, version: Version, found: ConsultationRound) -> PrintJob:
    report = build_report(standard, version, found)
    successor = standard.version(version.superseded_by) if version.superseded_by else None
    title = f"Consultation report: {version.title}"
    state = f"Consultation {found.state}"
    author = standard.owner or standard.title
    builder = SourceBuilder()
    builder.add(
        "#show: nk-document.with("
        f"title: {string(title)}, author: {string(author)}, "
        f"subject: {string('Comments received on ' + version.title + ' and the responses')}, "
        f"header-left: {content(title)}, header-right: {content(state)}, "
        f"footer-left: {content(author)}, date: {date(found.closes)}, chapter-breaks: false)"
    )
    builder.add(
        f"#nk-cover(kicker: {string(author)}, title: {string(title)}, "
        f"subtitle: {string(standard.title)}, status: {string(state)}, "
        f"facts: {pairs(_facts(report, successor))}, full-page: false)"
    )
    builder.add(builder.fragment(_html(report, "round", successor)))
    if report.comments:
        svg = chart_svg(report, font="Libertinus Serif", ident="nk-print-chart")
        caption = f"Comments per {report.level_name}, by decision."
        alt = f"Bar chart: {caption} The tables that follow give the same figures."
        builder.add(
            f'#figure(image(bytes({string(svg)}), format: "svg", width: 100%, '
            f"alt: {string(alt)}), caption: {content(caption)})"
        )
    builder.add(builder.fragment(_html(report, "rest", successor)))
    return builder.job(report_name(version), dated=found.closes is not None)


def report_jobs(corpus: Corpus) -> list[PrintJob]:
    return [report_job(standard, version, found) for standard, version, found in reports(corpus)]
