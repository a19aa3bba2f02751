"""YAML that cannot hurt: each unsafe or ambiguous input is one located, one-line diagnostic."""

from __future__ import annotations

import datetime
import tracemalloc

import pytest

from normkit.sources.yaml_values import parse_yaml_mapping, recover_mapping

# (YAML text, code, line, column) — the text starts at line 10 of "meta.yml".
BAD: list[tuple[str, str, int, int]] = [
    ("a: !!timestamp x\n", "yaml.tag", 10, 4),
    ("a: !!float abc\n", "yaml.tag", 10, 4),
    ("a: !!str 12\n", "yaml.tag", 10, 4),
    ("a: !custom 3\n", "yaml.tag", 10, 4),
    ("a: ! plain\n", "yaml.tag", 10, 4),
    ("a: !!set {x, y}\n", "yaml.tag", 10, 4),
    ("a: &x [1]\nb: *x\n", "yaml.alias", 10, 4),
    ("a: 1\nb: *nowhere\n", "yaml.alias", 11, 4),
    ("base: &b {k: 1}\nmore:\n  <<: *b\n", "yaml.alias", 10, 7),
    ("a: 1\nb: 2\na: 3\n", "yaml.duplicate-key", 12, 1),
    ("m:\n  x: 1\n  x: 2\n", "yaml.duplicate-key", 12, 3),
    ("[a, b]\n", "yaml.not-mapping", 10, 1),
    ("just text\n", "yaml.not-mapping", 10, 1),
    ("a: 1\n---\nb: 2\n", "yaml.malformed", 11, 1),
    ("? [a]\n: b\n", "yaml.malformed", 10, 3),
    ("a: [1\n", "yaml.malformed", 11, 1),
    ("a: 1\nb: {c", "yaml.malformed", 11, 6),  # the end of a text without a final line break
    ("a: 'x\x00y'\n", "yaml.malformed", 10, 6),
    ("a: ok\nb: x\x01\n", "yaml.malformed", 11, 5),
    ("é: ü\x7f\n", "yaml.malformed", 10, 5),
    ("a: " + "[" * 40 + "]" * 40 + "\n", "yaml.malformed", 10, 35),
    ("\tbad: tab\n", "yaml.malformed", 10, 1),
]


@pytest.mark.parametrize(("text", "code", "line", "column"), BAD)
def test_bad_yaml_is_one_located_diagnostic(text: str, code: str, line: int, column: int) -> None:
    mapping, problems = parse_yaml_mapping(text, "meta.yml", first_line=10)
    assert mapping is None
    assert problems, text
    first = problems[0]
    assert (first.code.code, first.location.line, first.location.column) == (code, line, column)
    for problem in problems:
        assert "\n" not in problem.message and "\\x" not in problem.message
        assert problem.location.path == "meta.yml"


def test_every_anchor_and_alias_together_is_one_error() -> None:
    text = "a: &a [1, 2]\nb: &b [*a, *a]\nc: [*b, *b, *a]\n"
    _, problems = parse_yaml_mapping(text, "meta.yml")
    assert [p.message for p in problems] == ["YAML anchor '&a' is not allowed (and 6 more)"]


def alias_bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_rejected_before_anything_expands() -> None:
    tracemalloc.start()
    try:
        mapping, problems = parse_yaml_mapping(alias_bomb(9), "bomb.yml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert mapping is None
    assert [p.code.code for p in problems] == ["yaml.alias"]
    assert peak < 5_000_000, f"parsing a bomb used {peak} bytes"


def test_values_are_kept_as_written_when_they_cannot_be_constructed() -> None:
    mapping, problems = parse_yaml_mapping(
        "published: 2025-02-30\nok: 2025-02-28\nversion: 1.10\ncode: NO\nbig: 1e999\n", "v.yml"
    )
    assert problems == [] and mapping is not None
    assert mapping.values["published"] == "2025-02-30"
    assert mapping.values["ok"] == datetime.date(2025, 2, 28)
    assert mapping.values["version"] == 1.1 and mapping.text("version") == "1.10"
    assert mapping.values["code"] is False and mapping.text("code") == "NO"


def test_positions_are_characters_not_bytes() -> None:
    mapping, _ = parse_yaml_mapping("é: [ü, x]\n", "f.yml", first_line=3)
    assert mapping is not None
    assert (mapping.at("é", 1).line, mapping.at("é", 1).column) == (3, 8)
    assert mapping.key_at("é").column == 1


def test_a_broken_file_keeps_its_plain_lines() -> None:
    recovered = recover_mapping("version: v3\nstatus: [published\nsupersedes: v2\nx: a: b\n", "v")
    assert recovered.values == {"version": "v3", "supersedes": "v2"}
    assert recovered.at("supersedes").line == 3
