"""Matching on synthetic criteria: `replaces` groups, and suggestions that refuse to guess."""

from __future__ import annotations

import random

from normkit.model import Criterion, Location, Text
from normkit.revisions.matching import match_declared
from normkit.revisions.successors import DEFAULT_CONFIDENCE, SuccessorKind
from normkit.revisions.successors.engine import suggest_successors
from normkit.revisions.successors.items import Item, criterion_item


def criterion(
    criterion_id: str, body: str, *, title: str = "Title", replaces: tuple[str, ...] = ()
) -> Criterion:
    return Criterion(
        id=criterion_id,
        number="1.1",
        title=title,
        body=Text(markdown=body, pieces=(f"<p>{body}</p>",), plain=body),
        parts=(),
        applies_to=(),
        fields={},
        replaces=replaces,
        references=(),
        terms=(),
        section_path=("s",),
        content_hash="",
        location=Location(path="x.md"),
    )


def test_many_to_many_is_split_and_merged() -> None:
    old = [criterion("a", "x"), criterion("b", "y")]
    new = [criterion("c", "x", replaces=("a", "b")), criterion("d", "y", replaces=("b",))]
    (group,) = match_declared(old, new)
    assert [c.id for c in group.old] == ["a", "b"]
    assert [c.id for c in group.new] == ["c", "d"]
    assert group.declared


def test_split_keeping_the_id() -> None:
    old = [criterion("a", "x")]
    new = [criterion("a", "x"), criterion("b", "y", replaces=("a",))]
    (group,) = match_declared(old, new)
    assert ([c.id for c in group.old], [c.id for c in group.new]) == (["a"], ["a", "b"])


def test_replaces_naming_an_unknown_id_is_ignored() -> None:
    groups = match_declared([criterion("a", "x")], [criterion("b", "y", replaces=("zzz",))])
    assert [([c.id for c in g.old], [c.id for c in g.new]) for g in groups] == [
        ([], ["b"]),
        (["a"], []),
    ]


LONG = (
    "The Entity shall publish an annual report on its water withdrawal and discharge, "
    "broken down by catchment and source, and shall have it verified by an independent party"
)


def items(criteria: list[Criterion]) -> list[Item]:
    return [criterion_item(c, {}) for c in criteria]


def confident(old: list[Criterion], new: list[Criterion]) -> list[tuple[str, str, str]]:
    lineage = suggest_successors(items(old), items(new))
    return [
        (s.old_id, s.new_id, str(s.kind))
        for s in lineage.links
        if s.confidence >= DEFAULT_CONFIDENCE
    ]


def test_two_old_criteria_inside_one_new_are_a_merge_not_a_guess() -> None:
    old = [
        criterion("mining", f"{LONG} for its mining sites."),
        criterion("smelting", f"{LONG} for its smelting sites."),
    ]
    new = [criterion("both", f"{LONG} for its mining and smelting sites.")]
    found = confident(old, new)
    assert sorted(found) == [("mining", "both", "merge"), ("smelting", "both", "merge")]


def test_clear_match_is_suggested_and_unrelated_text_is_not() -> None:
    old = [
        criterion("reporting", f"{LONG}.", title="Water reporting"),
        criterion("noise", "Noise and vibration shall be monitored at the fence line."),
    ]
    new = [
        criterion("water-report", f"{LONG} every year.", title="Water reporting"),
        criterion("bribery", "The Entity shall prohibit bribery in all its forms."),
    ]
    lineage = suggest_successors(items(old), items(new))
    assert confident(old, new) == [("reporting", "water-report", "one-to-one")]
    (dropped,) = lineage.dropped
    assert dropped.old_id == "noise" and dropped.confidence >= DEFAULT_CONFIDENCE
    assert SuccessorKind.ONE_TO_ONE == "one-to-one"


def test_known_pairs_are_not_suggested_again() -> None:
    old = [criterion("reporting", f"{LONG}.", title="Water reporting")]
    new = [criterion("reporting", f"{LONG} every year.", title="Water reporting")]
    lineage = suggest_successors(items(old), items(new), known={"reporting": "reporting"})
    assert lineage.links == () and lineage.dropped == ()


def test_pairing_by_id_alone_gives_the_groups_of_the_general_pairing() -> None:
    """Versions whose ids are unique and whose `replaces` name no old criterion are paired
    without the union-find (`matching._by_id`): the same groups, in the same order, as the
    general pairing gives (here forced by a duplicated id, whose groups are then left out)."""
    chooser = random.Random(15)
    for _ in range(200):
        names = [f"c{n}" for n in range(12)]
        old = [criterion(name, "x") for name in chooser.sample(names, chooser.randint(0, 8))]
        new = [
            criterion(name, "x", replaces=("zzz",) if chooser.random() < 0.2 else ())
            for name in chooser.sample(names, chooser.randint(0, 8))
        ]
        duplicated = [*old, criterion("dup", "x"), criterion("dup", "x")]
        general = [
            group
            for group in match_declared(duplicated, new)
            if not any(c.id == "dup" for c in group.old)
        ]
        assert match_declared(old, new) == general
