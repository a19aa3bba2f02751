"""The Markdown of the home, standard, overview, section and glossary pages."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.standard import Section, Standard, Version
from normkit.model.validity import format_date, in_force_text, validity
from normkit.outputs.site import urls
from normkit.outputs.site.bar import PageKind, version_bar
from normkit.outputs.site.consultation import consultation_tools
from normkit.outputs.site.criteria import CriterionContext, note_block, render
from normkit.outputs.site.identity import (
    PageIdentity,
    description_text,
    prose,
    version_page_identity,
)
from normkit.outputs.site.links import LinkContext, rewrite
from normkit.outputs.site.markup import field_rows, html, md_text, raw
from normkit.translations.labels import N_, _
from normkit.translations.languages import own_name

SectionLink = tuple[str, str, list[Any]]
"""(url, label, sub-section links) for the nested contents lists."""


def _versions(page: str, standard: Standard) -> list[dict[str, str]]:
    return [
        {
            "url": urls.relative(page, urls.version_page(v)),
            "title": v.title,
            "status": str(v.status),
            "published": format_date(v.published) or "—",
            "in_force": in_force_text(standard, v),
        }
        for v in reversed(standard.versions)
    ]


def _standard_block(page: str, standard: Standard, *, rank: str, in_force: bool) -> Markup:
    latest = standard.latest_published if in_force else None
    return html(
        "standard.html.j2",
        rank=rank,
        standard=standard,
        latest={
            "url": urls.relative(
                page,
                urls.version_page(latest)
                if latest.translation is not None
                else urls.latest_page(standard.slug),
            ),
            "title": latest.title,
        }
        if latest
        else None,
        versions=_versions(page, standard),
    )


def home(corpus: Corpus) -> str:
    """The home page (of the corpus's language: a translation's lists its standards)."""
    names = ", ".join(s.title for s in corpus.standards)
    head = PageIdentity(corpus.title, description_text(f"{corpus.title}: {names}."))
    parts = [
        head.front_matter(),
        f"# {md_text(corpus.title)}\n",
        raw('<span data-pagefind-filter="rank:current"></span>'),
    ]
    for standard in corpus.standards:
        parts.append(f"## {md_text(standard.title)} {{ #{standard.slug} }}\n")
        block = _standard_block(urls.home(corpus.language), standard, rank="", in_force=True)
        parts.append(raw(block, "nk-standard"))
    return "\n".join(parts)


def standard_index(standard: Standard, language: str = "") -> str:
    page = urls.standard_page(standard.slug, language)
    block = _standard_block(page, standard, rank="current", in_force=False)
    head = PageIdentity(
        _("{title}: all versions").format(title=standard.title),
        description_text(
            standard.description, _("Every version of {title}.").format(title=standard.title)
        ),
    )
    return f"{head.front_matter()}# {md_text(standard.title)}\n" + raw(block)


def _section_links(page: str, version: Version, sections: tuple[Section, ...]) -> list[SectionLink]:
    return [
        (
            urls.relative(page, urls.section_page(version, s.key)),
            f"{s.number} {s.title}".strip(),
            _section_links(page, version, s.children),
        )
        for s in sections
    ]


def _version_link(page: str, other: Version | None, note: str = "") -> dict[str, str] | None:
    if other is None:
        return None
    url = urls.relative(page, urls.version_page(other))
    return {"url": url, "title": other.title, "note": note}


DOWNLOAD_KINDS = {
    "json": N_("Criteria JSON"),
    "pdf": N_("PDF"),
    "docx": N_("Word"),
    "diff": N_("Changes"),
    "consultation": N_("Comment form"),
    "oscal": N_("OSCAL"),
    "checklists": N_("Assurance checklist"),
}


def _download_label(path: str) -> str:
    parts = path.split("/")
    name = parts[-1]
    if name == "consultation.json" or name.endswith("-consultation.pdf"):
        report = _("Consultation report (%(format)s)") % {"format": parts[0].upper()}
        return f"{report}: {name}"
    kind = _(DOWNLOAD_KINDS.get(parts[0], parts[0]))
    if parts[0] in ("pdf", "docx") and len(parts) == 3:  # a translation: `pdf/fr/…`
        kind = f"{kind} ({own_name(parts[1])})"
    return f"{kind}: {name}"


def overview(corpus: Corpus, standard: Standard, version: Version, downloads: list[str]) -> str:
    page = urls.version_page(version)
    period = validity(standard, version)
    facts: list[tuple[str, object]] = [
        (_("Published"), format_date(version.published) or None),
        (_("In force"), in_force_text(standard, version)),
    ]
    if version.consultation_closes and version.status.is_prerelease:
        facts.append((_("Consultation closes"), format_date(version.consultation_closes)))
    if period.predecessor is not None:
        facts.append((_("Supersedes"), _version_link(page, period.predecessor)))
        if period.transition_end:
            old = period.predecessor.title
            when = format_date(period.transition_end)
            transition = _("{title} may be used until {date}").format(title=old, date=when)
            facts.append((_("Transition"), transition))
    if period.successor is not None:
        facts.append((_("Superseded by"), _version_link(page, period.successor)))
    draft = period.draft_successor
    if draft is not None:
        closes = format_date(draft.consultation_closes)
        note = ", " + _("consultation open until %(date)s") % {"date": closes} if closes else ""
        facts.append((_("Draft successor"), _version_link(page, draft, note)))
    facts.append((_("Criteria"), str(sum(1 for _c in version.active_criteria()))))
    withdrawn = sum(1 for c in version.criteria() if c.is_withdrawn)
    if withdrawn:
        facts.append((_("Withdrawn criteria"), str(withdrawn)))
    if version.translation is not None:
        coverage = version.translation.coverage
        share = _("%(percent)s %% translated and current") % {"percent": coverage.percent}
        facts.append((_("Translation"), share))
    tools = [
        (urls.relative(page, urls.glossary_page(version)), _("Glossary")),
        (urls.relative(page, urls.explorer_page(version)), _("Criteria explorer")),
    ]
    if version.supersedes:
        # A translation has no "What changed" page of its own: the changes are the English's.
        changes = urls.changes_page(version)
        if version.translation is not None:
            changes = urls.in_language(changes, "", version.translation.language)
        tools.append((urls.relative(page, changes), _("What changed")))
    tools.extend(consultation_tools(corpus, version, page, downloads))
    body = html(
        "overview.html.j2",
        version=version,
        facts=facts,
        contents=_section_links(page, version, version.sections),
        tools=tools,
        downloads=[
            (urls.relative(page, "downloads/") + path, _download_label(path)) for path in downloads
        ],
    )
    bar = version_bar(standard, version, page, PageKind("overview"), [])
    head = version_page_identity(
        standard, version, PageKind("overview"), "", version.summary, standard.description
    )
    content = f"{bar}\n# {md_text(version.title)}\n{raw(body, 'nk-overview')}"
    return head.front_matter() + content


def section(context: CriterionContext, node: Section) -> str:
    page = context.page
    ids = [c.id for c in node.criteria]
    kind = PageKind("section", node.key)
    bar = version_bar(context.standard, context.version, page, kind, ids, context.lineage)
    title = f"{node.number} {node.title}".strip()
    listed = "; ".join(c.label for c in node.criteria if not c.is_withdrawn)
    head = version_page_identity(
        context.standard,
        context.version,
        kind,
        title,
        prose(node.intro.plain),
        f"{title}: {listed}." if listed else "",
        f"{title} in {context.version.title}.",
    )
    parts = [head.front_matter() + bar, f"# {md_text(title)}\n"]
    links = LinkContext(context.corpus, context.version, page)
    intro = rewrite(node.intro, links, node.key)
    children = _section_links(page, context.version, node.children)
    fields = field_rows(
        context.version.section_fields(context.standard.level_name(node.level)), node.fields
    )
    if intro.strip() or children or fields:
        content = html("intro.html.j2", intro=Markup(intro), children=children, fields=fields)
        parts.append(raw(content, "nk-intro"))
    parts.extend(note_block(note, links) for note in node.notes_after(None))
    parts.extend(render(criterion, context) for criterion in node.criteria)
    return "\n".join(parts)


def _unique_terms(terms: tuple[Term, ...]) -> list[Term]:
    seen: dict[str, Term] = {}
    for term in terms:
        seen.setdefault(term.id, term)
    return sorted(seen.values(), key=lambda t: t.term.casefold())


def glossary(corpus: Corpus, standard: Standard, version: Version) -> str:
    page = urls.glossary_page(version)
    links = LinkContext(corpus, version, page)
    users: dict[str, list[tuple[str, str]]] = {}
    for criterion in version.criteria():
        target = urls.relative(page, urls.criterion_page(version, criterion), criterion.id)
        label = f"{criterion.number} {criterion.title}".strip()
        for term_id in criterion.terms:
            users.setdefault(term_id, []).append((target, label))
    terms = _unique_terms(corpus.terms_for(version.key))
    head = version_page_identity(
        standard,
        version,
        PageKind("glossary"),
        _("Glossary"),
        _("Defined terms of {title}:").format(title=version.title)
        + " "
        + ", ".join(t.term for t in terms)
        + ".",
    )
    parts = [head.front_matter() + version_bar(standard, version, page, PageKind("glossary"), [])]
    title = _("Glossary — %(title)s") % {"title": version.title}
    parts.append(f"# {md_text(title)}\n")
    for term in terms:
        parts.append(f"## {md_text(term.term)} {{ #term-{term.id} .nk-term-heading }}\n")
        definition = Markup(rewrite(term.definition, links, f"term-{term.id}"))
        body = html("term.html.j2", term=term, definition=definition, users=users.get(term.id))
        parts.append(raw(body, "nk-term-entry"))
    return "\n".join(parts)
