"""The diff output of a full demo build: a changeset per superseding version, read back."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import jsonschema
import pytest

from normkit.model.corpus import Corpus


@pytest.mark.slow
def test_demo_diff_output(demo_out: Path, demo_corpus: Corpus) -> None:
    diff = demo_out / "diff"
    schema = json.loads((diff / "schema/changeset.schema.json").read_text())
    pairs = [
        (demo_corpus.version(v.standard, v.supersedes), v)
        for v in demo_corpus.versions()
        if v.supersedes and demo_corpus.version(v.standard, v.supersedes)
    ]
    assert pairs
    for old, new in pairs:
        assert old is not None
        folder, stem = diff / new.standard, f"{old.name}..{new.name}"
        document = json.loads((folder / f"{stem}.json").read_text())
        jsonschema.validate(document, schema)
        assert document["old"]["name"] == old.name and document["new"]["name"] == new.name
        with zipfile.ZipFile(folder / f"{stem}.docx") as archive:
            xml = archive.read("word/document.xml").decode()
        ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)" w:author="[^"]+" w:date="[^"]+"', xml)
        assert ids and len(ids) == len(set(ids))
        text = subprocess.run(
            ["pdftotext", str(folder / f"{stem}.pdf"), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        assert f"Summary of changes: {new.title}" in " ".join(text.split())
    for edition in demo_corpus.guidance:
        found = list((diff / edition.standard / "guidance").glob(f"*..{edition.name}.json"))
        assert len(found) <= 1
