"""The "Summary of changes" document: an HTML fragment that the PDF engine typesets."""

from __future__ import annotations

from normkit.model.standard import Version
from normkit.outputs.consultation.answers import Answers, no_answers
from normkit.outputs.diff.pages import template_context
from normkit.outputs.templating import render_template
from normkit.revisions.changeset import Changeset


def summary_html(
    changeset: Changeset, old: Version, new: Version, answers: Answers = no_answers
) -> str:
    """`answers`: the consultation comments on `old` that a change answers."""
    context = template_context(changeset, old, new, answers)
    return str(render_template("normkit.outputs.diff", "summary.html.j2", **context))
