"""Every `changes.yml` in the demo and the mini-project is exactly what the diff finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from normkit.model.location import Location
from normkit.model.standard import IntendedChange, IntendedChanges, IntendedTermChange
from normkit.pipeline import check_project
from normkit.revisions.comparison import compare
from normkit.revisions.intended import discrepancies

REPO = Path(__file__).resolve().parents[2]
MINI = Path(__file__).resolve().parent / "project"
CHANGE_FILES = sorted(
    [*REPO.glob("standards/*/*/changes.yml"), *MINI.glob("standards/*/*/changes.yml")]
)


@pytest.fixture(scope="module")
def corpora() -> dict[Path, Corpus]:
    return {root: check_project(root).corpus for root in (REPO, MINI)}


def test_there_are_change_files() -> None:
    assert any(path.is_relative_to(REPO / "standards") for path in CHANGE_FILES)


@pytest.mark.parametrize(
    "path", CHANGE_FILES, ids=[str(p.parent.relative_to(p.parents[3])) for p in CHANGE_FILES]
)
def test_diff_matches_changes_yml(path: Path, corpora: dict[Path, Corpus]) -> None:
    root = MINI if path.is_relative_to(MINI) else REPO
    corpus = corpora[root]
    standard, name = path.parent.parent.name, path.parent.name
    new = corpus.version(standard, name)
    assert new is not None and new.intended_changes is not None
    old = corpus.version(standard, str(new.intended_changes.from_version))
    if old is None:
        pytest.skip(f"{standard}@{new.intended_changes.from_version} is not in the corpus yet")
    assert new.supersedes == old.name
    problems = discrepancies(compare(corpus, old, new), new.intended_changes)
    assert problems == [], "\n".join(p.message for p in problems)


def test_discrepancies_are_reported(corpora: dict[Path, Corpus]) -> None:
    corpus = corpora[MINI]
    old, new = corpus.version("demo", "v1"), corpus.version("demo", "v2")
    assert old is not None and new is not None
    changeset = compare(corpus, old, new)
    here = Location(path="changes.yml", line=1, column=1)

    def entry(line: int, kinds: list[str], old: list[str], new: list[str]) -> IntendedChange:
        where = Location(path="changes.yml", line=line, column=5)
        return IntendedChange(
            kinds=tuple(kinds), old=tuple(old), new=tuple(new), fields=(), location=where
        )

    intended = IntendedChanges(
        from_version="v1",
        criteria=(
            entry(3, ["editorial"], ["legal"], ["legal"]),
            entry(4, ["text-changed"], ["board"], ["board"]),
            entry(5, ["added"], [], ["not-there"]),
        ),
        terms=(IntendedTermChange(kind="added", term="Gadget", location=here),),
        complete=True,
        location=here,
        from_location=here,
    )
    problems = {(p.location.line, p.message) for p in discrepancies(changeset, intended)}
    assert (4, "board: intended text-changed, found renumbered") in problems
    assert (5, "intended added of (none) → not-there: not found") in problems
    assert any(m.startswith("found removed of energy-audit → (none)") for _, m in problems)
    assert (1, "found term change removed 'Gizmo': not listed as intended") in problems
    assert not any("legal" in m for _, m in problems)
    assert not any("[" in m or "'board'" in m for _, m in problems), "no Python reprs"
