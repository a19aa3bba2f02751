"""NIST SP 800-53 rev4 and rev5 (OSCAL, from shared/corpora): imported into one standard,
checked, and compared; the diff must find NIST's own record of withdrawn controls."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from normkit.diagnostics import Severity
from normkit.importers import criterion_id, import_source
from normkit.pipeline import check_project
from normkit.revisions.comparison import compare

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "nist-800-53"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpora/nist-800-53")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="shared/corpora is not beside the repository"
)


def _controls(path: Path) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(controls: list[dict[str, Any]]) -> None:
        for control in controls:
            found[control["id"]] = control
            walk(control.get("controls", []))

    for group in json.loads(path.read_text())["catalog"]["groups"]:
        walk(group.get("controls", []))
    return found


def _withdrawn(control: dict[str, Any]) -> bool:
    return any(
        p["name"] == "status" and p["value"].lower() == "withdrawn" for p in control["props"]
    )


def _target(href: str) -> tuple[str, str | None]:
    """NIST's `#ac-2_smt.k` → (`ac-2`, `k`); `#ac-6` → (`ac-6`, None)."""
    fragment = href.lstrip("#")
    control, _, part = fragment.partition("_smt.")
    return criterion_id(control), (part.split(".")[0] or None) if part else None


@pytest.fixture(scope="module")
def nist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("nist")
    (root / "standards").mkdir()
    for version in ("rev4", "rev5"):
        result = import_source(CORPUS / f"{version}-catalog.json", root, "nist", version)
        assert result.ok, [d.format() for d in result.diagnostics]
    return root


def test_both_revisions_check_without_errors(nist: Path) -> None:
    result = check_project(nist)
    assert [d.format() for d in result.diagnostics if d.severity is Severity.ERROR] == []
    rev4, rev5 = result.corpus.version("nist", "rev4"), result.corpus.version("nist", "rev5")
    assert rev4 is not None and rev5 is not None and rev5.supersedes == "rev4"
    assert len(list(rev4.criteria())) + len(list(rev5.criteria())) == 2111


def test_diff_lists_the_withdrawn_controls_with_nists_targets(nist: Path) -> None:
    corpus = check_project(nist).corpus
    old, new = corpus.version("nist", "rev4"), corpus.version("nist", "rev5")
    assert old is not None and new is not None
    changeset = compare(corpus, old, new)
    found = {
        change.new[0].id: sorted((t.criterion_id, t.part) for t in change.withdrawn_to)
        for change in changeset.changes
        if "withdrawn" in change.kinds
    }
    rev4, rev5 = _controls(CORPUS / "rev4-catalog.json"), _controls(CORPUS / "rev5-catalog.json")
    expected = {
        criterion_id(oscal_id): sorted(
            _target(link["href"])
            for link in control.get("links", [])
            if link["rel"] in ("incorporated-into", "moved-to") and "-" in link["href"]
        )
        for oscal_id, control in rev5.items()
        if _withdrawn(control) and oscal_id in rev4 and not _withdrawn(rev4[oscal_id])
    }
    assert len(expected) > 80
    assert found == expected
    assert found["ac-2-10"] == [("ac-2", "k")]
    # A control withdrawn into a whole family keeps that in its reason.
    sa_12 = new.criterion("sa-12")
    assert sa_12 is not None
    assert sa_12.withdrawn_reason == "Incorporated into the Supply Chain Risk Management family."
