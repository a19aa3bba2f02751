"""The 404 page: what it lists, and its addresses made relative to the site root it finds.

MkDocs writes the 404 page with root-absolute addresses (`/assets/…`, or under `site_url`'s
path), which break as soon as the site is served under another folder. Here they become
relative, and a script in the page's head (`theme/partials/nk-site-root.js`) sets the
`<base>` they resolve against from the address the reader asked for. The stylesheets and
scripts are written by script after it, so that the browser's preload scanner, which reads
ahead of the script, does not fetch them from wrong addresses first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from normkit.model.corpus import Corpus
from normkit.outputs.site import urls

IN_FORCE_KEY = "versions_in_force"
"""The `extra` key of the MkDocs configuration that theme/404.html reads (no "normkit" in
it: an exported project's mkdocs.yml names nothing of normkit's)."""


def in_force_links(corpus: Corpus) -> list[dict[str, str]]:
    """The version in force of each standard (else its newest), as root-relative links."""
    links = []
    for standard in corpus.standards:
        version = standard.latest_published or (
            standard.versions[-1] if standard.versions else None
        )
        if version is not None:
            links.append({"url": urls.version_page(version), "title": version.title})
    return links


def top_level_names(corpus: Corpus) -> list[str]:
    """Folders at the top of the site: an address containing one starts the site there."""
    names = {standard.slug for standard in corpus.standards}
    names.update(("c", "assets", "downloads", "pagefind"))
    return sorted(names)


def relative_not_found_page(path: Path, site_url: str | None) -> None:
    """Rewrite the 404 page's root-absolute `href`/`src` and Material's `base` as relative."""
    if not path.is_file():
        return
    prefix = urlsplit(site_url).path if site_url else "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf'\b(href|src)="{re.escape(prefix)}', r'\1="', text)
    text = re.sub(r'("base":\s*)"[^"]*"', r'\1"."', text)
    text = ASSET.sub(_written_by_script, text)
    path.write_text(text, encoding="utf-8")


ASSET = re.compile(r'<link rel="(?:stylesheet|icon)" href="[^":]+">|<script src="[^":]+"></script>')
"""A stylesheet, icon or script with a relative address (external ones stay as they are)."""


def _written_by_script(match: re.Match[str]) -> str:
    literal = json.dumps(match.group(0)).replace("</", "<\\/")
    return f"<script>document.write({literal})</script>"
