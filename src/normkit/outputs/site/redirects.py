"""Tiny HTML pages that send the reader on to a page's lasting address."""

from __future__ import annotations

from normkit.outputs.site.markup import html


def redirect_page(target: str, *, keep_hash: bool) -> str:
    """A redirect that works without JavaScript (meta refresh) and keeps `#…` with it."""
    return str(html("redirect.html.j2", target=target, keep_hash=keep_hash))
