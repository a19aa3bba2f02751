"""A crawl of the built demo site: no broken internal link or anchor, every page present."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.site import urls
from tests.site.crawl import broken_links


def test_no_broken_internal_links_or_anchors(demo_site: Path) -> None:
    broken = broken_links(demo_site)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:50])


def test_every_page_of_the_issue_is_built(demo_site: Path, demo_corpus: Corpus) -> None:
    expected = [urls.home()]
    for standard in demo_corpus.standards:
        expected += [urls.standard_page(standard.slug), urls.latest_page(standard.slug)]
        for version in standard.versions:
            expected += [
                urls.version_page(version),
                urls.glossary_page(version),
                urls.explorer_page(version),
            ]
            expected += [urls.section_page(version, s.key) for s in version.all_sections()]
            if version.supersedes:
                expected.append(urls.changes_page(version))
            expected += [urls.short_page(standard.slug, c.id) for c in version.criteria()]
    missing = [page for page in expected if not (demo_site / page / "index.html").is_file()]
    assert not missing


def test_every_criterion_has_its_anchor_and_content(demo_site: Path, demo_corpus: Corpus) -> None:
    for version in demo_corpus.versions():
        for criterion in version.criteria():
            page = (demo_site / urls.criterion_page(version, criterion) / "index.html").read_text(
                encoding="utf-8"
            )
            assert f'id="{criterion.id}"' in page
            assert f'data-criterion="{criterion.id}"' in page
            for part in criterion.parts:
                assert f'id="{criterion.id}.{part.label}"' in page


def test_pagefind_index_is_written(demo_site: Path) -> None:
    assert (demo_site / "pagefind" / "pagefind.js").is_file()
    assert list((demo_site / "pagefind" / "index").glob("*.pf_index"))


def test_overview_links_the_other_outputs_as_downloads(
    demo_site: Path, demo_corpus: Corpus
) -> None:
    build = demo_site.parent
    version = next(demo_corpus.versions())
    overview = (demo_site / urls.version_page(version) / "index.html").read_text(encoding="utf-8")
    json_file = build / "json" / version.standard / f"{version.name}.json"
    if not json_file.is_file():
        pytest.skip("the json output was not built next to the site")
    assert f"downloads/json/{version.standard}/{version.name}.json" in overview
    copied = demo_site / "downloads" / "json" / version.standard / f"{version.name}.json"
    assert copied.read_bytes() == json_file.read_bytes()
