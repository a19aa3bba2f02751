"""Short options (`-q`, `-j 2`) parsed as such at once, not first tried as long ones.

click's parser tries every option as a long one first (`-foo` may be one) and falls back to
the short options when that fails; but the failure is a `NoSuchOption` raised and caught,
whose making imports `difflib`, ranks every long option by its likeness to the short one
and looks its message up in `gettext`'s catalogs: ~0.8 M instructions per short option
(callgrind; a cold `build --only json -q -j1` of 181 criteria 750.1 → 748.5 M), paid before
the chapters start parsing (`head_start.py`), for an error nobody sees. Where the long
look-up can only fail, the short one is made directly: the option is no long option's name
and is not written `--…` nor `-opt=value` (click's own rule for what falls back to the
short options), so the parse, its values and its errors are the same. Anything else goes
through click's own method, as do click versions whose parser lacks what this reads.
"""

from __future__ import annotations

from typing import Any

import click


def short_options_first(parser: Any) -> Any:
    """`parser` (click's option parser) with its options' look-up taking a short option
    straight to the short options (see above)."""
    process = getattr(parser, "_process_opts", None)
    match_short = getattr(parser, "_match_short_opt", None)
    if process is None or match_short is None or not hasattr(parser, "_long_opt"):
        return parser  # another click: its own way
    context = getattr(parser, "ctx", None)

    def process_opts(arg: str, state: Any) -> None:
        if (
            "=" not in arg
            and arg[:2] not in parser._opt_prefixes  # not `--…`: may fall back to short
            and arg not in parser._long_opt
            and (context is None or context.token_normalize_func is None)
        ):
            match_short(arg, state)
        else:
            process(arg, state)

    parser._process_opts = process_opts
    return parser


class ShortOptionsFirst(click.Command):
    """A command whose parser takes short options at once (`short_options_first`)."""

    def make_parser(self, ctx: click.Context) -> Any:
        return short_options_first(super().make_parser(ctx))
