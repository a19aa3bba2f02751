"""What HTML authors may write in Markdown, and the sanitiser (nh3) that enforces it.

Raw HTML in a source is cleaned against an allow-list: formatting and structure only. No
script, no style, no event handler, no `id` or `class` of the author's own, no link other
than an absolute `http:`, `https:` or `mailto:` URL. Images and links within the project
are written in Markdown, where normkit checks them. `docs/authoring.md` lists the same
allow-list; a test keeps the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from html import escape, unescape
from typing import TYPE_CHECKING

from normkit.sources.control import CONTROL

if TYPE_CHECKING:
    from html.parser import HTMLParser

# nh3 and `html.parser` are imported where author HTML is sanitised or inspected: most
# sources hold none, and a run that meets none does not load them (~4 M instructions).

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
        "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
        "u", "ul", "var", "wbr",
    }
)  # fmt: skip
"""Elements kept; any other element is removed and its text kept."""
REMOVED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "textarea", "select"}
)
"""Elements removed together with everything inside them."""
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"title", "lang", "dir"}),
    "a": frozenset({"href"}),
    "ol": frozenset({"start", "type", "reversed", "class"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "code": frozenset({"class"}),
}
"""Attributes kept, by element (`*`: on every element)."""
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only URLs an HTML `<a href>` may have; links within the project are Markdown links."""
STYLE_PROPERTIES = frozenset({"text-align"})
"""The only property a `style` attribute may set (Markdown tables align columns with it)."""
_LANGUAGE_CLASS = re.compile(r"^language-[\w#+.-]+$")
_LIST_TYPES = frozenset({"1", "a", "A", "i", "I"})
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def is_link_allowed(url: str) -> bool:
    """An absolute URL with one of the `LINK_SCHEMES`."""
    match = _SCHEME.match(url)
    return match is not None and match.group(1).lower() in LINK_SCHEMES


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """Value checks beyond the allow-list: classes are normkit's own, links absolute."""
    if attribute == "class":
        if tag == "ol":
            return "nk-parts" if value == "nk-parts" else None
        return value if _LANGUAGE_CLASS.match(value) else None
    if tag == "a" and attribute == "href":
        return value if is_link_allowed(value) else None
    if attribute == "title":
        # Material's tooltips show a title as HTML: a title that holds markup is dropped.
        return None if "<" in value else value
    if tag == "ol" and attribute == "type":
        return value if value in _LIST_TYPES else None
    return value


MAX_DEPTH = 200
"""Deepest nesting of elements sanitised as HTML. html5ever, under nh3, takes time quadratic
in the depth (40,000 nested `<div>` take two seconds, a megabyte of them minutes); no text of a
standard nests that deep, so deeper HTML is shown as its text (and reported)."""
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[^<>]*?)(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip


def nesting_depth(html: str) -> int:
    """How deep elements nest in `html`, by counting tags (an estimate, in linear time)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def sanitise(html: str) -> str:
    """HTML with everything outside the policy removed (structure repaired by html5ever)."""
    if html.count("<") > MAX_DEPTH and nesting_depth(html) > MAX_DEPTH:
        return CONTROL.sub("", escape(unescape(_TAG.sub(" ", html)), quote=False))
    # html5ever writes what a reference such as `&#27;` stands for as itself: left out
    # (`source.control-escape` says where it was written).
    return CONTROL.sub("", _clean(html))


def _clean(html: str) -> str:
    import nh3

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep,
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
    )


@cache
def _inspector() -> Callable[[list[str]], HTMLParser]:
    """The class listing what the policy removes from one piece of author HTML (into the
    list it is given), for a warning; made the first time."""
    from html.parser import HTMLParser

    class Inspector(HTMLParser):
        def __init__(self, removed: list[str]) -> None:
            super().__init__(convert_charrefs=True)
            self.removed = removed

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in ALLOWED_TAGS:
                self.removed.append(f"<{tag}>")
                return
            allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, frozenset())
            for name, value in attrs:
                if name not in allowed:
                    self.removed.append(f"the {name} attribute of <{tag}>")
                elif value is not None and _keep(tag, name, value) is None:
                    self.removed.append(f'{name}="{value}" on <{tag}>')

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.handle_starttag(tag, attrs)

    return Inspector


def removed_by_policy(html: str) -> list[str]:
    """What `sanitise` takes out of `html`: elements and attributes, as a reader names them."""
    if html.count("<") > MAX_DEPTH and nesting_depth(html) > MAX_DEPTH:
        return [f"elements nested more than {MAX_DEPTH} deep (their text is kept)"]
    removed: list[str] = []
    inspector = _inspector()(removed)
    inspector.feed(html)
    inspector.close()
    return list(dict.fromkeys(removed))


def policy_markdown() -> str:
    """The allow-list as the Markdown list in docs/authoring.md (a test compares them)."""
    tags = ", ".join(f"`{t}`" for t in sorted(ALLOWED_TAGS))
    removed = ", ".join(f"`{t}`" for t in sorted(REMOVED_WITH_CONTENT))
    attrs = "; ".join(
        ("every element" if tag == "*" else f"`{tag}`")
        + ": "
        + ", ".join(f"`{a}`" for a in sorted(names))
        for tag, names in ALLOWED_ATTRIBUTES.items()
    )
    schemes = ", ".join(f"`{s}:`" for s in sorted(LINK_SCHEMES))
    return (
        f"- **Elements kept**: {tags}. Any other element is removed and its text kept; "
        f"{removed} are removed with everything inside them.\n"
        f"- **Attributes kept**: {attrs}. A `style` may only set `text-align`, a list's "
        "`class` only normkit's own, a code `class` only `language-…`.\n"
        f"- **Links** in HTML (`<a href>`) must be absolute URLs with {schemes}; every other "
        "`href` (a relative path, `#anchor`, `javascript:`, `data:`) is removed. Link within "
        "the project in Markdown, where the link is checked.\n"
    )
