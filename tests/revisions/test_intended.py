"""Every `changes.yml` in the demo and the mini-project is exactly what the diff finds."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from normkit.model.corpus import Corpus
from normkit.pipeline import check_project
from normkit.revisions import compare
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
    intended = yaml.safe_load(path.read_text(encoding="utf-8"))
    standard, name = path.parent.parent.name, path.parent.name
    new = corpus.version(standard, name)
    assert new is not None
    old = corpus.version(standard, str(intended["from"]))
    if old is None:
        pytest.skip(f"{standard}@{intended['from']} is not in the corpus yet")
    assert new.supersedes == old.name
    problems = discrepancies(compare(corpus, old, new), intended)
    assert problems == [], "\n".join(problems)


def test_discrepancies_are_reported(corpora: dict[Path, Corpus]) -> None:
    corpus = corpora[MINI]
    old, new = corpus.version("demo", "v1"), corpus.version("demo", "v2")
    assert old is not None and new is not None
    changeset = compare(corpus, old, new)
    intended = {
        "from": "v1",
        "criteria": [
            {"kinds": ["editorial"], "old": ["legal"], "new": ["legal"]},
            {"kinds": ["text-changed"], "old": ["board"], "new": ["board"]},
            {"kinds": ["added"], "new": ["not-there"]},
        ],
        "terms": [{"kind": "added", "term": "Gadget"}],
    }
    problems = discrepancies(changeset, intended)
    assert (
        "old ['board'] → new ['board']: intended ['text-changed'], found ['renumbered']" in problems
    )
    assert "intended ['added'] old [] → new ['not-there']: not found" in problems
    assert any("found ['removed'] old ['energy-audit']" in p for p in problems)
    assert "found term change removed 'Gizmo': not listed as intended" in problems
    assert not any("'legal'" in p for p in problems)
