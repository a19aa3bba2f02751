"""HTML fragments for the site: the "What changed" page and per-criterion marks."""

from __future__ import annotations

from collections.abc import Callable

from normkit.derived import Derived
from normkit.model.consultation import Comment
from normkit.model.standard import Version
from normkit.outputs.consultation.answers import Answers, no_answers
from normkit.outputs.diff.lines import (
    change_lines,
    field_declaration_line,
    kind_label,
    show_value,
    withdrawal_note,
)
from normkit.outputs.templating import render_template
from normkit.revisions.changeset import KIND_ORDER, Changeset

Href = Callable[[Version, str], str]
"""(version, criterion id) → URL of the criterion, relative to the changes page."""
CommentHref = Callable[[Comment], str]
"""A consultation comment → its URL in the consultation report, relative to the page."""

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


def criterion_marks(derived: Derived, version: Version) -> dict[str, str]:
    """Criterion id → `new`, `withdrawn` or `changed` against the version it supersedes."""
    previous = derived.corpus.version(version.standard, version.supersedes or "")
    if previous is None:
        return {}
    return derived.changeset(previous, version).marks()


def _html(template: str, **context: object) -> str:
    return str(render_template("normkit.outputs.diff", template, **context))


def _kinds_present(changeset: Changeset) -> list[str]:
    counts = changeset.counts()
    return [str(kind) for kind in KIND_ORDER if counts[str(kind)]]


def criterion_name(criterion_id: str, *versions: Version) -> str:
    """`5.3 Greenhouse gas targets` as the first of `versions` holding the criterion has it
    (a reader of a summary knows criteria by number and title); the id if none does."""
    for version in versions:
        criterion = version.criterion(criterion_id)
        if criterion is not None:
            return f"{criterion.number} {criterion.title}".strip()
    return criterion_id


def template_context(
    changeset: Changeset, old: Version, new: Version, answers: Answers = no_answers
) -> dict[str, object]:
    """What the changes and summary templates share; `answers` gives the consultation
    comments on `old` that a change answers."""
    return {
        "answers": answers,
        "changeset": changeset,
        "old": old,
        "new": new,
        "counts": changeset.counts(),
        "kinds_present": _kinds_present(changeset),
        "label": kind_label,
        "show": show_value,
        "lines": change_lines,
        "withdrawal": withdrawal_note,
        "declaration_lines": [field_declaration_line(d) for d in changeset.field_declarations],
        "criterion_name": lambda criterion_id: criterion_name(criterion_id, new, old),
    }


def changes_page_html(
    changeset: Changeset,
    old: Version,
    new: Version,
    href: Href,
    *,
    answers: Answers = no_answers,
    comment_href: CommentHref | None = None,
) -> str:
    """A self-contained fragment: counts, a filterable table, then a redline per change;
    with `answers` and `comment_href`, each change links the consultation comments on `old`
    that it answers."""
    return _html(
        "changes.html.j2",
        href=href,
        comment_href=comment_href or (lambda comment: ""),
        **template_context(changeset, old, new, answers),
    )
