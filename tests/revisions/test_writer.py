"""`write_diff` on the mini-project: every file it promises, read back with real tools."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.diff.summary import summary_html
from normkit.outputs.diff.writer import write_diff
from normkit.revisions.comparison import compare
from tests.revisions.conftest import PROJECT
from tests.revisions.test_outputs import StrictParser


@pytest.fixture(scope="module")
def diff_out(mini_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("diff")
    cache = tmp_path_factory.mktemp("cache")  # not in `out`: only the output's files are there
    write_diff(mini_corpus, out, BuildContext(project=PROJECT, out=out.parent, cache=cache))
    return out


def test_files(diff_out: Path) -> None:
    found = sorted(str(p.relative_to(diff_out)) for p in diff_out.rglob("*") if p.is_file())
    assert found == [
        "demo/guidance/v1-2020..v2-2023.json",
        "demo/v1..v2.docx",
        "demo/v1..v2.json",
        "demo/v1..v2.pdf",
        "schema/changeset.schema.json",
        "schema/guidance-changeset.schema.json",
    ]


def test_json_files_validate(diff_out: Path) -> None:
    schema = json.loads((diff_out / "schema/changeset.schema.json").read_text())
    jsonschema.validate(json.loads((diff_out / "demo/v1..v2.json").read_text()), schema)
    guidance_schema = json.loads((diff_out / "schema/guidance-changeset.schema.json").read_text())
    guidance = json.loads((diff_out / "demo/guidance/v1-2020..v2-2023.json").read_text())
    jsonschema.validate(guidance, guidance_schema)
    assert {c["criterion_id"]: c["kind"] for c in guidance["changes"]} == {
        "legal": "changed",
        "supplier-grievance": "added",
        "energy-audit": "removed",
    }


def test_summary_pdf_text(diff_out: Path, mini_corpus: Corpus) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(diff_out / "demo/v1..v2.pdf"), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    words = " ".join(text.split())
    assert "Summary of changes" in text
    assert "Changes in detail" in text
    assert "Criticality: core → critical" in words
    # Criteria are named by number and title, as readers know them, not by their ids, in
    # the tables and in the guidance list (a removed one as the old version had it).
    old = mini_corpus.version("demo", "v1")
    removed = old.criterion("energy-audit") if old else None
    assert removed is not None
    assert f"{removed.number} {removed.title}: removed" in words
    assert "energy-audit" not in text


def test_summary_html_is_valid(mini_corpus: Corpus) -> None:
    old, new = mini_corpus.version("demo", "v1"), mini_corpus.version("demo", "v2")
    assert old is not None and new is not None
    parser = StrictParser()
    parser.feed(summary_html(compare(mini_corpus, old, new), old, new))
    assert parser.errors == [] and parser.stack == []


def test_deterministic(mini_corpus: Corpus, diff_out: Path, tmp_path: Path) -> None:
    # A cache of its own: the documents are rendered again, not copied from the first run.
    context = BuildContext(project=PROJECT, out=tmp_path, cache=tmp_path / "cache")
    write_diff(mini_corpus, tmp_path / "diff", context)
    for path in diff_out.rglob("*"):
        if path.is_file():
            again = tmp_path / "diff" / path.relative_to(diff_out)
            assert again.read_bytes() == path.read_bytes(), path.name
