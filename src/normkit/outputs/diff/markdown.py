"""A changeset as Markdown (for `normkit diff --format markdown`), redlines as ~~del~~ **ins**."""

from __future__ import annotations

from normkit.model.standard import Version
from normkit.outputs.diff.lines import (
    change_lines,
    field_declaration_line,
    kind_label,
    show_value,
    withdrawal_note,
)
from normkit.revisions.changeset import KIND_ORDER, Changeset, CriterionChange
from normkit.revisions.successors import DEFAULT_CONFIDENCE
from normkit.revisions.words import Segment


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _side(change: CriterionChange, old: bool) -> str:
    criteria = change.old if old else change.new
    return "<br>".join(f"{c.number} `{c.id}`".strip() for c in criteria) or "—"


def _line(line: list[Segment]) -> str:
    marks = {"delete": "~~", "insert": "**"}
    parts = []
    for segment in line:
        mark = marks.get(segment.op, "")
        text = segment.text
        if mark and text.strip():
            lead, core, trail = text[: len(text) - len(text.lstrip())], text.strip(), ""
            trail = text[len(text.rstrip()) :]
            parts.append(f"{lead}{mark}{core}{mark}{trail}")
        elif not mark or segment.op == "insert":
            parts.append(text)
    return "".join(parts)


def changeset_markdown(changeset: Changeset, old: Version, new: Version) -> str:
    counts = changeset.counts()
    out = [f"# Changes from {old.title} to {new.title}", ""]
    out += [
        ", ".join(
            f"{counts[str(k)]} {kind_label(k).lower()}" for k in KIND_ORDER if counts[str(k)]
        ),
        "",
        f"| Change | {old.name} | {new.name} |",
        "|---|---|---|",
    ]
    for change in changeset.changed:
        kinds = ", ".join(kind_label(k) for k in change.kinds)
        out.append(f"| {kinds} | {_side(change, True)} | {_side(change, False)} |")
    out.append("")
    for change in changeset.changed:
        criterion = (change.new or change.old)[0]
        out += [f"## {_cell(criterion.label)}", ""]
        out += [f"*{', '.join(kind_label(k) for k in change.kinds)}*", ""]
        if withdrawal_note(change):
            out += [_cell(withdrawal_note(change)), ""]
        for field in change.fields:
            out.append(f"- {field.label}: {show_value(field.old)} → {show_value(field.new)}")
        if change.fields:
            out.append("")
        for line in change_lines(change)[1:]:
            out += [_line(line), ""]
    if changeset.field_declarations:
        out += ["## Custom fields", ""]
        out += [f"- {_cell(field_declaration_line(d))}" for d in changeset.field_declarations]
        out.append("")
    if changeset.terms:
        out += ["## Defined terms", ""]
        out += [f"- {t.term}: {t.kind}" for t in changeset.terms]
        out.append("")
    if changeset.guidance and changeset.guidance.changes:
        out += [f"## Guidance ({changeset.guidance.old} → {changeset.guidance.new})", ""]
        out += [f"- `{g.criterion_id}`: {g.kind}" for g in changeset.guidance.changes]
        out.append("")
    if changeset.suggestions:
        out += [f"## Suggested successors (confidence ≥ {DEFAULT_CONFIDENCE}, not applied)", ""]
        out += [
            f"- `{s.old_id}` → `{s.new_id}`: {s.kind} ({s.confidence:.2f})"
            for s in changeset.suggestions
        ]
        out.append("")
    return "\n".join(out)
