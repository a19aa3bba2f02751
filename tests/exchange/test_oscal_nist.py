"""Real content through the exchange: NIST SP 800-53 rev5 (shared/corpora), imported as
normkit sources, written back as an OSCAL catalog that NIST's schema and trestle accept and
that imports again as the same criteria."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from normkit.importers import import_source
from normkit.model.guidance import GuidanceEntry
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


def _guidance(entry: GuidanceEntry | None) -> Any:
    """What a reader sees of a guidance entry: its text and its sections' titles and text."""
    if entry is None:
        return None
    return entry.intro.plain, [(s.title, s.text.plain) for s in entry.sections]


def _without_added_related(text: str, original: str) -> str:
    head, found, _ = text.rpartition("\n\nRelated controls: ")
    return head if found and text != original else text


def _same_guidance(original: Any, again: Any) -> bool:
    """The same guidance, except that a control whose text links a document or control
    without listing it (the export adds a link of the control for each, as OSCAL wants)
    comes back with that list: "Related controls: …" after the guidance's text, or
    "References"."""
    if original is None or again is None:
        return bool(original == again)
    (intro, sections), (intro_again, sections_again) = original, again
    if sections and sections_again:
        (_, text), (title_again, text_again) = sections[-1], sections_again[-1]
        sections_again[-1] = (title_again, _without_added_related(text_again, text))
    if _without_added_related(intro_again, intro) != intro:
        return False
    added = [s for s in sections_again if s not in sections]
    kept = [s for s in sections_again if s in sections]
    return kept == sections and all(title == "References" for title, _ in added)


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
    guidance = checked.corpus.guidance_for(version)
    guidance_again = again.corpus.guidance_for(again.corpus.standards[0].versions[0])
    assert guidance is not None and guidance_again is not None
    problems = {}
    for criterion in original:
        differences = [
            p for p in _same_criterion(criterion, found[criterion.id]) if p != "applicability"
        ]
        if criterion.withdrawn_reason != found[criterion.id].withdrawn_reason:
            differences.append("withdrawn reason")
        if not _same_guidance(
            _guidance(guidance.entry(criterion.id)), _guidance(guidance_again.entry(criterion.id))
        ):
            differences.append("guidance")
        if differences:
            problems[criterion.id] = differences
    assert problems == {}
