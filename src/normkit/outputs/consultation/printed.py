"""The consultation report as a PDF: `pdf/<standard>-<version>-consultation.pdf`, a document of
the PDF output (rendered and cached like the others), and `pdf/<language>/…` for each language
the draft is translated into, in the words of that language as the site's report is."""

from __future__ import annotations

from normkit.model.consultation import Comment, ConsultationRound, RoundState
from normkit.model.corpus import Corpus
from normkit.model.standard import Standard, Version
from normkit.model.validity import format_date
from normkit.outputs.consultation.chart import chart_svg
from normkit.outputs.consultation.report import Report, build_report, decision_key, reports
from normkit.outputs.consultation.text import paragraphs
from normkit.outputs.consultation.words import decision_label, state_label, type_label
from normkit.outputs.pdf.fonts import page_of, print_language
from normkit.outputs.pdf.source import PrintJob, SourceBuilder, content, date, pairs, string
from normkit.outputs.templating import render_template
from normkit.translations.labels import _


def report_name(version: Version) -> str:
    """`<standard>-<version>-consultation`; a translation's is under `<language>/`."""
    name = f"{version.standard}-{version.name}-consultation"
    return f"{version.translation.language}/{name}" if version.translation else name


def _addressed(successor: Version | None, comment: Comment) -> list[str]:
    response = comment.response
    if response is None:
        return []
    named = []
    for item in response.addressed_in:
        criterion_id, _dot, part = item.partition(".")
        criterion = successor.criterion(criterion_id) if successor else None
        if successor is None or criterion is None or not criterion.number:
            named.append(item)
        else:
            number = f"{criterion.number}.{part}" if part else criterion.number
            named.append(
                _("%(number)s of %(title)s") % {"number": number, "title": successor.title}
            )
    return named


def _facts(report: Report, successor: Version | None) -> list[tuple[str, str]]:
    """The cover's facts, in the words of the site's report."""
    found = report.round
    closes = _("Comments close") if found.state is RoundState.OPEN else _("Comments closed")
    received = _(
        "%(count)s from %(organisations)s organisations in %(groups)s stakeholder groups; "
        "%(answered)s answered"
    ) % {
        "count": len(report.comments),
        "organisations": report.organisations,
        "groups": report.groups_heard,
        "answered": report.answered,
    }
    rows = [
        (_("Draft"), f"{report.version.title} ({report.version.name})"),
        (_("Published for comment"), format_date(found.opened) or "—"),
        (closes, format_date(found.closes) or "—"),
        (_("Comments"), received),
    ]
    return rows + ([(_("Next version"), successor.title)] if successor else [])


def _html(report: Report, part: str, successor: Version | None) -> str:
    return str(
        render_template(
            "normkit.outputs.consultation",
            "print.html.j2",
            part=part,
            report=report,
            paragraphs=paragraphs,
            decision=decision_key,
            decision_label=decision_label,
            type_label=type_label,
            addressed=lambda comment: _addressed(successor, comment),
        )
    )


def _strings(values: tuple[str, ...]) -> str:
    """A typst array of strings."""
    return "(" + "".join(string(value) + ", " for value in values) + ")"


def report_job(standard: Standard, version: Version, found: ConsultationRound) -> PrintJob:
    """The report in the language being written (`labels_in`): normkit's words translated,
    the draft's titles as its translation gives them, comments and responses as written."""
    language = print_language(version.translation.language if version.translation else "")
    report = build_report(standard, version, found)
    successor = standard.version(version.superseded_by) if version.superseded_by else None
    title = _("Consultation report: %(title)s") % {"title": version.title}
    state = _("Consultation %(state)s") % {"state": state_label(found.state)}
    subject = _("Comments received on %(title)s and the responses") % {"title": version.title}
    author = standard.owner or standard.title
    region = string(language.region) if language.region else "none"
    builder = SourceBuilder()
    builder.add(
        "#show: nk-document.with("
        f"title: {string(title)}, author: {string(author)}, subject: {string(subject)}, "
        f"header-left: {content(title)}, header-right: {content(state)}, "
        f"footer-left: {content(author)}, date: {date(found.closes)}, chapter-breaks: false, "
        f"lang: {string(language.lang)}, region: {region}, "
        f"fonts: {_strings(language.fonts)}, mono: {_strings(language.mono)}, "
        f"page-of: {_strings(page_of())})"
    )
    builder.add(
        f"#nk-cover(kicker: {string(author)}, title: {string(title)}, "
        f"subtitle: {string(standard.title)}, status: {string(state)}, "
        f"facts: {pairs(_facts(report, successor))}, full-page: false)"
    )
    builder.add(builder.fragment(_html(report, "round", successor)))
    if report.comments:
        fonts = ", ".join(language.fonts)
        svg = chart_svg(report, font=fonts, ident="nk-print-chart")
        caption = _(
            "Comments per %(level)s, by decision (the tables below give the same figures)."
        ) % {"level": report.level_name}
        alt = _("Bar chart: %(caption)s") % {"caption": caption}
        builder.add(
            f'#figure(image(bytes({string(svg)}), format: "svg", width: 100%, '
            f"alt: {string(alt)}), caption: {content(caption)})"
        )
    builder.add(builder.fragment(_html(report, "rest", successor)))
    return builder.job(
        report_name(version), dated=found.closes is not None, font_paths=language.font_paths
    )


def report_jobs(corpus: Corpus) -> list[PrintJob]:
    """A report per round; in a translated corpus, for the drafts it translates (called
    within `labels_in` of its language)."""
    return [
        report_job(standard, version, found)
        for standard, version, found in reports(corpus)
        if not corpus.language or version.translation is not None
    ]
