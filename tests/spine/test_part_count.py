"""A criterion's part count (the items of its first top-level ordered list) is counted once,
when its chapter is parsed (`Chunk.parts`), and travels with a stored or sent parse: a read
counts parts without unpacking a chunk's tokens, as it did for every criterion of every
stored or parse-ahead chapter (a sixth of a repeated `check` at 10,000 criteria)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit.assemble.outline import build_outline
from normkit.sources import documents, stored_parses
from normkit.sources.documents import count_parts, parse_document
from normkit.sources.files import SourceFile
from normkit.sources.stored_parses import StoredParses

CHAPTER = """# Chapter

## 1 Section

### 1.1 Own list

```criterion
id: own-list
```

The Entity shall:

- keep this bullet (not a part);

1. do one thing;
2. do another;
   1. nested, not a part;
3. and a third.

Then:

4. a second ordered list is no part.

### 1.2 List under a sub-heading

```criterion
id: sub-list
```

Text first.

#### Detail

1. first part;
2. second part.

### 1.3 No list

```criterion
id: no-list
```

The Entity shall do it.

<!-- end -->

1. After an end marker: the section's text, not a part of 1.3.
"""

COUNTS = {"own-list": 3, "sub-list": 2, "no-list": 0}


def _outline(document: documents.ParsedDocument) -> dict[str, int]:
    found: dict[str, int] = {}
    stack = build_outline([document])
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.kind == "criterion" and node.chunk.meta is not None:
            criterion_id = node.chunk.meta.content.split("id: ")[1].split()[0]
            # What a read counted from the tokens before (and must still count).
            assert node.part_count() == count_parts(node.content_tokens())
            found[criterion_id] = node.part_count()
    return found


def test_parts_are_counted_when_a_chapter_is_parsed() -> None:
    document, problems = parse_document(SourceFile(path="a.md", text=CHAPTER))
    assert not problems
    assert all(chunk.parts == count_parts(chunk.tokens) for chunk in document.chunks)
    assert _outline(document) == COUNTS


def test_a_stored_parse_counts_parts_without_unpacking_its_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = SourceFile(path="a.md", text=CHAPTER)
    parsed = parse_document(source)
    entries = StoredParses(tmp_path).entries
    stored = entries.loads(entries.pickler()(parsed))  # as an entry, or a worker sends it
    assert stored is not None
    document = stored[0]
    assert all(chunk.packed is not None for chunk in document.chunks)  # tokens packed
    assert [chunk.parts for chunk in document.chunks] == [chunk.parts for chunk in parsed[0].chunks]

    def unpacked(packed: bytes) -> object:
        raise AssertionError("a chunk's tokens were unpacked to count its parts")

    monkeypatch.setattr(documents, "unpack", unpacked)
    nodes = build_outline([document])
    stack = list(nodes)
    counts = []
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.kind == "criterion":
            counts.append(node.part_count())
    assert sorted(counts) == sorted(COUNTS.values())


def test_a_chunk_stored_without_its_count_counts_it_from_its_tokens() -> None:
    """An entry written before chunks carried their count (no eighth field)."""
    document, _ = parse_document(SourceFile(path="a.md", text=CHAPTER))
    for chunk in document.chunks:
        rebuild, fields = stored_parses._reduce_chunk(chunk)
        old = rebuild(*fields[:7])
        assert old.parts is None
        assert old.part_count == chunk.parts
