"""Every output of the demo in its translations: the Performance Standard V3 in French (every
unit translated) and Simplified Chinese (partly, three units out of date after an English
edit), read back with the tools a reader would use."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from docx import Document
from pypdf import PdfReader

from normkit.model.corpus import Corpus
from normkit.model.translation import UnitStatus
from tests.translations.glyphs import notdef_count, shown_glyphs

STALE = ("ghg-disclosure.b", "whistleblowing.c", "living-wage.a")
"""The units the demo's English edit made out of date in Chinese (and the French updated)."""


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def test_demo_catalogs_cover_french_fully_and_chinese_partly(demo_corpus: Corpus) -> None:
    french = demo_corpus.translation("fr")
    chinese = demo_corpus.translation("zh-Hans")
    assert french is not None and chinese is not None
    fr_version = french.version("performance", "v3")
    zh_version = chinese.version("performance", "v3")
    assert fr_version is not None and fr_version.translation is not None
    assert zh_version is not None and zh_version.translation is not None
    assert fr_version.translation.coverage.share == 1.0
    coverage = zh_version.translation.coverage
    assert 0 < coverage.share < 0.5 and coverage.fuzzy == len(STALE)
    for key in STALE:
        assert zh_version.translation.status(key) is UnitStatus.FUZZY
        assert fr_version.translation.status(key) is UnitStatus.TRANSLATED


@pytest.mark.slow
def test_criteria_json_carries_translations_with_their_status(demo_out: Path) -> None:
    schema = json.loads((demo_out / "json/schema/criteria.schema.json").read_text())
    document: dict[str, Any] = json.loads((demo_out / "json/performance/v3.json").read_text())
    jsonschema.validate(document, schema)
    assert set(document["translations"]) == {"fr", "zh-Hans"}
    assert document["translations"]["fr"]["coverage"]["untranslated"] == 0
    criteria = {c["id"]: c for c in document["criteria"]}
    targets = criteria["ghg-targets"]["translations"]
    assert targets["fr"]["title"] == "Objectifs de réduction des gaz à effet de serre"
    assert targets["fr"]["units"]["ghg-targets.b"] == "translated"
    assert targets["zh-Hans"]["parts"][1]["text"]["plain"].startswith("目标应包括")
    disclosure = criteria["ghg-disclosure"]["translations"]["zh-Hans"]
    assert disclosure["units"]["ghg-disclosure.b"] == "fuzzy"
    assert disclosure["units"]["ghg-disclosure.end"] == "untranslated"
    # An untranslated unit is the English, in an element that says so.
    assert 'class="nk-untranslated" lang="en"' in disclosure["text"]["html"]
    # Versions without translations keep their files as they were: no `translations` key.
    assert "translations" not in json.loads((demo_out / "json/performance/v2.json").read_text())


@pytest.mark.slow
def test_pdf_per_language_in_its_language_with_a_glyph_for_every_character(
    demo_out: Path,
) -> None:
    french = demo_out / "pdf/fr/performance-v3.pdf"
    chinese = demo_out / "pdf/zh-Hans/performance-v3.pdf"
    assert PdfReader(str(french)).trailer["/Root"]["/Lang"] == "fr"
    assert PdfReader(str(chinese)).trailer["/Root"]["/Lang"] == "zh-CN"
    assert PdfReader(str(french)).metadata.title == "Norme de performance V3"
    french_text = pdf_text(french)
    assert "Objectifs de réduction des gaz à effet de serre" in french_text
    assert "Page 2 sur" in french_text and "Sommaire" in french_text
    assert "Annexe : glossaire" in french_text
    chinese_text = pdf_text(chinese)
    for words in ("温室气体减排目标", "目录", "附录：术语表", "未翻译", "此译文已过时"):
        assert words in chinese_text
    # Every character drawn with a real glyph: none of them is `.notdef` (tofu), and the
    # Chinese ones come from Noto CJK.
    assert notdef_count(french) == 0 and notdef_count(chinese) == 0
    fonts = {font for font, _glyph in shown_glyphs(chinese)}
    assert any("NotoSerifCJK" in font for font in fonts)


def test_glyph_check_sees_tofu(tmp_path: Path) -> None:
    """The check above can fail: Chinese set without a CJK font is drawn as `.notdef`."""
    import typst

    source = '#set text(font: "Libertinus Serif")\nHello 温室气体'.encode()
    path = tmp_path / "tofu.pdf"
    path.write_bytes(typst.compile(source, ignore_system_fonts=True))
    assert notdef_count(path) == 4


@pytest.mark.slow
def test_docx_per_language_says_its_language(demo_out: Path) -> None:
    french = Document(str(demo_out / "docx/fr/performance-v3.docx"))
    text = "\n".join(p.text for p in french.paragraphs)
    assert "Objectifs de réduction des gaz à effet de serre" in text
    assert "Annexe : glossaire" in text
    with zipfile.ZipFile(demo_out / "docx/zh-Hans/performance-v3.docx") as archive:
        styles = archive.read("word/styles.xml").decode()
        body = archive.read("word/document.xml").decode()
    assert 'w:eastAsia="Noto Serif CJK SC"' in styles
    assert "zh-Hans" in styles or "zh-CN" in styles
    assert "温室气体减排目标" in body
