"""The glossary's and the links' checks read every text's pieces from one walk
(`checks/text_pieces.py`), and find what each found walking them itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit.checks import run_checks, text_pieces
from normkit.checks.glossary import check_glossary
from normkit.checks.links import check_links
from normkit.model.corpus import Corpus
from normkit.model.text import LinkStart, TermUse
from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[Corpus]:
    walked: list[Corpus] = []
    walk = text_pieces._walk

    def counted(corpus: Corpus) -> text_pieces.TextPieces:
        walked.append(corpus)
        return walk(corpus)

    monkeypatch.setattr(text_pieces, "_walk", counted)
    return walked


def test_the_checks_walk_the_pieces_once(
    demo_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each walk reads the whole model's memory (a cold `check` at 10,000 criteria: 36 ms
    # for two walks, the end of its critical path).
    walked = _counted(monkeypatch)
    run_checks(demo_corpus)
    assert walked == [demo_corpus]


def test_a_check_on_its_own_walks_them_itself(
    demo_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The control: outside `run_checks` nothing is kept (a session's corpus of an hour ago).
    walked = _counted(monkeypatch)
    alone = [*check_glossary(demo_corpus), *check_links(demo_corpus)]
    assert walked == [demo_corpus, demo_corpus]
    together = run_checks(demo_corpus)
    assert all(found in together for found in alone)


@pytest.mark.parametrize("case", [None, "link__broken"])
def test_one_walk_finds_what_each_check_looked_for(
    case: str | None, demo_corpus: Corpus, tmp_path: Path
) -> None:
    corpus = demo_corpus
    if case is not None:
        corpus = check_project(materialise(case, tmp_path / "project")).corpus
    found = text_pieces.text_pieces(corpus)
    assert found.used_terms == {
        piece.term_id
        for text in corpus.texts(definitions=False)
        for piece in text.pieces
        if type(piece) is TermUse
    }
    assert found.links == [
        piece
        for text in corpus.texts()  # definitions too
        for piece in text.pieces
        if type(piece) is LinkStart
    ]
    assert found.links if case else found.used_terms  # (the demo links no chapter)


def test_a_broken_link_and_an_unused_term_are_still_reported(tmp_path: Path) -> None:
    for case, code in (("link__broken", "link.broken"), ("term__unused", "term.unused")):
        root = materialise(case, tmp_path / case)
        codes = {d.code.code for d in check_project(root).diagnostics}
        assert code in codes, case
