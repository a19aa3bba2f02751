"""A run of source text in the three forms every output needs."""

from dataclasses import dataclass

REF_CLASS = "nk-ref"
"""HTML class of a cross-reference link; `data-nk-ref` holds `standard/version/id[.part]`."""
TERM_CLASS = "nk-term"
"""HTML class on a defined-term link; `data-nk-term` holds the term id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    """Source Markdown with its rendering.

    The HTML comes from the single markdown-it parse. Cross-references render as
    `<a class="nk-ref" href="#<id>" data-nk-ref="<standard>/<version>/<id>">` and
    defined terms as `<a class="nk-term" href="#term-<term-id>" data-nk-term="<term-id>">`;
    `href` targets a single-document layout, and multi-page outputs rewrite it from the
    `data-` attribute.
    """

    markdown: str
    """The source Markdown, exactly as written (dedented, trailing blank lines removed)."""
    html: str
    """HTML rendered from the same tokens, references and terms resolved."""
    plain: str
    """Plain text: paragraphs separated by blank lines, references shown as their numbers."""

    @property
    def is_empty(self) -> bool:
        return not self.plain.strip()


EMPTY_TEXT = Text(markdown="", html="", plain="")
