"""Jinja2 for the HTML that outputs generate: autoescaped, with templates laid out for reading.

Every value a template prints is HTML-escaped unless it is `Markup`: author text (titles,
summaries, field values, glossary terms) can never become markup by accident. Fragments that
are HTML already (another template's output, the model's sanitised HTML) are passed as
`Markup`, so the one place that vouches for them is visible in the code.

Fixed words of the templates go through `_()` (Jinja2's i18n extension, newstyle): the label
in the language being written, escaped like any value.

Templates are written one element per line for reading; a line break and the indentation that
follows it are not part of the output (`Compact`), so the generated HTML stays on one line
where Python-Markdown needs it to. Where a space matters, it is written within a line.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

from normkit.translations import labels

_LAYOUT = re.compile(r"\n[ \t]*")
JSON_OPTIONS = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
"""How `tojson` writes embedded data: compact and stable (it also escapes `<`, `>`, `&`, `'`)."""


class Compact(Extension):
    """Drops each line break of a template together with the indentation after it."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _LAYOUT.sub("", source)


class _Environment(Environment):
    """Jinja2's environment, with each template's globals in a plain dict.

    Jinja2 chains a template's globals to the environment's (a `ChainMap`), so that a change
    to the environment's globals after a template is loaded still shows in it, which its
    documentation asks not to rely on. Every render copies those globals into the new
    context, and every `{% from ... import %}` compares them with the imported template's:
    through the chain, item by item in Python, about a tenth of the time a site spends on
    its pages (3,400 renders at NIST's size). The globals here are complete before any
    template is loaded (`environment`), so a copy holds the same names and values."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


@cache
def environment(package: str) -> Environment:
    """The environment for the `templates/` folder of an output package."""
    env = _Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=[Compact, "jinja2.ext.i18n"],
        keep_trailing_newline=False,
        # The templates are normkit's own files: not checked on disk at every use (twice
        # per page and criterion, 76,000 `stat` calls in a site of 10,000 criteria).
        auto_reload=False,
    )
    env.policies["json.dumps_kwargs"] = JSON_OPTIONS
    # `{{ _("Applies to") }}`: the label in the language being written (labels.labels_in).
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=labels.gettext, ngettext=labels.ngettext, newstyle=True
    )
    return env


def render_template(package: str, name: str, **context: Any) -> Markup:
    """A template of `package` rendered to HTML (safe to nest in another template)."""
    return Markup(environment(package).get_template(name).render(**context))
