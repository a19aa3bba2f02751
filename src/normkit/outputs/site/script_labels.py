"""The words the site's scripts write into pages (the search dialog, the link under a term's
definition on a phone, the choice of where a split criterion went, the count of comments a
consultation report's filters show), translated like every other label. The plugin puts
them, in the language of the pages, into each translated page (`theme/main.html`: a JSON
object, English label → translation), where `labels.js` gives them to the other scripts;
English pages carry none, the scripts' own words being the English labels."""

from __future__ import annotations

from normkit.translations.labels import N_, _

SCRIPT_LABELS = (
    # search.js
    N_("Search"),
    N_("Search by number, id or words"),
    N_("Search the standards"),
    N_("Close"),
    N_("Show"),
    N_("All versions"),
    N_("By status"),
    N_("By version"),
    N_("In force"),
    N_("Drafts and consultations"),
    N_("Superseded and withdrawn"),
    N_("Searching…"),
    N_("No matching criteria or pages"),
    N_("Search is not available here (%(reason)s)"),
    N_("Defined term · %(version)s"),
    # phone.js
    N_("Glossary entry"),
    # normkit.js
    N_("Choose where to go in %(version)s"),
    N_("In %(version)s this criterion is:"),
    N_("the start of the page"),
    # consultation.js
    N_("%(shown)s of %(total)s comments"),
)
"""Every label of the scripts; a script shows its English words where a label is missing."""


def script_labels() -> dict[str, str]:
    """The scripts' labels that differ in the language being written (`labels_in`)."""
    return {label: _(label) for label in SCRIPT_LABELS if _(label) != label}
