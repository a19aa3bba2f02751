"""A version's criteria and sections in document order, listed once with the version
(`Version._criteria_in_order`): what walking its sections' tree finds, in a version made
again with other sections, and in one loaded from a stored entry."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from normkit.assemble.stored_assemblies import _allowed
from normkit.cache_entries import PickleEntries, save_entries
from normkit.model.corpus import Corpus
from normkit.model.standard import Criterion, Section, Version


def _walked(version: Version) -> tuple[list[Criterion], list[Section]]:
    """What the sections' tree holds, walked as `criteria()` and `all_sections()` did."""
    criteria = [c for section in version.sections for c in section.walk_criteria()]
    sections = [s for section in version.sections for s in section.walk_sections()]
    return criteria, sections


def _listed(version: Version) -> tuple[list[Criterion], list[Section]]:
    return list(version.criteria()), list(version.all_sections())


def test_a_version_lists_what_its_sections_hold(
    demo_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = list(demo_corpus.versions())
    assert any(len(version.sections) > 1 for version in versions)
    walked = [_walked(version) for version in versions]

    def walk(section: Section) -> Iterator[Any]:
        raise AssertionError("walked the sections' tree again")

    # Listed with the version: no walk of the tree per question.
    monkeypatch.setattr(Section, "walk_criteria", walk)
    monkeypatch.setattr(Section, "walk_sections", walk)
    assert [_listed(version) for version in versions] == walked


def test_a_version_made_again_lists_its_own_sections(demo_corpus: Corpus) -> None:
    version = next(
        v for v in demo_corpus.versions() if len(v.sections) > 1 and v.sections[-1].criteria
    )
    fewer = dataclasses.replace(version, sections=version.sections[:-1])
    assert _listed(fewer) == _walked(fewer)
    assert len(list(fewer.criteria())) < len(list(version.criteria()))


def test_a_stored_version_lists_them_as_it_was_built(demo_corpus: Corpus, tmp_path: Path) -> None:
    version = next(v for v in demo_corpus.versions() if len(v.sections) > 1)
    folder = tmp_path / "build" / ".cache" / "versions"
    entries = PickleEntries(folder, _allowed)
    entries.keep("version", version)
    save_entries([entries], create=True, fork=False)
    loaded = PickleEntries(folder, _allowed).load("version")
    assert type(loaded) is Version
    assert [c.id for c in loaded.criteria()] == [c.id for c in version.criteria()]
    assert _listed(loaded) == _walked(loaded)
