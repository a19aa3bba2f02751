"""The criteria JSON one criterion at a time: a file per criterion, a JSON Lines file per
version, both valid for criterion.schema.json and the same as the version file."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from normkit.model.corpus import Corpus
from normkit.outputs.json.writer import CRITERION_SCHEMA_NAME, SCHEMA_NAME, schema_text
from normkit.revisions.changeset import ChangeKind


def _validator() -> jsonschema.Draft202012Validator:
    """criterion.schema.json refers to the criterion of criteria.schema.json."""
    schemas = {name: json.loads(schema_text(name)) for name in (SCHEMA_NAME, CRITERION_SCHEMA_NAME)}
    registry: Registry[Any] = Registry().with_resources(
        (name, Resource.from_contents(schema)) for name, schema in schemas.items()
    )
    return jsonschema.Draft202012Validator(schemas[CRITERION_SCHEMA_NAME], registry=registry)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _record(out: Path, standard: str, version: str, criterion_id: str) -> dict[str, Any]:
    path = out / "json" / standard / version / "criteria" / f"{criterion_id}.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def test_a_file_and_a_line_per_criterion_as_in_the_version_file(
    demo_out: Path, demo_corpus: Corpus
) -> None:
    validator = _validator()
    checked = 0
    for version in demo_corpus.versions():
        folder = demo_out / "json" / version.standard
        whole = json.loads((folder / f"{version.name}.json").read_text(encoding="utf-8"))
        lines = _lines(folder / f"{version.name}.jsonl")
        ids = [c.id for c in version.criteria()]
        assert [line["criterion"]["id"] for line in lines] == ids
        assert [line["criterion"] for line in lines] == whole["criteria"]
        files = sorted(p.stem for p in (folder / version.name / "criteria").glob("*.json"))
        assert files == sorted(ids)
        for line in lines:
            document = _record(demo_out, version.standard, version.name, line["criterion"]["id"])
            assert document.pop("$schema") == "../../../schema/criterion.schema.json"
            assert document == line
            assert (line["standard"], line["version"]) == (version.standard, version.name)
            validator.validate(line)
            checked += 1
    assert checked == sum(1 for v in demo_corpus.versions() for _ in v.criteria())
    assert (demo_out / "json" / "schema" / CRITERION_SCHEMA_NAME).is_file()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["lineage"].pop("next"), "lineage"),
        (lambda d: d["lineage"]["next"][0].update(ids="water-withdrawal"), "lineage"),
        (lambda d: d["criterion"].pop("applies_to"), "criterion"),
        (lambda d: d.update(version_status="retired"), "version_status"),
    ],
)
def test_the_schema_rejects_a_broken_record(demo_out: Path, change: Any, path: str) -> None:
    document = copy.deepcopy(_record(demo_out, "performance", "v2", "water-management"))
    change(document)
    errors = list(_validator().iter_errors(document))
    assert errors and any(path in error.json_path for error in errors), errors


def test_lineage_follows_splits_merges_and_withdrawals(demo_out: Path) -> None:
    water = _record(demo_out, "performance", "v2", "water-management")["lineage"]
    assert water == {
        "previous": None,
        "next": [
            {
                "version": "v3",
                "status": "published",
                "ids": ["water-withdrawal", "water-discharge"],
                "kinds": ["split"],
            }
        ],
    }
    withdrawal = _record(demo_out, "performance", "v3", "water-withdrawal")["lineage"]
    assert withdrawal["previous"] == {
        "version": "v2",
        "status": "superseded",
        "ids": ["water-management"],
        "kinds": ["split"],
    }
    merged = _record(demo_out, "performance", "v3", "anti-corruption")["lineage"]
    assert merged["previous"]["ids"] == ["bribery", "facilitation-payments"]
    assert merged["previous"]["kinds"] == ["merged"]
    assert [step["version"] for step in merged["next"]] == ["v4"]
    renamed = _record(demo_out, "performance", "v2", "ghg-plan")["lineage"]["next"]
    assert renamed[0]["ids"] == ["ghg-targets"] and "renamed" in renamed[0]["kinds"]
    removed = _record(demo_out, "performance", "v2", "carbon-offsets")["lineage"]["next"]
    assert removed[0]["ids"] == [] and removed[0]["kinds"] == ["removed"]
    withdrawn = _record(demo_out, "performance", "v4", "fair-competition")
    assert withdrawn["criterion"]["status"] == "withdrawn"
    assert withdrawn["lineage"]["previous"]["kinds"] == ["withdrawn"]
    latest = _record(demo_out, "performance", "v4-draft2", "anti-corruption")["lineage"]
    assert latest["next"] == []


def test_the_site_serves_the_criterion_files(demo_out: Path) -> None:
    served = demo_out / "site" / "downloads" / "json" / "performance"
    assert (served / "v3.jsonl").is_file()
    assert (served / "v3" / "criteria" / "ghg-targets.json").is_file()


def test_the_schema_lists_every_kind_of_change() -> None:
    schema = json.loads(schema_text(CRITERION_SCHEMA_NAME))
    listed = schema["$defs"]["step"]["properties"]["kinds"]["items"]["enum"]
    assert listed == [str(kind) for kind in ChangeKind]
