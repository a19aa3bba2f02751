"""A read keeps the markdown-it tokens of one heading alive at a time, not every chapter's:
each version's and edition's chapters are shelved as they are parsed (`parse_folder`), and
each heading's tokens again once it is built (at 10,000 criteria, all chapters' tokens were
~130 MiB). The one exception is the version assembled first, whose chapters stay as parsed
until each heading is built (`standards.read_standard`): packing them and unpacking them at
once was work for nothing."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it.token import Token

from normkit.assemble import project
from normkit.pipeline import check_project
from normkit.sources import documents, parse_ahead
from normkit.sources.documents import ParseCache, parse_document, parses_kept
from normkit.sources.files import read_source
from normkit.sources.stored_parses import StoredParses

CHAPTER = """# Chapter {n}

Introduction with *emphasis* and a [link](https://example.org).

## {n} Section {n}

### {n}.1 First

```criterion
id: first-{n}
applies_to: [all]
```

The Entity shall do the first thing. See [[second-{n}]].

1. The Entity shall keep records.
2. The Entity shall report them.

### {n}.2 Second

```criterion
id: second-{n}
applies_to: [all]
```

The Entity shall do the **second** thing.

| a | b |
|---|---|
| 1 | 2 |
"""


def _project(root: Path) -> Path:
    (root / "standards/demo").mkdir(parents=True)
    (root / "standards/demo/standard.yml").write_text(
        "code: DEMO\ntitle: Demo\nowner: Council\nlicence: CC-BY-4.0\n"
        "applicability:\n  - code: all\n    label: All\n",
        encoding="utf-8",
    )
    for version, supersedes in (("v1", ""), ("v2", "supersedes: v1\n")):
        folder = root / "standards/demo" / version
        folder.mkdir()
        (folder / "version.yml").write_text(
            f"version: {version}\ntitle: Demo {version}\nstatus: published\n"
            f"published: 2024-01-01\n{supersedes}",
            encoding="utf-8",
        )
        for n in (1, 2):
            (folder / f"0{n}-chapter.md").write_text(CHAPTER.format(n=n), encoding="utf-8")
    return root


def _alive_tokens() -> int:
    gc.collect()
    return sum(1 for found in gc.get_objects() if type(found) is Token)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Tokens alive as each version's assembly starts and once the read is over."""
    counts: list[int] = []
    build_version = project.build_version
    load_corpus = project.load_corpus

    def counted(build: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            if build is build_version:
                counts.append(_alive_tokens())
            found = build(*args, **kwargs)
            if build is load_corpus:
                counts.append(_alive_tokens())
            return found

        return run

    monkeypatch.setattr(project, "build_version", counted(build_version))
    monkeypatch.setattr("normkit.pipeline.load_corpus", counted(load_corpus))
    return counts


def test_no_chapter_tokens_outlive_their_heading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "project")
    counts = _counting(monkeypatch)
    cold = check_project(root, jobs=1, keep_parses=True)  # parsed here
    assert not cold.errors, [d.format() for d in cold.errors]
    # v1's chapters, as parsed, until v1 is built; then none.
    assert len(counts) == 3 and counts[0] > 0 and counts[1:] == [0, 0]
    counts.clear()
    warm = check_project(root, jobs=1, keep_parses=True)  # loaded from the stored parses
    assert warm.stored is not None and warm.stored[0].loaded == 4
    assert counts == [0]  # the versions themselves were loaded too
    assert warm.corpus == cold.corpus


GUIDANCE = """# Guidance {n}

## {n}.1 First

```guidance
for: first-{n}
```

Keep *records* of [[second-{n}]].
"""


def test_a_shelved_folder_keeps_one_chapter_s_tokens_alive_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chapters of a version assembled later, and of an edition, are shelved as each is
    # parsed, not once the folder's are all parsed: NIST SP 800-53's guidance, parsed in the
    # read's own process, held ~40 MiB of token objects at once, each page a fresh fault.
    root = _project(tmp_path / "project")
    edition = root / "guidance/demo/g2"
    edition.mkdir(parents=True)
    (edition / "edition.yml").write_text(
        "edition: g2\ntitle: Guidance\nserves: v2\nstatus: published\n", encoding="utf-8"
    )
    for n in (1, 2):
        (edition / f"0{n}-chapter.md").write_text(GUIDANCE.format(n=n), encoding="utf-8")
    alive: dict[str, int] = {}
    parse = documents.parse_document

    def counted(source: Any) -> Any:
        alive[source.path] = _alive_tokens()  # before it is parsed
        return parse(source)

    monkeypatch.setattr(documents, "parse_document", counted)
    monkeypatch.setattr(parse_ahead, "parse_document", counted)
    found = check_project(root, jobs=1)
    assert not found.errors, [d.format() for d in found.errors]
    first = alive["standards/demo/v1/01-chapter.md"]
    # The control: v1, assembled first, keeps its chapters as parsed.
    assert alive["standards/demo/v1/02-chapter.md"] > first
    for folder in ("standards/demo/v2", "guidance/demo/g2"):
        assert alive[f"{folder}/02-chapter.md"] == alive[f"{folder}/01-chapter.md"]


def test_the_count_sees_tokens_kept_alive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The control: a parse cache that keeps its documents (`normkit serve`) shelves nothing.
    root = _project(tmp_path / "project")
    counts = _counting(monkeypatch)
    monkeypatch.setattr(StoredParses, "keeps_documents", True)
    check_project(root, jobs=1)
    assert len(counts) == 3 and min(counts) > 0


def test_only_the_version_assembled_first_is_left_unshelved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "project")
    # v1 is read first but, superseding v2, assembled last: it is shelved once that is known.
    for version, supersedes in (("v1", "supersedes: v2\n"), ("v2", "")):
        (root / "standards/demo" / version / "version.yml").write_text(
            f"version: {version}\ntitle: Demo {version}\nstatus: published\n"
            f"published: 2024-01-01\n{supersedes}",
            encoding="utf-8",
        )
    counts = _counting(monkeypatch)
    found = check_project(root, jobs=1, keep_parses=True)
    assert [v.name for v in found.corpus.standards[0].versions] == ["v2", "v1"]
    assert len(counts) == 3 and counts == [0, 0, 0]


def test_shelved_tokens_come_back_equal(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    for path in sorted(root.glob("standards/demo/*/*.md")):
        source = read_source(root, path)[0]
        assert source is not None
        document, _ = parse_document(source)
        expected, _ = parse_document(source)
        document.shelve()
        assert all(chunk.packed is not None for chunk in document.chunks)
        assert document == expected
        assert [chunk.tokens for chunk in document.chunks] == [c.tokens for c in expected.chunks]


def test_a_session_keeps_its_documents_unshelved(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    with parses_kept(ParseCache()) as cache:
        project.load_corpus(root)
        documents = [document for document, _ in cache.documents.values()]
    assert documents and all(
        chunk.packed is None for document in documents for chunk in document.chunks
    )
