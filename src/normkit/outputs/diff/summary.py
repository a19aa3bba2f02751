"""The "Summary of changes" document: an HTML fragment that the PDF engine typesets."""

from __future__ import annotations

from html import escape

from normkit.model.standard import Version
from normkit.outputs.diff.lines import kind_label, show_value
from normkit.outputs.diff.pages import redline_html
from normkit.revisions.changeset import KIND_ORDER, ChangeKind, Changeset, CriterionChange


def _row(change: CriterionChange) -> str:
    old = ", ".join(f"{c.number} ({c.id})" for c in change.old) or "—"
    new = ", ".join(f"{c.number} ({c.id})" for c in change.new) or "—"
    kinds = ", ".join(kind_label(k) for k in change.kinds)
    return f"<tr><td>{escape(kinds)}</td><td>{escape(old)}</td><td>{escape(new)}</td></tr>"


def _detail(change: CriterionChange) -> str:
    criterion = (change.new or change.old)[0]
    notes = [escape(", ".join(kind_label(k) for k in change.kinds))]
    if ChangeKind.RENUMBERED in change.kinds:
        notes.append(f"{escape(change.old[0].number)} → {escape(change.new[0].number)}")
    if ChangeKind.MOVED in change.kinds:
        notes.append(
            f"moved from “{escape(' › '.join(change.old_sections))}” "
            f"to “{escape(' › '.join(change.new_sections))}”"
        )
    for field in change.fields:
        notes.append(
            f"{escape(field.label)}: {escape(show_value(field.old))} → "
            f"{escape(show_value(field.new))}"
        )
    return (
        f'<h2 id="summary-{escape(change.key)}">'
        f"{escape(f'{criterion.number} {criterion.title}'.strip())}</h2>"
        f"<p><em>{'; '.join(notes)}</em></p>{redline_html(change)}"
    )


def summary_html(changeset: Changeset, old: Version, new: Version) -> str:
    counts = changeset.counts()
    count_rows = "".join(
        f"<tr><td>{escape(kind_label(kind))}</td><td>{counts[str(kind)]}</td></tr>"
        for kind in KIND_ORDER
        if counts[str(kind)]
    )
    rows = "".join(_row(c) for c in changeset.changed)
    details = "".join(_detail(c) for c in changeset.changed)
    terms = "".join(f"<li>{escape(t.term)}: {escape(str(t.kind))}</li>" for t in changeset.terms)
    parts = [
        "<h1>Overview</h1>",
        f"<p>This summary lists every change to the criteria from {escape(old.title)} "
        f"to {escape(new.title)}: {len(changeset.changed)} changes. Deleted wording is "
        "struck through and inserted wording underlined.</p>",
        "<h2>Changes by kind</h2>",
        f"<table><thead><tr><th>Kind</th><th>Criteria</th></tr></thead><tbody>{count_rows}"
        "</tbody></table>",
        "<h2>All changes</h2>",
        f"<table><thead><tr><th>Change</th><th>{escape(old.name.upper())}</th>"
        f"<th>{escape(new.name.upper())}</th></tr></thead><tbody>{rows}</tbody></table>",
    ]
    if terms:
        parts.append(f"<h2>Defined terms</h2><ul>{terms}</ul>")
    if changeset.guidance and changeset.guidance.changes:
        items = "".join(
            f"<li>{escape(g.criterion_id)}: {escape(str(g.kind))}</li>"
            for g in changeset.guidance.changes
        )
        parts.append(
            f"<h2>Guidance ({escape(changeset.guidance.old)} → "
            f"{escape(changeset.guidance.new)})</h2><ul>{items}</ul>"
        )
    parts.append(f"<h1>Changes in detail</h1>{details}")
    return "".join(parts)
