"""Criteria JSON: golden files for the mini-project, schema validity and counts for the demo."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.json.writer import SCHEMA_NAME, schema_text, write_json
from normkit.pipeline import check_project
from tests.spine.miniprojects import BASE, materialise

EXPECTED = BASE / "expected" / "json"


def _validator(name: str = SCHEMA_NAME) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text(name))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def test_mini_project_json_matches_golden(tmp_path: Path, update_goldens: bool) -> None:
    project = materialise(None, tmp_path / "p")
    out = tmp_path / "json"
    write_json(check_project(project).corpus, out)
    written = {k: v for k, v in _files(out).items() if not k.startswith("schema/")}
    if update_goldens:
        for name, data in written.items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / name).write_bytes(data)
    assert written == _files(EXPECTED)


def test_mini_project_json_content(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "p")
    out = tmp_path / "json"
    write_json(check_project(project).corpus, out)
    document = json.loads((out / "demo" / "v2.json").read_text(encoding="utf-8"))
    _validator().validate(document)
    targets = {c["id"]: c for c in document["criteria"]}["ghg-targets"]
    assert targets["number"] == "1.2"
    assert targets["replaces"] == ["ghg-plan"]
    assert targets["applies_to"] == ["mining", "smelting"]
    assert targets["fields"]["public_disclosure"] is True
    assert targets["fields"]["next_review"] == "2026-01-01"
    assert targets["fields"]["criticality"] == "core"
    assert [p["number"] for p in targets["parts"]] == ["1.2.a", "1.2.b"]
    assert targets["references"] == [
        {"standard": "demo", "version": "v2", "id": "legal-compliance", "part": "a"}
    ]
    assert targets["terms"] == ["entity", "ghg-emissions"]
    assert targets["guidance"]["edition"] == "v2-2023"
    assert targets["source"] == {"path": "standards/demo/v2/01-governance.md", "line": 23}
    assert {t["id"] for t in document["terms"]} == {"entity", "ghg-emissions", "bribery"}
    assert document["version"]["supersedes"] == "v1"


def test_schema_in_build_is_the_repository_schema(demo_out: Path) -> None:
    written = (demo_out / "json" / "schema" / SCHEMA_NAME).read_text(encoding="utf-8")
    assert written == schema_text()


def test_demo_json_validates_and_has_the_promised_counts(demo_out: Path) -> None:
    validator = _validator()
    index = json.loads((demo_out / "json" / "index.json").read_text(encoding="utf-8"))
    _validator("index.schema.json").validate(index)
    counts: dict[str, int] = {}
    for standard in index["standards"]:
        for version in standard["versions"]:
            document = json.loads((demo_out / "json" / version["file"]).read_text("utf-8"))
            errors = sorted(validator.iter_errors(document), key=str)
            assert not errors, f"{version['file']}: {errors[0].message}"
            withdrawn = [c for c in document["criteria"] if c["status"] == "withdrawn"]
            assert len(document["criteria"]) == version["criteria"] + len(withdrawn)
            assert version["withdrawn"] == len(withdrawn)
            counts[f"{standard['slug']}@{version['name']}"] = version["criteria"]
    assert counts["performance@v3"] >= 55
    assert counts["chain-of-custody@v2"] >= 25


def test_demo_corpus_shape(demo_corpus: Corpus) -> None:
    performance = demo_corpus.standard("performance")
    assert performance is not None
    v3 = performance.version("v3")
    assert v3 is not None
    pillars = [s for s in v3.sections if any(True for _ in s.walk_criteria())]
    principles = [p for pillar in pillars for p in pillar.children]
    assert len(pillars) == 3 and len(principles) == 11
    assert sum(1 for c in v3.criteria() if len(c.parts) >= 2) >= 20
    assert len({t.term for t in demo_corpus.terms}) >= 60
    assert len({f.name for f in performance.fields}) >= 2


def test_json_is_deterministic(tmp_path: Path) -> None:
    corpus = check_project(Path(__file__).resolve().parents[2]).corpus
    write_json(corpus, tmp_path / "a")
    write_json(check_project(Path(__file__).resolve().parents[2]).corpus, tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


@pytest.mark.parametrize("name", [SCHEMA_NAME, "index.schema.json"])
def test_schemas_are_valid_2020_12(name: str) -> None:
    _validator(name)
