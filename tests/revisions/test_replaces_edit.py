"""Adding `replaces` ids to a criterion block in place: every other byte kept."""

from __future__ import annotations

import pytest

from normkit.sources.replaces_edit import BlockNotFound, add_replaces

SOURCE = (
    "# 1 Principle\r\n\r\n"
    "## 1.1 First\r\n\r\n```criterion\r\nid: first\r\napplies_to: [all]  # all of them\r\n```\r\n"
    "\r\nThe body, with `replaces: [x]` in code.\r\n\r\n"
    "## 1.2 Second\r\n\r\n```criterion\r\nid: second\r\nreplaces:   [a]   # kept\r\n```\r\n\r\n"
    "## 1.3 Third\r\n\r\n~~~~ criterion\r\nid: third\r\nreplaces:\r\n  - b\r\n  - c\r\n"
    "critical: true\r\n~~~~\r\n\r\nText.\r\n"
)


def test_a_block_without_replaces_gets_one_line_before_its_fence() -> None:
    edited = add_replaces(SOURCE, 3, ["p", "q"])
    assert edited == SOURCE.replace(
        "applies_to: [all]  # all of them\r\n```",
        "applies_to: [all]  # all of them\r\nreplaces: [p, q]\r\n```",
    )


def test_a_flow_list_gets_the_new_ids_after_the_old_and_keeps_its_comment() -> None:
    edited = add_replaces(SOURCE, 12, ["a", "d"])
    assert edited == SOURCE.replace("replaces:   [a]   # kept", "replaces: [a, d] # kept")


def test_a_block_list_becomes_one_flow_line() -> None:
    edited = add_replaces(SOURCE, 18, ["c", "e"])
    assert edited == SOURCE.replace("replaces:\r\n  - b\r\n  - c\r\n", "replaces: [b, c, e]\r\n")


def test_ids_already_there_change_nothing() -> None:
    assert add_replaces(SOURCE, 18, ["b"]) == SOURCE
    assert add_replaces(SOURCE, 12, ["a"]) == SOURCE


def test_a_heading_without_a_block_is_refused() -> None:
    with pytest.raises(BlockNotFound):
        add_replaces(SOURCE, 1, ["a"])
