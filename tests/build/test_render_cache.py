"""The content-hash cache of rendered documents: reused when nothing changed, rendered again
when an input changed or the entry on disk is damaged; and the model a worker writes from."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Any

import pytest

from normkit import parallel
from normkit.derived import Derived
from normkit.model.corpus import Corpus
from normkit.outputs.context import BuildContext
from normkit.outputs.diff import redline
from normkit.outputs.diff.writer import write_diff
from normkit.outputs.pdf import engine
from normkit.outputs.render_cache import CHECKSUM, RenderCache, code_fingerprint, digest_of
from normkit.pipeline import check_project
from tests.revisions.conftest import PROJECT


@pytest.fixture(scope="module")
def mini_corpus() -> Corpus:
    """The revisions' mini-project: one standard in two versions, so one changeset."""
    result = check_project(PROJECT)
    assert result.ok
    return result.corpus


class Renders:
    """A renderer that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, data: bytes = b"rendered") -> bytes:
        self.calls += 1
        return data


def test_an_unchanged_input_is_reused_and_a_changed_one_rendered(tmp_path: Path) -> None:
    renders = Renders()
    first = RenderCache(tmp_path).bytes_for(digest_of(["input"]), ".pdf", renders)
    again = RenderCache(tmp_path).bytes_for(digest_of(["input"]), ".pdf", renders)
    assert first == again == b"rendered" and renders.calls == 1
    RenderCache(tmp_path).bytes_for(digest_of(["input, edited"]), ".pdf", renders)
    assert renders.calls == 2


def test_parts_of_a_key_stay_apart() -> None:
    assert digest_of(["ab", "c"]) != digest_of(["a", "bc"])
    assert digest_of(["a"]) != digest_of(["a", ""])


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry.write_bytes(b"rendered, then changed"),
        lambda entry: entry.write_bytes(entry.read_bytes()[:3]),  # cut short
        lambda entry: entry.with_name(entry.name + CHECKSUM).unlink(),
        lambda entry: entry.with_name(entry.name + CHECKSUM).write_bytes(b"\xff\xfe"),
    ],
    ids=["changed", "truncated", "no checksum", "unreadable checksum"],
)
def test_a_damaged_entry_is_rendered_again_not_served(tmp_path: Path, damage: Any) -> None:
    renders = Renders()
    key = digest_of(["input"])
    RenderCache(tmp_path).bytes_for(key, ".docx", renders)
    damage(tmp_path / f"{key}.docx")
    assert RenderCache(tmp_path).bytes_for(key, ".docx", renders) == b"rendered"
    assert renders.calls == 2
    assert RenderCache(tmp_path).get(key, ".docx") == b"rendered", "and repaired"


def test_prune_keeps_what_this_build_asked_for(tmp_path: Path) -> None:
    old = RenderCache(tmp_path)
    old.put("old", ".pdf", b"1")
    old.put("kept", ".pdf", b"2")
    new = RenderCache(tmp_path)
    assert new.get("kept", ".pdf") == b"2"
    new.prune()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept.pdf", "kept.pdf.sha256"]


def test_no_folder_means_no_cache(tmp_path: Path) -> None:
    renders = Renders()
    for _ in range(2):
        RenderCache(None).bytes_for("key", ".pdf", renders)
    assert renders.calls == 2


def test_the_code_that_shapes_a_document_is_part_of_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "nk_fingerprinted.py"
    module.write_text("LAYOUT = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = code_fingerprint("nk_fingerprinted")
    code_fingerprint.cache_clear()
    module.write_text("LAYOUT = 2\n")
    assert code_fingerprint("nk_fingerprinted") != before
    code_fingerprint.cache_clear()
    sys.modules.pop("nk_fingerprinted", None)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the diff output's real renders (summary PDF, redline DOCX)."""
    calls = {"pdf": 0, "docx": 0}
    render_pdf, render_docx = engine.render, redline._render_redline

    def pdf(*args: Any) -> bytes:
        calls["pdf"] += 1
        return render_pdf(*args)

    def docx(*args: Any) -> bytes:
        calls["docx"] += 1
        return render_docx(*args)

    monkeypatch.setattr(engine, "render", pdf)
    monkeypatch.setattr(redline, "_render_redline", docx)
    return calls


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_diff_documents_come_from_the_cache_until_an_input_changes(
    mini_corpus: Corpus, tmp_path: Path, counted: dict[str, int]
) -> None:
    context = BuildContext(project=PROJECT, out=tmp_path, cache=tmp_path / "cache")
    write_diff(mini_corpus, tmp_path / "cold", context)
    assert counted == {"pdf": 1, "docx": 1}
    write_diff(mini_corpus, tmp_path / "warm", context)
    assert counted == {"pdf": 1, "docx": 1}, "nothing changed: nothing rendered"
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold")

    for entry in (tmp_path / "cache" / "diff").glob("*.pdf"):
        entry.write_bytes(b"%PDF-1.7 damaged")
    write_diff(mini_corpus, tmp_path / "repaired", context)
    assert counted == {"pdf": 2, "docx": 1}, "a damaged entry is rendered again"
    assert _files(tmp_path / "repaired") == _files(tmp_path / "cold")

    renamed = pickle.loads(pickle.dumps(mini_corpus))  # a copy: the model is frozen
    standard = renamed.standards[0]
    object.__setattr__(standard, "owner", f"{standard.owner} (renamed)")  # in both documents
    write_diff(renamed, tmp_path / "changed", context)
    assert counted == {"pdf": 3, "docx": 2}, "a changed input renders both again"
    assert len(list((tmp_path / "cache" / "diff").glob("*.pdf"))) == 1, "the stale one pruned"


def test_a_worker_writes_from_one_model_and_its_changesets(
    mini_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The changesets the build computed reach the writers on workers (not computed again
    there), and a worker unpickles the model once per build, not once per output."""
    derived = Derived(mini_corpus).complete()
    model = pickle.dumps((mini_corpus, derived))
    seen: list[tuple[Corpus, BuildContext]] = []
    monkeypatch.setattr(
        parallel,
        "write_output",
        lambda name, corpus, folder, context: seen.append((corpus, context)),
    )
    monkeypatch.setattr(parallel, "_model", None)
    context = BuildContext(project=PROJECT, out=tmp_path, cache=tmp_path)
    for name in ("json", "diff"):
        parallel._write_on_worker(name, model, "build-1", tmp_path / name, context)
    parallel._write_on_worker("json", model, "build-2", tmp_path / "json", context)
    (first, first_context), (second, _), (third, _) = seen
    assert first_context.derived is not None and first_context.derived.corpus is first
    assert first_context.derived.changesets.keys() == derived.changesets.keys()
    assert second is first, "the same build: one model"
    assert third is not first, "another build: its own model"
