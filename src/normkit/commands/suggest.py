"""`normkit diff --suggest`: every candidate successor, with its kind and confidence."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console

from normkit.model.standard import Version
from normkit.outputs.diff.serialise import suggestion_document, version_ref
from normkit.revisions.successors import Lineage


def _label(version: Version, criterion_id: str) -> str:
    criterion = version.criterion(criterion_id)
    return criterion.label if criterion else criterion_id


def suggestions_document(
    lineage: Lineage, old: Version, new: Version, min_confidence: float
) -> dict[str, Any]:
    return {
        "standard": new.standard,
        "old": version_ref(old),
        "new": version_ref(new),
        "min_confidence": min_confidence,
        "suggestions": [
            suggestion_document(s) for s in lineage.links if s.confidence >= min_confidence
        ],
        "no_successor": [{"old_id": d.old_id, "confidence": d.confidence} for d in lineage.dropped],
    }


def print_suggestions(
    console: Console, lineage: Lineage, old: Version, new: Version, min_confidence: float
) -> None:
    """One line per candidate, most confident first, then the criteria left without one."""
    shown = [s for s in lineage.links if s.confidence >= min_confidence]
    console.print(
        f"[bold]Successors of {old.key} in {new.key}[/bold] (confidence ≥ {min_confidence:.2f};"
        " not applied: review with --suggest-replaces)"
    )
    for s in shown:
        kind = str(s.kind)
        if s.changes and kind == "one-to-one":
            kind += f" ({', '.join(s.changes)})"
        console.print(
            f"  {s.confidence:.2f}  {kind}: {s.old_id} “{_label(old, s.old_id)}” → {s.new_id} "
            f"“{_label(new, s.new_id)}”  [text {s.text_similarity:.2f}, old in new "
            f"{s.old_in_new:.2f}, new in old {s.new_in_old:.2f}]",
            markup=False,
        )
    if not shown:
        console.print("  none")
    if lineage.dropped:
        console.print("[bold]No successor[/bold] (confidence that there is none):")
        for d in lineage.dropped:
            console.print(
                f"  {d.confidence:.2f}  {d.old_id} “{_label(old, d.old_id)}”", markup=False
            )


def echo_json(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))
