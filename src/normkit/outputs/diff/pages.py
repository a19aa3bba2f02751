"""HTML fragments for the site: the "What changed" page and per-criterion marks."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from normkit.model.corpus import Corpus
from normkit.model.standard import Criterion, Version
from normkit.outputs.diff.changesets import changeset_for
from normkit.outputs.diff.lines import change_lines, kind_label, show_value
from normkit.revisions.changeset import KIND_ORDER, ChangeKind, Changeset, CriterionChange
from normkit.revisions.words import Segment

Href = Callable[[Version, str], str]
"""(version, criterion id) → URL of the criterion, relative to the changes page."""

TAGS = {"insert": "ins", "delete": "del"}

CHANGES_JS = """\
// Filter for normkit "What changed" pages: buttons with data-kind show only changes of a kind.
(function () {
  function apply(root, kind) {
    root.querySelectorAll(".nk-change-filter button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.kind === kind));
    });
    root.querySelectorAll("[data-kinds]").forEach(function (item) {
      var kinds = item.dataset.kinds.split(" ");
      item.hidden = kind !== "all" && kinds.indexOf(kind) < 0;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".nk-change-filter button[data-kind]");
    if (!button) { return; }
    var root = button.closest(".nk-changes");
    if (root) { apply(root, button.dataset.kind); }
  });
})();
"""


def criterion_marks(corpus: Corpus, version: Version) -> dict[str, str]:
    """Criterion id → `new` or `changed` against the version it supersedes.

    A criterion whose only change is its display number (a cascade) is not marked.
    """
    previous = corpus.version(version.standard, version.supersedes or "")
    if previous is None:
        return {}
    marks: dict[str, str] = {}
    for change in changeset_for(corpus, previous, version).changes:
        if change.kinds == (ChangeKind.ADDED,):
            marks.update({c.id: "new" for c in change.new})
        elif set(change.kinds) - {ChangeKind.UNCHANGED, ChangeKind.RENUMBERED}:
            marks.update({c.id: "changed" for c in change.new})
    return marks


def _name(criterion: Criterion) -> str:
    return escape(f"{criterion.number} {criterion.title}".strip())


def _links(criteria: tuple[Criterion, ...], version: Version, href: Href) -> str:
    if not criteria:
        return "—"
    return "<br>".join(f'<a href="{escape(href(version, c.id))}">{_name(c)}</a>' for c in criteria)


def _kinds(change: CriterionChange) -> str:
    return ", ".join(kind_label(k) for k in change.kinds)


def _line(line: list[Segment]) -> str:
    parts = []
    for segment in line:
        text = escape(segment.text)
        tag = TAGS.get(segment.op)
        parts.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return "".join(parts)


def redline_html(change: CriterionChange) -> str:
    lines = change_lines(change)
    title, body = (lines[0], lines[1:]) if lines else ([], [])
    paragraphs = "".join(f"<p>{_line(line)}</p>" for line in body)
    return (
        f'<div class="nk-redline"><p class="nk-redline-title"><strong>{_line(title)}</strong></p>'
        f"{paragraphs}</div>"
    )


def _details(change: CriterionChange) -> str:
    notes: list[str] = []
    if ChangeKind.RENUMBERED in change.kinds:
        notes.append(
            f"Renumbered from {escape(change.old[0].number)} to {escape(change.new[0].number)}."
        )
    if ChangeKind.MOVED in change.kinds:
        notes.append(
            f"Moved from “{escape(' › '.join(change.old_sections))}” "
            f"to “{escape(' › '.join(change.new_sections))}”."
        )
    if ChangeKind.EDITORIAL in change.kinds:
        notes.append("Only white space, punctuation or capitalisation changed.")
    if ChangeKind.RENAMED in change.kinds:
        notes.append(
            f"Id changed from <code>{escape(change.old[0].id)}</code> "
            f"to <code>{escape(change.new[0].id)}</code>."
        )
    html = "".join(f"<p>{note}</p>" for note in notes)
    if change.fields:
        rows = "".join(
            f'<tr><th scope="row">{escape(f.label)}</th><td>{escape(show_value(f.old))}</td>'
            f"<td>{escape(show_value(f.new))}</td></tr>"
            for f in change.fields
        )
        html += (
            '<table class="nk-field-changes"><thead><tr><th scope="col">Field</th>'
            '<th scope="col">Before</th><th scope="col">After</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    return html


def _counts(changeset: Changeset) -> str:
    counts = changeset.counts()
    items = "".join(
        f'<li data-kind="{kind}"><strong>{counts[str(kind)]}</strong> '
        f"{kind_label(kind).lower()}</li>"
        for kind in KIND_ORDER
        if counts[str(kind)]
    )
    buttons = "".join(
        f'<button type="button" data-kind="{kind}" aria-pressed="false">'
        f"{kind_label(kind)} ({counts[str(kind)]})</button>"
        for kind in KIND_ORDER
        if counts[str(kind)] and kind is not ChangeKind.UNCHANGED
    )
    total = len(changeset.changed)
    return (
        f'<ul class="nk-change-counts">{items}</ul>'
        '<div class="nk-change-filter" role="group" aria-label="Show changes of one kind">'
        f'<button type="button" data-kind="all" aria-pressed="true">All ({total})</button>'
        f"{buttons}</div>"
    )


def _table(changeset: Changeset, old: Version, new: Version, href: Href) -> str:
    rows = "".join(
        f'<tr data-kinds="{" ".join(str(k) for k in c.kinds)}">'
        f"<td>{escape(_kinds(c))}</td><td>{_links(c.old, old, href)}</td>"
        f"<td>{_links(c.new, new, href)}</td>"
        f'<td><a href="#change-{escape(c.key)}">Details</a></td></tr>'
        for c in changeset.changed
    )
    return (
        '<table class="nk-change-table"><caption>All changes</caption><thead><tr>'
        f'<th scope="col">Change</th><th scope="col">{escape(old.title)}</th>'
        f'<th scope="col">{escape(new.title)}</th><th scope="col">Details</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _change_section(change: CriterionChange, old: Version, new: Version, href: Href) -> str:
    extra_ids = "".join(
        f'<span id="change-{escape(c.id)}"></span>'
        for c in (*change.new, *change.old)
        if c.id != change.key
    )
    heading = _name((change.new or change.old)[0])
    links = []
    if change.old:
        links.append(f"In {escape(old.name.upper())}: {_links(change.old, old, href)}")
    if change.new:
        links.append(f"In {escape(new.name.upper())}: {_links(change.new, new, href)}")
    return (
        f'<section class="nk-change" id="change-{escape(change.key)}" '
        f'data-kinds="{" ".join(str(k) for k in change.kinds)}">{extra_ids}'
        f"<h3>{heading}</h3>"
        f'<p class="nk-change-kinds">{escape(_kinds(change))}</p>'
        f'<p class="nk-change-links">{" · ".join(links)}</p>'
        f"{_details(change)}{redline_html(change)}</section>"
    )


def _terms(changeset: Changeset) -> str:
    if not changeset.terms:
        return ""
    items = "".join(
        f"<li><strong>{escape(t.term)}</strong>: {escape(str(t.kind))}</li>"
        for t in changeset.terms
    )
    return f'<h2 id="changed-terms">Defined terms</h2><ul class="nk-term-changes">{items}</ul>'


def _guidance(changeset: Changeset) -> str:
    if changeset.guidance is None or not changeset.guidance.changes:
        return ""
    items = "".join(
        f"<li><code>{escape(g.criterion_id)}</code>: guidance {escape(str(g.kind))}"
        + (f" ({escape(', '.join(g.sections))})" if g.sections else "")
        + "</li>"
        for g in changeset.guidance.changes
    )
    return (
        f'<h2 id="changed-guidance">Guidance ({escape(changeset.guidance.old)} → '
        f'{escape(changeset.guidance.new)})</h2><ul class="nk-guidance-changes">{items}</ul>'
    )


def changes_page_html(
    corpus: Corpus, old: Version, new: Version, href: Href, *, changeset: Changeset | None = None
) -> str:
    """A self-contained fragment: counts, a filterable table, then a redline per change."""
    changeset = changeset or changeset_for(corpus, old, new)
    sections = "".join(_change_section(c, old, new, href) for c in changeset.changed)
    return (
        f'<div class="nk-changes" data-old="{escape(old.key)}" data-new="{escape(new.key)}">'
        f"<p>What changed from {escape(old.title)} to {escape(new.title)}: "
        f"{len(changeset.changed)} changes to criteria.</p>"
        f"{_counts(changeset)}{_table(changeset, old, new, href)}"
        f'<h2 id="changed-criteria">Changes criterion by criterion</h2>{sections}'
        f"{_terms(changeset)}{_guidance(changeset)}</div>"
    )
