"""Numbering styles, natural order, lineage order, and the metadata that declares them."""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path

import pytest

from normkit.assemble.lineage import lineage_order
from normkit.model.numbering import (
    DEFAULT_NUMBERING,
    Numbering,
    NumberingStyle,
    number_sort_key,
    numbering_for,
)
from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise

ALPHANUMERIC = numbering_for(NumberingStyle.ALPHANUMERIC)
CONTROLS = Numbering(
    style=NumberingStyle.PATTERN, pattern=r"^[A-Z]{2}(-\d+(\(\d+\))?)?$", declared=True
)


@pytest.mark.parametrize(
    ("numbering", "heading", "expected"),
    [
        (DEFAULT_NUMBERING, "5.3 Greenhouse gas targets", ("5.3", "Greenhouse gas targets")),
        (DEFAULT_NUMBERING, "5.3. Greenhouse gas targets", ("5.3", "Greenhouse gas targets")),
        (DEFAULT_NUMBERING, "5 — Climate", ("5", "Climate")),
        (DEFAULT_NUMBERING, "5: Climate", ("5", "Climate")),
        (DEFAULT_NUMBERING, "1.1", ("1.1", "")),
        (DEFAULT_NUMBERING, "Scope 1 emissions", ("", "Scope 1 emissions")),
        (DEFAULT_NUMBERING, "AC-2 Account management", ("", "AC-2 Account management")),
        (
            ALPHANUMERIC,
            "AC-2(1) Automated account management",
            ("AC-2(1)", "Automated account management"),
        ),
        (ALPHANUMERIC, "OSPS-AC-01.01", ("OSPS-AC-01.01", "")),
        (ALPHANUMERIC, "V1.2.3 Output encoding", ("V1.2.3", "Output encoding")),
        (ALPHANUMERIC, "C.1 Annex requirement", ("C.1", "Annex requirement")),
        (ALPHANUMERIC, "UX01 Accessible design", ("UX01", "Accessible design")),
        (ALPHANUMERIC, "5.3 Targets", ("5.3", "Targets")),
        (ALPHANUMERIC, "Annex C", ("", "Annex C")),
        (CONTROLS, "AC Access Control", ("AC", "Access Control")),
        (CONTROLS, "AC-2(13)", ("AC-2(13)", "")),
        (CONTROLS, "AC-2a Not a control number", ("", "AC-2a Not a control number")),
        (numbering_for(NumberingStyle.NONE), "2030 targets", ("", "2030 targets")),
    ],
)
def test_split(numbering: Numbering, heading: str, expected: tuple[str, str]) -> None:
    assert numbering.split(heading) == expected


def test_natural_order_of_numbers() -> None:
    shuffled = ["AC-10", "C.1", "AC-2(13)", "5.10", "AC-2", "5.2", "AC-2(2)", "AC-2(1)", "V1.10"]
    assert sorted(shuffled, key=number_sort_key) == [
        "5.2",
        "5.10",
        "AC-2",
        "AC-2(1)",
        "AC-2(2)",
        "AC-2(13)",
        "AC-10",
        "C.1",
        "V1.10",
    ]


def _run_by_run_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """The natural order spelled out: one (kind, value, text) per run, digits first."""
    runs = re.findall(r"(\d+)|(\D+)", number)
    return tuple((0, int(d), "") if d else (1, 0, other.casefold()) for d, other in runs)


def test_natural_order_is_the_run_by_run_order() -> None:
    """The key made in one split orders (and equates) numbers as comparing run by run does:
    numbers starting or ending with either kind of run, empty, case-folded, non-ASCII."""
    alphabet = "0123456789aAbBzZ.-()ßſΣσ٣ "
    rng = random.Random(15)
    numbers = ["", "5", "C", "5a", "a5", "5.", ".5", "AC-2(1)", "ac-2(01)", "Straße", "STRASSE"]
    numbers += ["".join(rng.choices(alphabet, k=rng.randint(0, 8))) for _ in range(3000)]
    for a in numbers:
        for b in (rng.choice(numbers), a[:2], a + "1", a + "x", "1" + a, "x" + a):
            old_a, old_b = _run_by_run_key(a), _run_by_run_key(b)
            new_a, new_b = number_sort_key(a), number_sort_key(b)
            assert (new_a < new_b, new_a == new_b) == (old_a < old_b, old_a == old_b), (a, b)
    assert sorted(numbers, key=number_sort_key) == sorted(numbers, key=_run_by_run_key)


def _order(*versions: tuple[str, str | None, str | None]) -> list[str]:
    """Names in lineage order; each version is (name, supersedes, published)."""
    ordered = lineage_order(
        list(versions),
        name=lambda v: v[0],
        predecessor=lambda v: v[1],
        date=lambda v: datetime.date.fromisoformat(v[2]) if v[2] else None,
    )
    return [v[0] for v in ordered]


def test_lineage_not_names_orders_versions() -> None:
    assert _order(("July-2026", "Q4-2025", None), ("Q4-2025", None, None)) == [
        "Q4-2025",
        "July-2026",
    ]
    assert _order(("rev5", "rev4", None), ("rev4", None, None)) == ["rev4", "rev5"]
    assert _order(
        ("2025-10-10", "2025-02-25", "2025-10-10"), ("2025-02-25", None, "2025-02-25")
    ) == ["2025-02-25", "2025-10-10"]


def test_unrelated_versions_follow_dates_then_names() -> None:
    assert _order(
        ("beta", None, None),
        ("second", None, "2021-01-01"),
        ("first", None, "2019-01-01"),
        ("alpha", None, None),
    ) == ["first", "second", "alpha", "beta"]
    # a draft and a final text both superseding v3: the earlier first
    assert _order(
        ("v4", "v3", "2026-01-01"), ("v4-draft", "v3", "2025-06-01"), ("v3", None, "2020-01-01")
    ) == ["v3", "v4-draft", "v4"]


def test_cycles_end_without_hanging() -> None:
    assert _order(("a", "b", None), ("b", "a", None), ("c", None, None)) == ["c", "a", "b"]
    assert _order(("self", "self", None)) == ["self"]
    assert _order(("x", "z", None), ("y", "x", None), ("z", "y", None), ("w", "x", None)) == [
        "w",
        "x",
        "y",
        "z",
    ]


Edit = tuple[str, str, str]
"""(file, old text, new text)."""


def _check(tmp_path: Path, *edits: Edit) -> list[str]:
    project = materialise(None, tmp_path / "p")
    for name, old, new in edits:
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    diagnostics = check_project(project).diagnostics
    return [f"{d.code.code}: {d.message}" for d in diagnostics if "/v1/" not in d.location.path]


STANDARD = "standards/demo/standard.yml"
CHAPTER = "standards/demo/v2/01-governance.md"


@pytest.mark.parametrize(
    ("numbering", "message"),
    [
        ("numbering: roman", "meta.invalid: unknown numbering style 'roman'"),
        (
            "numbering: {style: dotted}",
            "meta.invalid: 'numbering' must be a style name or a mapping with one key, 'pattern'",
        ),
        (
            "numbering: {pattern: '[A-Z'}",
            "meta.invalid: numbering pattern `[A-Z`: not a valid regular expression "
            "(missing ]: [A-Z); patterns use RE2 syntax: no look-around or back-references",
        ),
        (
            "numbering: {pattern: '(?=A)[A-Z]+'}",
            "meta.invalid: numbering pattern `(?=A)[A-Z]+`: not a valid regular expression "
            "(invalid perl operator: (?=); patterns use RE2 syntax: no look-around or "
            "back-references",
        ),
        (
            "numbering: {pattern: '\\d*'}",
            "meta.invalid: numbering pattern `\\d*`: it matches an empty number; every number "
            "needs at least one character",
        ),
    ],
)
def test_bad_numbering_declarations(tmp_path: Path, numbering: str, message: str) -> None:
    assert _check(tmp_path, (STANDARD, "code: DS\n", f"code: DS\n{numbering}\n")) == [message]


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("AC-2(1)", []),
        ("AC-10", []),
        ("AC-1", ["number.order: number AC-1 comes after AC-2"]),
        ("AC-2", ["number.duplicate: number AC-2 is also used by 'legal-compliance'"]),
    ],
)
def test_declared_numbering_orders_naturally(
    tmp_path: Path, second: str, expected: list[str]
) -> None:
    pattern = "numbering: {pattern: '[A-Z]{2}-\\d+(\\(\\d+\\))?'}\n"
    assert (
        _check(
            tmp_path,
            (STANDARD, "code: DS\n", f"code: DS\n{pattern}"),
            (CHAPTER, "### 1.1 Legal compliance", "### AC-2 Legal compliance"),
            (CHAPTER, "### 1.2 Greenhouse", f"### {second} Greenhouse"),
        )
        == expected
    )


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("status: retired", "meta.invalid: 'status': 'retired' is not one of active, withdrawn"),
        (
            "withdrawn_to: [ghg-targets]",
            "meta.invalid: 'withdrawn_to' is only for withdrawn criteria",
        ),
        (
            "status: withdrawn\nwithdrawn_as: merged\nwithdrawn_to: [ghg-targets]",
            "meta.invalid: 'withdrawn_as': 'merged' is not one of incorporated, moved",
        ),
        (
            "status: withdrawn\nwithdrawn_as: moved",
            "meta.invalid: 'withdrawn_as: moved' needs the ids it went to in 'withdrawn_to'",
        ),
    ],
)
def test_bad_withdrawal_blocks(tmp_path: Path, block: str, message: str) -> None:
    found = _check(
        tmp_path, (CHAPTER, "id: legal-compliance\n", f"id: legal-compliance\n{block}\n")
    )
    assert [m for m in found if m.startswith("meta.")] == [message]


def test_withdrawn_criterion_needs_no_body_and_no_guidance(tmp_path: Path) -> None:
    chapter = (
        "### 1.3 Old requirement\n\n```criterion\nid: old-requirement\nstatus: withdrawn\n"
        "withdrawn_to: [ghg-targets.b]\n```\n"
    )
    project = materialise(None, tmp_path / "p")
    path = project / CHAPTER
    path.write_text(path.read_text(encoding="utf-8") + "\n" + chapter, encoding="utf-8")
    assert [d.format() for d in check_project(project).diagnostics] == []
