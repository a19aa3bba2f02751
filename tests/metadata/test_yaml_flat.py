"""The reader of flat `key: value` blocks gives exactly what the YAML parser's events give."""

from __future__ import annotations

import random
import string

import pytest

from normkit.sources.yaml_values import (
    YamlMapping,
    _plain,
    _plain_value,
    composed_mapping,
    flat_mapping,
)

FLAT = [
    "id: a\n",
    "id: a",
    "id: ac-1\napplies_to: [mining]\ncriticality: core\n",
    "a: [ x ,y,  z ]\n",
    "a: []\nb: [ ]\n",
    "a: b  c\n\n\nd: e\n",
    "a:  spaced\n",
    "k_-: v-w.x y\n",
    "a: [1, 2.5, yes, null, 2025-01-01]\n",
    "a: yes\nb: 1.10\nc: 2025-01-01\nd: 2025-02-30\ne: null\nf: 0x1F\ng: 1_000\nh: on\n",
]
NOT_FLAT = [
    "",
    "\nid: a\n",
    "a: b\na: c\n",  # a duplicate key is the parser's to report
    "a: b \n",
    "a: b\t\n",
    "a: b # note\n",
    "a: 12:30\n",
    "a: .inf\n",
    "a: -1\n",
    "a: 'quoted'\n",
    "a: [x, ]\n",
    "a:\n  - x\n",
    "a: b\r\n",
    "a: &x 1\n",
    "é: ü\n",
]
ATOMS = ["a", "yes", "No", "1", "1.5", "2024-01-01", "x-y", "x.y", "0", "01", "null", "NULL"]
ATOMS += ["True", "y", "n", "1_0", "9e9", "x y", "a  b", "inf", "nan", "1.", "_", "0x1F", "0o17"]


def _same(text: str, first_line: int = 1, first_column: int = 1) -> bool:
    flat = flat_mapping(text, "x.md", first_line, first_column)
    if flat is None:
        return False
    composed, problems = composed_mapping(text, "x.md", first_line, first_column)
    assert not problems and isinstance(composed, YamlMapping)
    for name in ("values", "origin", "positions", "key_positions", "texts"):
        ours, theirs = getattr(flat, name), getattr(composed, name)
        assert repr(ours) == repr(theirs), (text, name)  # types and insertion order too
    return True


@pytest.mark.parametrize("text", FLAT)
def test_flat_blocks_read_as_the_parser_reads_them(text: str) -> None:
    assert _same(text)
    assert _same(text, first_line=12, first_column=5)


@pytest.mark.parametrize("text", NOT_FLAT)
def test_anything_else_goes_to_the_parser(text: str) -> None:
    assert flat_mapping(text, "x.md") is None


def test_generated_flat_blocks_read_as_the_parser_reads_them() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        lines = []
        for number in range(rng.randint(1, 5)):
            key = rng.choice(["id", "a", "b_c", "d-e", "applies_to", "x1"]) + str(number)
            if rng.random() < 0.3:
                items = [rng.choice([a for a in ATOMS if " " not in a]) for _ in range(3)]
                inside = rng.choice([",", ", ", " , "]).join(items[: rng.randint(0, 3)])
                value = "[" + rng.choice(["", " "]) + inside + rng.choice(["", " "]) + "]"
            else:
                value = rng.choice(ATOMS)
            lines.append(f"{key}:{' ' * rng.randint(1, 2)}{value}")
            if rng.random() < 0.1:
                lines.append("")
        text = "\n".join(lines) + rng.choice(["", "\n"])
        assert _same(text, rng.randint(1, 9), rng.randint(1, 4)), text


@pytest.mark.parametrize(
    "first", sorted({*string.ascii_letters, *string.digits, *string.punctuation, "é", "中"})
)
def test_scalars_the_resolver_is_not_asked_about_are_what_it_would_make(first: str) -> None:
    for text in (first, f"{first}x", f"{first}1", f"{first}.5", f"{first}es", f"{first}ull"):
        assert repr(_plain_value(text)) == repr(_plain.__wrapped__(text)), text
    for text in ATOMS:
        assert repr(_plain_value(text)) == repr(_plain.__wrapped__(text)), text
