"""`normkit diff` in every format, against a git revision, and proposing `replaces`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from normkit.cli import main
from normkit.outputs.diff.writer import schema_text

MINI = Path(__file__).resolve().parent / "project"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["diff", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_text_summary_agrees_with_changes_yml() -> None:
    output = run("demo@v1", "demo@v2", "--project", str(MINI))
    assert "demo@v1 → demo@v2: 11 changes" in output
    assert "energy-audit" in output and "water-discharge" in output
    assert "Gadget (added)" in output
    assert "agrees with changes.yml" in output


def test_json_format() -> None:
    document = json.loads(run("demo@v1", "demo@v2", "--project", str(MINI), "--format", "json"))
    jsonschema.validate(document, json.loads(schema_text()))
    assert document["counts"]["merged"] == 1


def test_markdown_and_html_formats() -> None:
    markdown = run("demo@v1", "demo@v2", "--project", str(MINI), "--format", "markdown")
    assert markdown.startswith("# Changes from Demo Standard V1 to Demo Standard V2")
    assert "**and progress towards them**" in markdown
    html = run("demo@v1", "demo@v2", "--project", str(MINI), "--format", "html")
    assert html.startswith("<!doctype html>") and "<ins> and progress towards them</ins>" in html


def test_unknown_version_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["diff", "demo@v9", "demo@v2", "--project", str(MINI)])
    assert result.exit_code == 2
    assert "no version 'demo@v9'" in result.output


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_rev_compares_with_a_git_revision(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "start")
    chapter = project / "standards/demo/v2/01-chapter.md"
    chapter.write_text(
        chapter.read_text().replace("at least once a year", "at least twice a year"),
        encoding="utf-8",
    )
    output = run("demo@v2", "--rev", "HEAD", "--project", str(project), "--format", "json")
    document = json.loads(output)
    changed = [c for c in document["changes"] if c["kinds"] != ["unchanged"]]
    assert [(c["kinds"], c["new"][0]["id"]) for c in changed] == [(["text-changed"], "board")]


def _without_ids(tmp_path: Path) -> Path:
    """The mini project with `board` renamed and `replaces` removed: two criteria lose
    their lineage."""
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    chapter = project / "standards/demo/v2/01-chapter.md"
    text = chapter.read_text().replace("id: board", "id: board-oversight")
    chapter.write_text(text.replace("replaces: [ghg-plan]\n", ""), encoding="utf-8")
    (project / "standards/demo/v2/changes.yml").unlink()
    return project


def test_suggest_lists_kind_and_confidence(tmp_path: Path) -> None:
    project = _without_ids(tmp_path)
    output = run("demo@v1", "demo@v2", "--project", str(project), "--suggest")
    assert "one-to-one" in output and "board “" in output and "→ board-oversight" in output
    document = json.loads(
        run("demo@v1", "demo@v2", "--project", str(project), "--suggest", "--format", "json")
    )
    pairs = {(s["old_id"], s["new_id"]): s for s in document["suggestions"]}
    assert ("board", "board-oversight") in pairs and ("ghg-plan", "ghg-targets") in pairs
    definitions = json.loads(schema_text())["$defs"]
    for suggestion in document["suggestions"]:
        jsonschema.validate(suggestion, {"$defs": definitions, "$ref": "#/$defs/suggestion"})
        assert suggestion["confidence"] >= document["min_confidence"]
    everything = json.loads(
        run(
            "demo@v1",
            "demo@v2",
            "--project",
            str(project),
            "--suggest",
            "--format",
            "json",
            "--min-confidence",
            "0",
        )
    )
    assert len(everything["suggestions"]) > len(document["suggestions"])


def test_suggest_replaces(tmp_path: Path) -> None:
    project = _without_ids(tmp_path)
    output = run("demo@v1", "demo@v2", "--project", str(project), "--suggest-replaces")
    proposed = yaml.safe_load(output)
    assert proposed == {
        "standard": "demo",
        "version": "v2",
        "replaces": {"board-oversight": ["board"], "ghg-targets": ["ghg-plan"]},
    }
    assert "confidence" in output


HARD = Path(__file__).resolve().parent / "lineage_cases"


def test_review_file_applied_to_the_sources(tmp_path: Path) -> None:
    """The hard cases with every v1 id renamed and every `replaces` removed: the review
    file, applied, adds exactly the `replaces` lines and nothing else."""
    project = tmp_path / "project"
    shutil.copytree(HARD, project)
    old_chapter = project / "standards/harbour/v1/01-standard.md"
    old_chapter.write_text(old_chapter.read_text().replace("\nid: ", "\nid: old-"))
    chapter = project / "standards/harbour/v2/01-standard.md"
    lines = chapter.read_text().splitlines(keepends=True)
    bare = "".join(line for line in lines if not line.startswith("replaces:"))
    chapter.write_bytes(bare.replace("\n", "\r\n").encode())
    review = tmp_path / "review.yml"
    run(
        "harbour@v1",
        "harbour@v2",
        "--project",
        str(project),
        "--suggest-replaces",
        "-o",
        str(review),
    )
    result = CliRunner().invoke(
        main, ["apply-replaces", str(review), "--project", str(project)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    edited = chapter.read_bytes().decode()
    added = [line for line in edited.split("\r\n") if line.startswith("replaces:")]
    assert "".join(
        line for line in edited.splitlines(keepends=True) if not line.startswith("replaces:")
    ) == bare.replace("\n", "\r\n")
    assert "replaces: [old-emergency-plan, old-spill-kits]" in added
    assert len(added) == 10
    document = json.loads(
        run("harbour@v1", "harbour@v2", "--project", str(project), "--format", "json")
    )
    kinds = {tuple(c["kinds"]) for c in document["changes"]}
    assert ("split",) in kinds and ("merged",) in kinds
    assert document["suggestions"] == []
    again = CliRunner().invoke(main, ["apply-replaces", str(review), "--project", str(project)])
    assert again.exit_code == 0 and "0 file(s) changed" in again.output


REPO = Path(__file__).resolve().parents[2]


def test_demo_diffs_agree_with_changes_yml() -> None:
    for path in sorted(REPO.glob("standards/*/*/changes.yml")):
        intended = yaml.safe_load(path.read_text(encoding="utf-8"))
        standard, name = path.parent.parent.name, path.parent.name
        if not (path.parent.parent / str(intended["from"])).is_dir():
            continue
        output = run(f"{standard}@{intended['from']}", f"{standard}@{name}", "--project", str(REPO))
        assert "agrees with changes.yml" in output, output
