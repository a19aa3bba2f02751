"""The "What changed" page and New/Changed marks, from the revisions helper's functions."""

from __future__ import annotations

from normkit.derived import Derived
from normkit.model.consultation import Comment
from normkit.model.standard import Standard, Version
from normkit.outputs.consultation.answers import answers_for
from normkit.outputs.diff.pages import CHANGES_JS, changes_page_html, criterion_marks
from normkit.outputs.site import urls
from normkit.outputs.site.bar import PageKind, version_bar
from normkit.outputs.site.identity import version_page_identity
from normkit.outputs.site.markup import md_text, raw

SCRIPT_PATH = "assets/normkit/changes.js"


def marks(derived: Derived, version: Version) -> dict[str, str]:
    return criterion_marks(derived, version) if version.supersedes else {}


def changes_js() -> str:
    return CHANGES_JS


def superseded(standard: Standard, version: Version) -> Version | None:
    """The version `version` supersedes, which its "What changed" page compares it with."""
    return standard.version(version.supersedes) if version.supersedes else None


def changes_page(derived: Derived, standard: Standard, version: Version) -> str | None:
    """The page at `/<standard>/<version>/changes/`, or None for a first version."""
    old = superseded(standard, version)
    if old is None:
        return None
    page = urls.changes_page(version)

    def href(target: Version, criterion_id: str) -> str:
        criterion = urls.find_criterion(target, criterion_id)
        if criterion is None:
            return urls.relative(page, urls.version_page(target))
        return urls.relative(page, urls.criterion_page(target, criterion), criterion_id)

    def comment_href(comment: Comment) -> str:
        report = urls.consultation_page(old)
        return urls.relative(page, report, f"comment-{comment.number}")

    fragment = changes_page_html(
        derived.changeset(old, version),
        old,
        version,
        href,
        answers=answers_for(derived.corpus, old),
        comment_href=comment_href,
    )
    bar = version_bar(standard, version, page, PageKind("changes"), [])
    title = f"What changed from {old.title} to {version.title}"
    body = raw(fragment, "nk-changes", data_pagefind_ignore="all")
    count = len(derived.changeset(old, version).changed)
    head = version_page_identity(
        standard,
        version,
        PageKind("changes"),
        "What changed",
        f"What changed from {old.title} to {version.title}: {count} changes to criteria.",
    )
    return f"{head.front_matter()}{bar}\n# {md_text(title)}\n{body}"
