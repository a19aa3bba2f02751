"""The one configured markdown-it parser every Markdown source goes through."""

from __future__ import annotations

import logging
from functools import cache
from types import FunctionType, SimpleNamespace

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from normkit.sources.control import control_references_plugin
from normkit.sources.plugins.refs import refs_plugin
from normkit.sources.plugins.terms import terms_plugin


@cache
def parser() -> MarkdownIt:
    """CommonMark plus tables, strikethrough, footnotes, definition lists, refs and terms;
    character references to control characters are left out (`control.py`). Its block rules
    skip markdown-it's debug logging where nothing would show it (`_without_debug_calls`)."""
    md = configured()
    _without_debug_calls(md)
    return md


def configured() -> MarkdownIt:
    """A new parser configured as `parser` is, with markdown-it's own rules."""
    md = MarkdownIt("commonmark", {"html": True, **_LOOKED_UP})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    md.use(refs_plugin)
    md.use(terms_plugin)
    md.use(control_references_plugin)
    return md


_LOOKED_UP = {
    "strikethrough_single_tilde": False,  # every paragraph's inline text
    "tasklists": False,  # every list
    "alerts": False,  # every block quote
    "inline_definitions": False,  # every link reference definition
    "store_labels": False,  # every reference link and image
}
"""Options markdown-it's rules look up as `md.options.get(name, default)` that its presets
leave out: set, each to that default. `md.options` is a `MutableMapping` (`OptionsDict`) whose
`get` of a name it lacks raises and catches a `KeyError`: ~9,100 of them in the main process
of a `check --jobs 1` of 1,000 criteria (27 M instructions, 0.9%)."""

_SILENT = SimpleNamespace(debug=lambda *args: None)
"""What a block rule finds as its module's `LOGGER` in `_without_debug_calls`."""


def _without_debug_calls(md: MarkdownIt) -> None:
    """`md`'s block rules made to skip their `LOGGER.debug(...)` call where that logger
    would drop the message anyway (no DEBUG level set for it when the parser is built).

    markdown-it calls it on entering each block rule it tries (about 80,000 calls at 1,000
    criteria): `Logger.debug` and `isEnabledFor` cost 4% of a parse. Each such rule is
    replaced, in `md` only, by a copy of its function that finds a no-op as `LOGGER`; the
    rule's code, closure and the rest of its module's names are the original's, so the
    tokens are the same. markdown-it's modules are not changed."""
    ruler = md.block.ruler
    for rule in ruler.__rules__:
        function = rule.fn
        if type(function) is not FunctionType:
            continue
        logger = function.__globals__.get("LOGGER")
        if not isinstance(logger, logging.Logger) or logger.isEnabledFor(logging.DEBUG):
            continue
        names = {**function.__globals__, "LOGGER": _SILENT}
        quiet = FunctionType(
            function.__code__, names, function.__name__, function.__defaults__,
            function.__closure__,
        )  # fmt: skip
        quiet.__kwdefaults__ = function.__kwdefaults__
        quiet.__qualname__ = function.__qualname__
        rule.fn = quiet
    ruler.__cache__ = None  # its chains are built again from the copies


def parse(text: str) -> list[Token]:
    """Parse a whole Markdown file into block tokens (`token.map` holds 0-based lines)."""
    return parser().parse(text, {})
