"""A changeset as a readable terminal summary (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from normkit.model.standard import Version
from normkit.outputs.diff.lines import (
    WORDING,
    change_lines,
    field_declaration_line,
    kind_label,
    show_value,
    withdrawal_note,
)
from normkit.revisions.changeset import KIND_ORDER, Changeset, CriterionChange, FieldChange
from normkit.revisions.successors import DEFAULT_CONFIDENCE

STYLES = {"insert": "green underline", "delete": "red strike", "equal": ""}


def _side(criteria: tuple[object, ...]) -> str:
    return "\n".join(f"{c.number} {c.id}".strip() for c in criteria) or "—"  # type: ignore[attr-defined]


def _redline(change: CriterionChange) -> Text:
    text = Text()
    for index, line in enumerate(change_lines(change)[1:]):
        if index:
            text.append("\n")
        for segment in line:
            text.append(segment.text, style=STYLES[segment.op])
    return text


def _field(change: FieldChange) -> str:
    if isinstance(change.old, tuple) and isinstance(change.new, tuple):
        added = [f"+{v}" for v in change.new if v not in change.old]
        removed = [f"−{v}" for v in change.old if v not in change.new]
        return f"{change.label}: {' '.join([*added, *removed])}"
    return f"{change.label}: {show_value(change.old)} → {show_value(change.new)}"


def print_changeset(
    console: Console, changeset: Changeset, old: Version, new: Version, *, redlines: bool
) -> None:
    counts = changeset.counts()
    console.print(f"[bold]{old.key} → {new.key}[/bold]: {len(changeset.changed)} changes")
    console.print(
        ", ".join(f"{counts[str(k)]} {kind_label(k).lower()}" for k in KIND_ORDER if counts[str(k)])
    )
    table = Table(show_lines=False)
    table.add_column("Change", no_wrap=True)
    table.add_column(old.name, no_wrap=True)
    table.add_column(new.name, no_wrap=True)
    table.add_column("Details")
    for change in changeset.changed:
        details = "; ".join(
            [*filter(None, [withdrawal_note(change)]), *(_field(f) for f in change.fields)]
        )
        table.add_row(
            ", ".join(kind_label(k) for k in change.kinds),
            _side(change.old),
            _side(change.new),
            details,
        )
    console.print(table)
    if changeset.field_declarations:
        console.print("[bold]Custom fields[/bold]:")
        for declaration in changeset.field_declarations:
            console.print(f"  {field_declaration_line(declaration)}", markup=False)
    if changeset.terms:
        console.print(
            "[bold]Defined terms[/bold]: "
            + ", ".join(f"{t.term} ({t.kind})" for t in changeset.terms)
        )
    if changeset.guidance and changeset.guidance.changes:
        guidance = changeset.guidance
        console.print(
            f"[bold]Guidance {guidance.old} → {guidance.new}[/bold]: "
            + ", ".join(f"{g.criterion_id} ({g.kind})" for g in guidance.changes)
        )
    if changeset.suggestions:
        console.print(
            f"[bold]Suggested successors[/bold] (confidence ≥ {DEFAULT_CONFIDENCE}, not applied;"
            " confirm with `replaces`):"
        )
        for s in changeset.suggestions:
            console.print(
                f"  {s.old_id} → {s.new_id}  {s.kind}, confidence {s.confidence:.2f}", markup=False
            )
    if redlines:
        for change in changeset.changed:
            lines = _redline(change)
            if lines.plain and WORDING & set(change.kinds):
                criterion = (change.new or change.old)[0]
                console.rule(criterion.label)
                console.print(lines)
