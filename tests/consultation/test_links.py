"""Where a reader of the draft finds the comment form: its overview page links the form while
the round is open, and the draft PDF's cover names it and where to send it."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

import html5lib
from openpyxl import load_workbook

from normkit.metadata.comment_form import SHEET_NAME
from normkit.model.corpus import Corpus
from tests.consultation.readback import readable_text


def _links(page: Path) -> dict[str, str]:
    tree: Any = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return {"".join(a.itertext()).strip(): a.get("href") for a in tree.findall(".//a")}


def test_open_draft_overview_links_the_form(consulted: tuple[Corpus, Path, Path]) -> None:
    _, _, out = consulted
    page = out / "site/demo/v2/index.html"
    links = _links(page)
    xlsx = links["Comment form (XLSX)"]
    csv = links["Comment form (CSV)"]
    assert links["Consultation report"] == "consultation/"
    # The links lead to the built forms, which are the build's own comment forms.
    for href, built in ((xlsx, "demo-v2-comments.xlsx"), (csv, "demo-v2-comments.csv")):
        target = (page.parent / unquote(href)).resolve()
        assert target.name == built and target.is_file(), href
        assert target.read_bytes() == (out / "consultation" / built).read_bytes()
    assert SHEET_NAME in load_workbook(page.parent / unquote(xlsx)).sheetnames


def test_closed_round_overview_offers_the_report_not_the_form(
    consulted: tuple[Corpus, Path, Path],
) -> None:
    """V1's round is over (V2 supersedes it): no form to fill, the report stays."""
    _, _, out = consulted
    links = _links(out / "site/demo/v1/index.html")
    assert "Comment form (XLSX)" not in links and "Comment form (CSV)" not in links
    assert links["Consultation report"] == "consultation/"


def test_draft_pdf_cover_names_the_form_and_where_to_send_it(
    consulted: tuple[Corpus, Path, Path],
) -> None:
    _, _, out = consulted
    cover = " ".join(readable_text(out / "pdf/demo-v2.pdf").split())
    assert "demo-v2-comments.xlsx or demo-v2-comments.csv" in cover
    assert "comments@example.org" in cover
    published = " ".join(readable_text(out / "pdf/demo-v1.pdf").split())
    assert "demo-v1-comments" not in published
