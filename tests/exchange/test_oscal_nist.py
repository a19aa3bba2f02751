"""Real content through the exchange: NIST SP 800-53 rev5 (shared/corpora), imported as
normkit sources, written back as an OSCAL catalog that NIST's schema and trestle accept and
that imports again as the same criteria."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normkit.importers import import_source
from normkit.outputs.oscal.catalog import catalog_document
from normkit.pipeline import check_project
from tests.exchange.oscal_tools import schema_errors, trestle
from tests.exchange.test_oscal_catalog import _same_criterion

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "nist-800-53"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpora/nist-800-53")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="shared/corpora is not beside the repository"
)


def test_nist_rev5_round_trips_through_normkit(tmp_path: Path) -> None:
    first = tmp_path / "first"
    (first / "standards").mkdir(parents=True)
    assert import_source(CORPUS / "rev5-catalog.json", first, "nist", "rev5").ok
    checked = check_project(first)
    assert checked.ok
    standard = checked.corpus.standards[0]
    version = standard.versions[0]
    document = catalog_document(checked.corpus, standard, version)
    assert schema_errors("catalog", document) == []
    exported = tmp_path / "catalog.json"
    exported.write_text(json.dumps(document, indent=2), encoding="utf-8")
    result = trestle(exported, "catalog")
    assert result.returncode == 0, result.stdout + result.stderr

    second = tmp_path / "second"
    (second / "standards").mkdir(parents=True)
    assert import_source(exported, second, "nist", "rev5").ok
    again = check_project(second)
    assert again.ok
    original = list(version.criteria())
    found = {c.id: c for c in again.corpus.standards[0].versions[0].criteria()}
    assert list(found) == [c.id for c in original]
    withdrawn = [c for c in original if c.is_withdrawn]
    assert len(withdrawn) > 100, "rev5 keeps its withdrawn controls"
    problems = {}
    for criterion in original:
        differences = [
            p for p in _same_criterion(criterion, found[criterion.id]) if p != "applicability"
        ]
        if differences:
            problems[criterion.id] = differences
    assert problems == {}
