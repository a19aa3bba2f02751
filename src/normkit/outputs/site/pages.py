"""The Markdown of the home, standard, overview, section and glossary pages."""

from __future__ import annotations

from normkit.model.corpus import Corpus
from normkit.model.glossary import Term
from normkit.model.standard import Section, Standard, Version
from normkit.outputs.site import urls
from normkit.outputs.site.bar import PageKind, version_bar
from normkit.outputs.site.criteria import CriterionContext, render
from normkit.outputs.site.links import LinkContext, rewrite
from normkit.outputs.site.markup import date_text, esc, md_text, raw


def _status(version: Version) -> str:
    return f'<span class="nk-status nk-status-{esc(version.status)}">{esc(version.status)}</span>'


def _versions_table(page: str, standard: Standard) -> str:
    rows = "".join(
        f'<tr><td><a href="{esc(urls.relative(page, urls.version_page(v)))}">{esc(v.title)}</a>'
        f"</td><td>{_status(v)}</td><td>{date_text(v.published)}</td>"
        f"<td>{date_text(v.effective)}</td><td>{date_text(v.transition_end)}</td></tr>"
        for v in reversed(standard.versions)
    )
    return (
        "<table><thead><tr><th>Version</th><th>Status</th><th>Published</th>"
        f"<th>Effective</th><th>End of transition</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def home(corpus: Corpus) -> str:
    parts = [
        f"# {md_text(corpus.title)}\n",
        raw('<span data-pagefind-filter="rank:current"></span>'),
    ]
    for standard in corpus.standards:
        page = urls.home()
        latest = standard.latest_published
        intro = f"<p>{esc(standard.description)}</p>" if standard.description else ""
        if latest:
            link = urls.relative(page, urls.latest_page(standard.slug))
            intro += f'<p>In force: <a href="{esc(link)}">{esc(latest.title)}</a></p>'
        parts.append(f"## {md_text(standard.title)} {{ #{standard.slug} }}\n")
        parts.append(raw(intro + _versions_table(page, standard), "nk-standard"))
    return "\n".join(parts)


def standard_index(standard: Standard) -> str:
    page = urls.standard_page(standard.slug)
    intro = f"<p>{esc(standard.description)}</p>" if standard.description else ""
    rank = '<span data-pagefind-filter="rank:current"></span>'
    return f"# {md_text(standard.title)}\n" + raw(rank + intro + _versions_table(page, standard))


def _section_links(page: str, version: Version, sections: tuple[Section, ...]) -> str:
    items = "".join(
        f'<li><a href="{esc(urls.relative(page, urls.section_page(version, s.key)))}">'
        f"{esc(f'{s.number} {s.title}'.strip())}</a>"
        f"{_section_links(page, version, s.children)}</li>"
        for s in sections
    )
    return f"<ul>{items}</ul>" if items else ""


def _version_link(page: str, standard: Standard, name: str | None) -> str:
    other = standard.version(name) if name else None
    if other is None:
        return "—"
    return f'<a href="{esc(urls.relative(page, urls.version_page(other)))}">{esc(other.title)}</a>'


DOWNLOAD_KINDS = {"json": "Criteria JSON", "pdf": "PDF", "docx": "Word", "diff": "Changes"}


def _download_label(path: str) -> str:
    kind, _, rest = path.partition("/")
    return f"{DOWNLOAD_KINDS.get(kind, kind)}: {rest.rsplit('/', 1)[-1]}"


def overview(corpus: Corpus, standard: Standard, version: Version, downloads: list[str]) -> str:
    page = urls.version_page(version)
    rows = [
        ("Status", _status(version)),
        ("Published", date_text(version.published)),
        ("Effective", date_text(version.effective)),
        ("End of transition", date_text(version.transition_end)),
        ("Supersedes", _version_link(page, standard, version.supersedes)),
        ("Superseded by", _version_link(page, standard, version.superseded_by)),
    ]
    if version.consultation_closes:
        rows.append(("Consultation closes", date_text(version.consultation_closes)))
    facts = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    tools = [
        (urls.glossary_page(version), "Glossary"),
        (urls.explorer_page(version), "Criteria explorer"),
    ]
    if version.supersedes:
        tools.append((urls.changes_page(version), "What changed"))
    tool_links = "".join(
        f'<li><a href="{esc(urls.relative(page, target))}">{label}</a></li>'
        for target, label in tools
    )
    files = "".join(
        f'<li><a href="{esc(urls.relative(page, "downloads/") + path)}">'
        f"{esc(_download_label(path))}</a></li>"
        for path in downloads
    )
    body = (
        f"<p>{esc(version.summary)}</p>" if version.summary else ""
    ) + f'<dl class="nk-facts">{facts}</dl>'
    body += f'<h2 id="contents">Contents</h2>{_section_links(page, version, version.sections)}'
    body += f'<ul class="nk-tools">{tool_links}</ul>'
    if files:
        body += f'<h2 id="downloads">Downloads</h2><ul class="nk-downloads">{files}</ul>'
    bar = version_bar(standard, version, page, PageKind("overview"), [])
    return f"{bar}\n# {md_text(version.title)}\n{raw(body, 'nk-overview')}"


def section(context: CriterionContext, node: Section) -> str:
    page = context.page
    ids = [c.id for c in node.criteria]
    bar = version_bar(context.standard, context.version, page, PageKind("section", node.key), ids)
    title = f"{node.number} {node.title}".strip()
    parts = [bar, f"# {md_text(title)}\n"]
    intro = rewrite(node.intro.html, LinkContext(context.corpus, context.version, page), node.key)
    children = _section_links(page, context.version, node.children)
    if intro.strip() or children:
        parts.append(raw(intro + children, "nk-intro"))
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
    users: dict[str, list[str]] = {}
    for criterion in version.criteria():
        target = urls.relative(page, urls.criterion_page(version, criterion), criterion.id)
        label = esc(f"{criterion.number} {criterion.title}".strip())
        for term_id in criterion.terms:
            users.setdefault(term_id, []).append(f'<a href="{esc(target)}">{label}</a>')
    parts = [version_bar(standard, version, page, PageKind("glossary"), [])]
    parts.append(f"# Glossary — {md_text(version.title)}\n")
    for term in _unique_terms(corpus.terms_for(version.key)):
        parts.append(f"## {md_text(term.term)} {{ #term-{term.id} }}\n")
        body = rewrite(term.definition.html, links, f"term-{term.id}")
        facts = []
        if term.aliases:
            facts.append(f"<dt>Also written</dt><dd>{esc(', '.join(term.aliases))}</dd>")
        if term.source:
            facts.append(f"<dt>Source</dt><dd>{esc(term.source)}</dd>")
        used = users.get(term.id)
        if used:
            facts.append(f"<dt>Used in</dt><dd>{', '.join(used)}</dd>")
        if facts:
            body += f'<dl class="nk-term-facts">{"".join(facts)}</dl>'
        parts.append(raw(body, "nk-term-entry"))
    return "\n".join(parts)
