"""OSCAL mapping collections between versions: valid, and saying what the changeset says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.exchange.oscal_tools import schema_errors, trestle


def _mapping(out: Path, standard: str, pair: str) -> dict[str, Any]:
    path = out / "oscal" / standard / "mappings" / f"{pair}.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _maps(document: dict[str, Any]) -> list[tuple[str, list[str], list[str]]]:
    return [
        (
            m["relationship"],
            [s["id-ref"] for s in m["sources"]],
            [t["id-ref"] for t in m["targets"]],
        )
        for m in document["mapping-collection"]["mappings"][0]["maps"]
    ]


def test_a_mapping_per_version_pair_valid_for_schema_and_trestle(demo_out: Path) -> None:
    paths = sorted((demo_out / "oscal").glob("*/mappings/*.json"))
    names = [p.relative_to(demo_out / "oscal").as_posix() for p in paths]
    assert names == [
        "chain-of-custody/mappings/v1..v2.json",
        "performance/mappings/v2..v3.json",
        "performance/mappings/v3..v4.json",
        "performance/mappings/v4..v4-draft2.json",
    ]
    for path in paths:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert schema_errors("mapping", document) == [], path
        result = trestle(path, "mapping-collection")
        assert result.returncode == 0 and "VALID" in result.stdout, result.stdout + result.stderr


def test_renamed_split_merged_removed_and_added_criteria(demo_out: Path) -> None:
    document = _mapping(demo_out, "performance", "v2..v3")
    maps = _maps(document)
    assert ("intersects-with", ["ghg-plan"], ["ghg-targets"]) in maps
    assert ("superset-of", ["water-management"], ["water-withdrawal"]) in maps
    assert ("superset-of", ["water-management"], ["water-discharge"]) in maps
    assert ("subset-of", ["bribery"], ["anti-corruption"]) in maps
    assert ("subset-of", ["facilitation-payments"], ["anti-corruption"]) in maps
    assert ("equal-to", ["legal-compliance"], ["legal-compliance"]) in maps  # editorial
    mapping = document["mapping-collection"]["mappings"][0]
    assert mapping["source-gap-summary"]["unmapped-controls"] == [
        {"with-ids": ["carbon-offsets", "energy-audit", "noise-vibration"]}
    ]
    assert mapping["target-gap-summary"]["unmapped-controls"] == [
        {
            "with-ids": [
                "community-information",
                "just-transition",
                "payments-to-governments",
                "scrap-recovery",
            ]
        }
    ]
    renamed = next(
        m for m in mapping["maps"] if [s["id-ref"] for s in m["sources"]] == ["ghg-plan"]
    )
    assert {p["value"] for p in renamed["props"]} == {"renamed", "text-changed"}
    assert renamed["remarks"] == "Renamed from ghg-plan to ghg-targets."
    assert mapping["source-resource"] == {"type": "catalog", "href": "../v2/catalog.json"}
    assert mapping["target-resource"] == {"type": "catalog", "href": "../v3/catalog.json"}


def test_every_criterion_of_both_versions_is_accounted_for(demo_out: Path) -> None:
    for standard, pair in (("performance", "v2..v3"), ("chain-of-custody", "v1..v2")):
        mapping = _mapping(demo_out, standard, pair)["mapping-collection"]["mappings"][0]
        old, new = pair.split("..")
        catalogs = {
            name: json.loads((demo_out / "oscal" / standard / name / "catalog.json").read_text())
            for name in (old, new)
        }
        mapped_old = {s["id-ref"] for m in mapping["maps"] for s in m["sources"]}
        mapped_new = {t["id-ref"] for m in mapping["maps"] for t in m["targets"]}
        for key, side, name in (("source", mapped_old, old), ("target", mapped_new, new)):
            gap = mapping.get(f"{key}-gap-summary", {}).get("unmapped-controls", [{}])
            assert side | set(gap[0].get("with-ids", [])) == _control_ids(catalogs[name])


def _control_ids(node: dict[str, Any]) -> set[str]:
    found = {c["id"] for c in node.get("controls", [])}
    for key in ("catalog",):
        if key in node:
            return _control_ids(node[key])
    for group in node.get("groups", []):
        found |= _control_ids(group)
    return found


def test_a_withdrawn_criterion_maps_to_where_it_went(demo_out: Path) -> None:
    maps = _maps(_mapping(demo_out, "performance", "v3..v4"))
    assert ("subset-of", ["fair-competition"], ["legal-compliance"]) in maps
    assert not any(target == ["fair-competition"] for _, _, target in maps)
