"""The printed consultation report in a translation's language, as the site's report is:
normkit's words and dates in that language, the document's language set in the PDF, every
character in a font; the comments as written; the English report unchanged. Read back with
pypdf."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.consultation.printed import report_jobs
from normkit.outputs.context import BuildContext
from normkit.outputs.pdf.documents import version_job
from normkit.outputs.pdf.engine import render
from normkit.outputs.pdf.writer import print_jobs
from normkit.outputs.site.consultation import consultation_page, consultation_tools
from normkit.outputs.site.downloads import planned_downloads
from normkit.pipeline import check_project
from normkit.translations.labels import labels_in
from tests.spine.miniprojects import materialise


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The consultation mini-project with V1 and V2 in French and Simplified Chinese
    (catalogs made by `translations update`, untranslated: normkit's own labels are)."""
    root = materialise("ok--consultation", tmp_path_factory.mktemp("printed") / "project")
    for name in ("v1", "v2"):
        version = root / "standards" / "demo" / name / "version.yml"
        text = version.read_text(encoding="utf-8") + "languages: [fr, zh-Hans]\n"
        version.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "normkit", "translations", "update", "--project", str(root)]
    subprocess.run(command, check=True, capture_output=True)
    return check_project(root).corpus


def _report(corpus: Corpus, language: str, version: str) -> tuple[str, pypdf.PdfReader]:
    """(job name, the PDF read back) of one version's report in `language` ("": English)."""
    translation = corpus.translation(language) if language else corpus
    assert translation is not None
    with labels_in(language, translation.labels if language else {}):
        jobs = {job.name: job for job in report_jobs(translation)}
    prefix = f"{language}/" if language else ""
    name = f"{prefix}demo-{version}-consultation"
    reader = pypdf.PdfReader(io.BytesIO(render(jobs[name])))
    return name, reader


def _text(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _language(reader: pypdf.PdfReader) -> str:
    return str(reader.trailer["/Root"].get("/Lang", ""))


def test_every_translated_draft_has_its_report_in_the_pdf_output(corpus: Corpus) -> None:
    names = {job.name for job in print_jobs(corpus) if job.name.endswith("-consultation")}
    assert names == {
        f"{prefix}demo-{version}-consultation"
        for prefix in ("", "fr/", "zh-Hans/")
        for version in ("v1", "v2")
    }


def test_the_french_report_is_in_french_around_the_comments(corpus: Corpus) -> None:
    _, reader = _report(corpus, "fr", "v1")
    text = _text(reader)
    assert _language(reader).startswith("fr")
    for french in (
        "Rapport de consultation : Demo Standard V1",
        "Publié pour commentaires",
        "Statistiques",
        "Commentaires par groupe de parties prenantes",
        "Commentaires et réponses",
        "Réponse : Partiellement accepté",
        "Chaque commentaire reçu figure ci-dessous",
        "Pris en compte dans 1.2, Demo Standard V2, 1.2.a, Demo Standard V2",
        "Consultation close",
    ):
        assert french in text, french
    for english in ("Statistics", "Comments and responses", "Published for comment", "Response"):
        assert english not in text, english
    # The comments and responses are printed as written.
    assert "V2 keeps the wording; the guidance lists the laws." in text


def test_the_chinese_report_has_its_words_and_the_fonts_for_them(corpus: Corpus) -> None:
    _, reader = _report(corpus, "zh-Hans", "v2")
    text = _text(reader)
    assert _language(reader).startswith("zh")
    for chinese in ("征求意见报告：Demo Standard V2", "统计", "意见与答复", "征求意见进行中"):
        assert chinese in text, chinese
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index, union-attr]
    }
    assert any("NotoSerifCJK" in font for font in fonts), fonts


def test_the_english_report_stays_english(corpus: Corpus) -> None:
    _, reader = _report(corpus, "", "v1")
    text = _text(reader)
    assert _language(reader).startswith("en")
    assert "Consultation report: Demo Standard V1" in text
    assert "Every comment received is listed below" in text
    assert "Statistiques" not in text


def test_the_site_plans_and_links_the_translated_report(corpus: Corpus, tmp_path: Path) -> None:
    """The site names the PDFs before they are written: the same names as the jobs, and a
    translated report page links its own language's PDF."""
    context = BuildContext(project=tmp_path, out=tmp_path, cache=tmp_path, building=("pdf",))
    planned = {p for p in planned_downloads(corpus, context) if p.endswith("-consultation.pdf")}
    assert planned == {
        f"pdf/{job.name}.pdf" for job in print_jobs(corpus) if job.name.endswith("-consultation")
    }
    french = corpus.translation("fr")
    assert french is not None
    version = french.version("demo", "v2")
    standard = french.standard("demo")
    found = french.consultation(version) if version else None
    assert version is not None and standard is not None and found is not None
    with labels_in("fr", french.labels):
        page = consultation_page(french, standard, version, found, sorted(planned))
    assert "downloads/pdf/fr/demo-v2-consultation.pdf" in page
    assert "downloads/pdf/demo-v2-consultation.pdf" not in page


def test_the_translated_draft_says_where_to_send_comments_in_its_language(
    corpus: Corpus,
) -> None:
    french = corpus.translation("fr")
    assert french is not None
    standard, version = french.standard("demo"), french.version("demo", "v2")
    assert standard is not None and version is not None
    with labels_in("fr", french.labels):
        job = version_job(french, standard, version)
    text = _text(pypdf.PdfReader(io.BytesIO(render(job))))
    assert "Formulaire de commentaires" in text
    assert "demo-v2-comments.xlsx ou demo-v2-comments.csv, publié avec ce projet" in text
    assert "Envoyer les commentaires à comments@example.org" in text
    assert "published with this draft" not in text and "Send comments to" not in text


def test_a_translated_draft_overview_offers_the_comment_forms(corpus: Corpus) -> None:
    """The overview's tools were picked by their English label, so a translated draft's
    overview lost its comment forms."""
    french = corpus.translation("fr")
    assert french is not None
    version = french.version("demo", "v2")
    assert version is not None
    downloads = ["consultation/demo-v2-comments.xlsx", "consultation/demo-v2-comments.csv"]
    with labels_in("fr", french.labels):
        tools = consultation_tools(french, version, "demo/v2/", downloads)
    assert [label for _, label in tools] == [
        "Formulaire de commentaires (XLSX)",
        "Formulaire de commentaires (CSV)",
        "Rapport de consultation",
    ]


def test_the_translated_site_report_names_where_comments_were_addressed(
    corpus: Corpus,
) -> None:
    """ "Addressed in 1.2 of Demo Standard V2", in the page's language as in the PDF's."""
    french = corpus.translation("fr")
    assert french is not None
    standard, version = french.standard("demo"), french.version("demo", "v1")
    found = french.consultation(version) if version else None
    assert standard is not None and version is not None and found is not None
    with labels_in("fr", french.labels):
        page = consultation_page(french, standard, version, found, [])
    assert ">1.2, Demo Standard V2</a>" in page
    assert " in Demo Standard V2" not in page
