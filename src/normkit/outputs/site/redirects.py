"""Tiny HTML pages that send the reader on to a page's lasting address."""

from __future__ import annotations

import json

from normkit.outputs.site.markup import esc


def redirect_page(target: str, *, keep_hash: bool) -> str:
    """A redirect that works without JavaScript (meta refresh) and keeps `#…` with it."""
    script_target = json.dumps(target)
    suffix = " + location.hash" if keep_hash else ""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Redirecting…</title>"
        f'<link rel="canonical" href="{esc(target)}">'
        f'<meta http-equiv="refresh" content="0; url={esc(target)}">'
        f"<script>location.replace({script_target}{suffix});</script></head>"
        f'<body><p>This page has moved to <a href="{esc(target)}">{esc(target)}</a>.</p>'
        "</body></html>\n"
    )
