"""Tiny HTML pages that send the reader on to a page's lasting address."""

from __future__ import annotations

from normkit.outputs.site.markup import html


def redirect_page(target: str, *, keep_hash: bool) -> str:
    """A redirect that works without JavaScript (meta refresh) and keeps `#…` with it."""
    return str(html("redirect.html.j2", target=target, keep_hash=keep_hash))


def choice_page(criterion_id: str, version_title: str, links: list[tuple[str, str]]) -> str:
    """A short address whose criterion was split: each successor, for the reader to choose."""
    return str(
        html("choice.html.j2", criterion_id=criterion_id, version_title=version_title, links=links)
    )
