"""The shared parser holds every option markdown-it's rules look up on the way (each at the
default the rule would take), so that none is looked for in vain, and it parses as a parser
without them does."""

from __future__ import annotations

from typing import Any

import pytest
from markdown_it.utils import OptionsDict

from normkit.sources.markdown import _LOOKED_UP, configured, parser
from tests.spine.test_debug_calls import _texts


def test_no_option_is_looked_for_in_vain(monkeypatch: pytest.MonkeyPatch) -> None:
    """`OptionsDict.get` of a name it lacks raises and catches a `KeyError`: a parse of
    paragraphs, lists, strikethrough, links and references asks for none it lacks."""
    missing: list[str] = []
    looked_up = OptionsDict.__getitem__

    def spy(self: OptionsDict, key: str) -> Any:
        if key not in self._options:
            missing.append(key)
        return looked_up(self, key)

    monkeypatch.setattr(OptionsDict, "__getitem__", spy)
    for text in _texts():
        parser().parse(text, {})
    assert not missing


def test_same_tokens_as_without_the_options() -> None:
    md, bare = parser(), configured()
    for name in _LOOKED_UP:
        del bare.options[name]
    for text in _texts():
        assert md.parse(text, {}) == bare.parse(text, {}), text
