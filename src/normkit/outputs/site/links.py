"""Rewriting `nk-ref` and `nk-term` links of the model's HTML into site URLs."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from normkit.model.corpus import Corpus
from normkit.model.standard import Version
from normkit.outputs.site import urls

_REF = re.compile(r'<a\b[^>]*\bdata-nk-ref="([^"]+)"[^>]*>')
_TERM = re.compile(r'<a\b[^>]*\bdata-nk-term="([^"]+)"[^>]*>')
_HREF = re.compile(r'\bhref="[^"]*"')
_FOOTNOTE = re.compile(r'\b(id|href)="(#?)(fn(?:ref)?\d+(?::\d+)?)"')


@dataclass(frozen=True, slots=True)
class LinkContext:
    """The page a fragment is placed on and the version whose glossary it uses."""

    corpus: Corpus
    version: Version
    page: str

    def criterion_url(self, key: str) -> str | None:
        """URL of `standard/version/id[.part]` relative to this page, if it is on the site."""
        standard, _, rest = key.partition("/")
        version_name, _, target = rest.partition("/")
        version = self.corpus.version(standard, version_name)
        criterion_id = target.split(".", 1)[0]
        criterion = urls.find_criterion(version, criterion_id) if version else None
        if version is None or criterion is None:
            return None
        return urls.relative(self.page, urls.criterion_page(version, criterion), target)

    def term_url(self, term_id: str) -> str:
        return urls.relative(self.page, urls.glossary_page(self.version), f"term-{term_id}")


def _replace_href(tag: str, url: str) -> str:
    return _HREF.sub(lambda _: f'href="{html.escape(url)}"', tag, count=1)


def rewrite(fragment: str, context: LinkContext, scope: str = "") -> str:
    """The fragment with every reference and term link pointing at its page on the site.

    Footnote ids (`fn1`) restart in every fragment; `scope` makes them unique on a page.
    """

    def ref(match: re.Match[str]) -> str:
        url = context.criterion_url(html.unescape(match.group(1)))
        return _replace_href(match.group(0), url) if url else match.group(0)

    def term(match: re.Match[str]) -> str:
        return _replace_href(match.group(0), context.term_url(html.unescape(match.group(1))))

    linked = _TERM.sub(term, _REF.sub(ref, fragment))
    if not scope:
        return linked
    return _FOOTNOTE.sub(lambda m: f'{m.group(1)}="{m.group(2)}{scope}-{m.group(3)}"', linked)
