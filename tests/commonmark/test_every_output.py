"""The CommonMark specification's 652 examples as criteria, through every output.

The examples include what no real standard would write (links to `/url`, images that do not
exist, raw HTML fragments): `check` reports those, so each writer is called directly on the
checked corpus, the way `normkit build` calls it when there are no errors. No writer may
fail, and what each output holds is read back.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.registry import available, load_writer
from normkit.pipeline import check_project
from tests.commonmark.project import write_project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path, int]:
    root = tmp_path_factory.mktemp("commonmark")
    count = len(write_project(root))
    result = check_project(root)
    codes = Counter(d.code.code for d in result.errors)
    # Only what the examples themselves get wrong: missing images, `[[…]]` read as
    # references, examples that are only a heading or a link definition, the reference to
    # NUL (`&#0;`, in both versions' example of numeric references).
    wrong = {"asset.missing", "reference.unresolved", "criterion.empty", "source.control-escape"}
    assert set(codes) <= wrong, codes
    assert codes["source.control-escape"] == 2, codes
    out = root / "build"
    context = BuildContext(project=root, out=out, cache=out / ".cache", jobs=2)
    for name in available():
        load_writer(name)(result.corpus, out / name, context)
    return result.corpus, out, count


def test_every_example_is_a_criterion(built: tuple[Corpus, Path, int]) -> None:
    corpus, _, count = built
    assert count == 652
    version = corpus.version("commonmark", "v1")
    assert version is not None
    assert {c.id for c in version.criteria()} == {f"example-{n}" for n in range(1, count + 1)}


def test_json(built: tuple[Corpus, Path, int]) -> None:
    _, out, _ = built
    document = json.loads((out / "json/commonmark/v1.json").read_text(encoding="utf-8"))
    texts = {c["id"]: c["text"] for c in document["criteria"]}
    assert len(texts) == 652
    assert "<hr />" in texts["example-43"]["html"]  # a thematic break


def test_pdf(built: tuple[Corpus, Path, int]) -> None:
    _, out, _ = built
    for name in ("commonmark-v1.pdf", "commonmark-v2.pdf"):
        reader = PdfReader(out / "pdf" / name)
        assert len(reader.pages) > 50
    text = "".join(page.extract_text() for page in PdfReader(out / "pdf/commonmark-v1.pdf").pages)
    assert "Example 652" in text.replace("\n", " ")


def test_docx(built: tuple[Corpus, Path, int]) -> None:
    _, out, _ = built
    with zipfile.ZipFile(out / "docx/commonmark-v1.docx") as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert document.count("Example ") >= 652


def test_diff(built: tuple[Corpus, Path, int]) -> None:
    _, out, _ = built
    changeset = json.loads((out / "diff/commonmark/v1..v2.json").read_text(encoding="utf-8"))
    assert changeset["counts"]["removed"] == 65
    assert changeset["counts"]["text-changed"] > 100
    assert len(PdfReader(out / "diff/commonmark/v1..v2.pdf").pages) > 10
    assert zipfile.ZipFile(out / "diff/commonmark/v1..v2.docx").testzip() is None


def test_site(built: tuple[Corpus, Path, int]) -> None:
    _, out, _ = built
    pages = "".join(
        page.read_text(encoding="utf-8") for page in (out / "site/commonmark/v1").rglob("*.html")
    )
    missing = [n for n in range(1, 653) if f'id="example-{n}"' not in pages]
    assert not missing
    assert (out / "site/commonmark/v1/explorer/index.html").is_file()
