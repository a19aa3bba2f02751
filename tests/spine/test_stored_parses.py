"""Parsed chapters and built versions stored in the build folder (`sources/stored_parses.py`,
`assemble/stored_assemblies.py`): a read that loads them gives the model and diagnostics a
read that parses and builds everything gives, cold, warm, after an edit, a settings change
and a new linked file; a damaged or foreign entry is made again."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from markdown_it.token import Token

from normkit import cache_entries, pipeline
from normkit.assemble import stored_assemblies
from normkit.assemble.reuse import Kept
from normkit.assemble.stored_assemblies import FOLDER as ASSEMBLIES
from normkit.build_folder import CACHE
from normkit.cache_entries import PickleEntries, save_entries, wait_for_left_saves
from normkit.model.location import Location
from normkit.model.standard import Version
from normkit.model.text import PartAnchor
from normkit.pipeline import BuildResult, CheckResult, build_project, check_project
from normkit.sources import packed_tokens, stored_parses
from normkit.sources.documents import Chunk, ParseCache, ParsedDocument, parses_kept
from normkit.sources.files import read_source
from normkit.sources.stored_parses import FOLDER, StoredParses
from tests.spine.miniprojects import materialise
from tests.stored_reads import DAMAGES, damage

V2 = "standards/demo/v2/01-governance.md"


def _project(tmp_path: Path) -> Path:
    return materialise(None, tmp_path / "project")


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _chapters(root: Path) -> int:
    return (
        sum(1 for _ in root.glob("standards/*/*/*.md"))
        + sum(1 for _ in root.glob("guidance/*/*/*.md"))
        + sum(1 for _ in root.glob("glossary/*.md"))
    )


def _entries(root: Path, folder: str = FOLDER) -> list[Path]:
    return sorted((root / "build" / CACHE / folder).iterdir())


def _build(root: Path) -> CheckResult:
    """A JSON build, checked against a read that parses every file."""
    result = build_project(root, root / "build", ("json",), jobs=1).check
    _same_as_parsed(root, result)
    return result


def _build_with_errors(root: Path) -> CheckResult:
    result = build_project(root, root / "build", ("json",), jobs=1).check
    _same_as_parsed(root, result)
    return result


def _same_as_parsed(root: Path, result: CheckResult) -> None:
    with parses_kept(ParseCache()):  # a session cache: nothing stored is read or built
        fresh = check_project(root)
    assert result.corpus == fresh.corpus
    assert result.diagnostics == fresh.diagnostics
    assert [d.format() for d in result.diagnostics] == [d.format() for d in fresh.diagnostics]


def _counts(result: CheckResult) -> tuple[int, int]:
    assert result.stored is not None
    return result.stored[0].loaded, result.stored[0].parsed


def _reused(result: CheckResult) -> set[str]:
    assert result.stored is not None
    return result.stored[1].reused


EVERYTHING = {
    "version demo@v1",
    "version demo@v2",
    "edition demo/v1-2020",
    "edition demo/v2-2023",
}


def test_builds_load_what_did_not_change(tmp_path: Path) -> None:
    root = _project(tmp_path)
    chapters = _chapters(root)
    cold = _build(root)
    assert _counts(cold) == (0, chapters)
    assert _reused(cold) == set()
    assert len(_entries(root)) == chapters
    assert len(_entries(root, ASSEMBLIES)) == len(EVERYTHING)

    warm = _build(root)
    assert _counts(warm) == (chapters, 0)
    assert _reused(warm) == EVERYTHING

    # One chapter edited: it alone is parsed again, and its old entry is removed; its
    # version alone is built again.
    _edit(root, V2, "comply with applicable law", "obey the law")
    edited = _build(root)
    assert _counts(edited) == (chapters - 1, 1)
    assert _reused(edited) == EVERYTHING - {"version demo@v2"}
    assert len(_entries(root)) == chapters

    # A new title: the guidance naming the criterion is built again, with the new title.
    _edit(root, V2, "### 1.2 Greenhouse gas targets", "### 1.2 Emission targets")
    assert "edition demo/v2-2023" not in _reused(_build(root))

    # A settings change reaches the model through what is built from the parses.
    _edit(root, "standards/demo/standard.yml", "title: Demo Standard", "title: Other Standard")
    settings = _build(root)
    assert _counts(settings) == (chapters, 0)
    assert settings.corpus.standards[0].title == "Other Standard"
    assert not {"version demo@v1", "version demo@v2"} & _reused(settings)

    # A linked file appears: no source changed, but the link's answer did.
    _edit(root, V2, "The governance pillar.", "The governance pillar ([plan](/files/plan.txt)).")
    assert "link.broken" in {d.code.code for d in _build_with_errors(root).diagnostics}
    (root / "files").mkdir()
    (root / "files" / "plan.txt").write_text("A plan.\n", encoding="utf-8")
    assert "version demo@v2" not in _reused(_build(root))

    # A chapter removed: its entry goes with it.
    (root / V2).unlink()
    _build(root)
    assert len(_entries(root)) == chapters - 1


def test_check_keeps_parses_as_a_linter_keeps_its_cache(tmp_path: Path) -> None:
    root = _project(tmp_path)
    # Diagnostics found while parsing (a misplaced block) come back from an entry too.
    _edit(root, V2, "# Governance\n", "# Governance\n\nIntro.\n\n```term\n{}\n```\n")
    result = check_project(root)  # as a library call: no folder of its own
    assert "criterion.block-misplaced" in {d.code.code for d in result.diagnostics}
    assert _counts(result) == (0, _chapters(root))
    assert not (root / "build").exists()

    check_project(root, keep_parses=True)  # the `check` command
    assert len(_entries(root)) == _chapters(root)
    warm = check_project(root)  # the build folder exists now: used and kept
    assert _counts(warm) == (_chapters(root), 0)
    _same_as_parsed(root, warm)


def test_a_build_stopped_by_errors_writes_no_folder(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _edit(root, "standards/demo/v2/version.yml", "status:", "status: [")
    result = build_project(root, root / "build", ("json",), jobs=1)
    assert not result.check.ok
    assert not (root / "build").exists()


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_entry_is_parsed_again(tmp_path: Path, how: str) -> None:
    root = _project(tmp_path)
    chapters = _chapters(root)
    _build(root)
    entries = _entries(root) + _entries(root, ASSEMBLIES)
    contents = [entry.read_bytes() for entry in entries]  # "other-file": another's, intact
    for entry, other in zip(entries, contents[1:] + contents[:1], strict=True):
        damage(entry, how, other)
    result = _build(root)  # the model and diagnostics of a full parse
    assert _counts(result) == (0, chapters)
    assert _reused(result) == set()
    assert len(_entries(root)) == chapters
    again = _build(root)
    assert _counts(again) == (chapters, 0)  # replaced by intact entries
    assert _reused(again) == EVERYTHING


def test_other_code_reads_no_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    _build(root)
    monkeypatch.setattr(stored_parses, "parser_fingerprint", lambda: b"another normkit")
    monkeypatch.setattr(stored_assemblies, "program_fingerprint", lambda: b"another normkit")
    other = _build(root)
    assert _counts(other) == (0, _chapters(root))
    assert _reused(other) == set()


def test_the_fingerprint_covers_the_parsing_code() -> None:
    package = Path(stored_parses.__file__).parent.parent
    covered = {"sources/documents.py", "sources/markdown.py", "model/location.py"}
    assert all((package / name).is_file() for name in covered)
    assert isinstance(stored_parses.parser_fingerprint(), bytes)
    store = StoredParses(Path("/nonexistent"))
    assert store.folder == Path("/nonexistent") / FOLDER


@pytest.mark.parametrize("command", [["check"], ["build", "--only", "json", "-q"]])
def test_the_commands_write_entries_in_a_child_the_next_read_waits_for(
    tmp_path: Path, command: list[str]
) -> None:
    root = _project(tmp_path)
    normkit = [sys.executable, "-m", "normkit", *command, "--project", str(root)]
    subprocess.run(normkit, check=True, capture_output=True)
    # Written by a forked child the command does not wait for: it ends before the child
    # (which let go of the pipes `capture_output` reads to their end).
    names = _settled(root, _chapters(root) + len(EVERYTHING))
    warm = check_project(root)
    assert _counts(warm) == (_chapters(root), 0)
    assert _reused(warm) == EVERYTHING
    _same_as_parsed(root, warm)
    subprocess.run(normkit, check=True, capture_output=True)  # loads them, prunes nothing
    assert {p.name for p in _entries(root) + _entries(root, ASSEMBLIES)} == names


def _settled(root: Path, count: int) -> set[str]:
    """The names of the entries, `count` of them, once a child the command left saving
    them is done (`wait_for_left_saves`, as the next command's read waits)."""
    wait_for_left_saves(root / "build" / CACHE)
    names: set[str] = set()
    for folder in (FOLDER, ASSEMBLIES):
        names |= {p.name for p in _entries(root, folder)}
    assert len(names) == count, sorted(names)
    assert not any(name.startswith(".") for name in names)  # (none being written)
    return names


@pytest.mark.parametrize("program", [True, False], ids=["the program", "a caller"])
def test_check_leaves_its_last_save_to_a_child_only_where_the_process_then_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, program: bool
) -> None:
    # Its last version was written by the command itself, at the end of a cold check's
    # critical path (10,000 criteria: ~190 ms); the program ends right after the checks,
    # and a caller of `cli.main` in its own process (a test) finds everything written.
    from click.testing import CliRunner

    from normkit.cli import main
    from normkit.commands import process_end

    root = _project(tmp_path)
    shutil.rmtree(root / "guidance")  # the versions are the last built
    monkeypatch.setattr(stored_assemblies, "SAVED_AHEAD_FROM", 1)  # as a large project
    monkeypatch.setattr(pipeline, "SAVED_AHEAD_FROM", 1)
    monkeypatch.setattr(process_end, "_ENDING", [program])
    monkeypatch.setattr(cache_entries, "fork_is_safe", lambda: True)  # as in a command
    forks = _counted_forks(monkeypatch)
    result = CliRunner().invoke(main, ["check", "--jobs", "1", "--project", str(root)])
    assert result.exit_code == 0, result.output
    left = _left(forks)
    # A caller: demo@v1 saved ahead while demo@v2 is built, in a child it waits for, and the
    # rest by itself. The program: nothing ahead (a child beside the builds took a core
    # from them, and copied the pages the read then wrote), everything once checked.
    assert len(forks) == 1
    assert left == (forks if program else [])
    _settled(root, _chapters(root) + 2)
    assert {"version demo@v1", "version demo@v2"} <= _reused(check_project(root))


@pytest.mark.parametrize("program", [True, False], ids=["the program", "a caller"])
def test_build_leaves_its_save_to_a_child_only_where_the_process_then_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, program: bool
) -> None:
    # A cold JSON build waited for the child saving what it read beside the outputs (1,000
    # criteria: 15-25 ms, 10,000: up to ~300 ms); the program now forks it once the build
    # is over and ends, and a read started at once waits for it rather than parse again. A
    # caller of `cli.main` in its own process (a test) finds everything written.
    from click.testing import CliRunner

    from normkit import parallel
    from normkit.cli import main
    from normkit.commands import process_end

    root = _project(tmp_path)
    monkeypatch.setattr(process_end, "_ENDING", [program])
    monkeypatch.setattr(cache_entries, "fork_is_safe", lambda: True)  # as in a command
    events: list[str] = []
    forks = _counted_forks(monkeypatch)
    fork = cache_entries._fork

    def recorded_fork() -> int | None:
        events.append("fork")
        return fork()

    monkeypatch.setattr(cache_entries, "_fork", recorded_fork)
    monkeypatch.setattr(parallel, "stop_workers", lambda: events.append("workers stopped"))
    write_all = PickleEntries._write_all

    def slow(entries: PickleEntries, dumper: cache_entries._Dumper) -> None:
        if entries.folder.name == FOLDER:  # the first: still writing once the build ended
            time.sleep(0.5)
        write_all(entries, dumper)

    monkeypatch.setattr(PickleEntries, "_write_all", slow)
    command = ["build", "--only", "json", "-q", "--jobs", "1", "--project", str(root)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert (root / "build" / "json" / "index.json").is_file()  # the build, whole
    if not program:  # (a project this small is saved by the command itself)
        assert len({p.name for p in _entries(root)}) == _chapters(root)
    warm = check_project(root)  # at once: its read waits for the child
    left = _left(forks)
    assert len(forks) == (1 if program else 0)
    assert left == forks
    # Forked once the workers are stopped: a child holding the fork server's pipe would
    # make the command wait for it there.
    assert events == (["workers stopped", "fork"] if program else ["workers stopped"])
    # And the program does not free the model once the command returns (in pages the child
    # shares, each write a copy): it ends now.
    held = [kept for kept in cache_entries._HELD if isinstance(kept, BuildResult)]
    assert len(held) == (1 if program else 0)
    assert _counts(warm) == (_chapters(root), 0)
    assert _reused(warm) == EVERYTHING


def test_what_cannot_be_pickled_is_not_stored(tmp_path: Path) -> None:
    entries = PickleEntries(tmp_path / "build" / ".cache" / "things", lambda m, n: False)
    (tmp_path / "build").mkdir()
    entries.keep("good", ("a", 1))
    entries.keep("bad", lambda: None)  # a function made here cannot be pickled
    # written frame by frame: what was written before the failure is removed
    entries.keep("bad late", ("a" * 300_000, lambda: None))
    save_entries([entries])
    assert sorted(p.name for p in entries.folder.iterdir()) == ["good"]
    assert PickleEntries(entries.folder, lambda m, n: False).load("good") == ("a", 1)


def test_a_chapter_opening_with_text_reads_the_same_again(tmp_path: Path) -> None:
    # The text before a chapter's first heading joins the last entry of the chapter
    # before: the parse of that chapter, stored or kept, must not keep it, or the next
    # build of the version (here after a settings change) would show it twice.
    root = _project(tmp_path)
    (root / "standards/demo/v2/02-more.md").write_text(
        "Opening text of the second chapter.\n\n## 2 More\n", encoding="utf-8"
    )
    for summary in ("First.", "Second.", "Third."):
        _edit(root, "standards/demo/v2/version.yml", "summary:", f"summary: {summary}")
        _build(root)  # the same model as a read that parses every file


def test_a_stored_parse_is_the_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every token field, footnotes (kept in `env`) and nested children come back equal,
    # whether a chunk's tokens were packed by marshal or, holding a value marshal cannot
    # write, pickled as tokens.
    root = _project(tmp_path)
    sources = [read_source(root, path)[0] for path in sorted(root.glob("**/*.md"))]
    assert all(sources) and any("[^1]" in source.text for source in sources if source)
    unpacked: list[int] = []
    unpack = packed_tokens._unpacked
    monkeypatch.setattr(packed_tokens, "_unpacked", lambda f: unpacked.append(1) or unpack(f))
    counts: list[int] = []
    for odd in (False, True):
        store = StoredParses(tmp_path / f"build-{odd}" / CACHE)
        (tmp_path / f"build-{odd}").mkdir()
        expected = []
        for source in sources:
            assert source is not None
            parsed = store.parse(source)
            if odd:
                for chunk in parsed[0].chunks:
                    for token in chunk.tokens:
                        token.meta = {**token.meta, "location": chunk.location}
            expected.append(parsed)
        save_entries([store.entries])
        again = StoredParses(tmp_path / f"build-{odd}" / CACHE)
        unpacked.clear()
        assert [again.parse(source) for source in sources if source] == expected
        assert again.loaded == len(sources)
        counts.append(len(unpacked))
    assert counts[0] > counts[1]  # packed unless a value needed pickle


def test_a_loaded_parse_splits_its_lines_only_when_asked(tmp_path: Path) -> None:
    # A read renders only some of the chapters it loads (a render helper or a stored version
    # makes the others): their lines are not split for nothing.
    root = _project(tmp_path)
    source = read_source(root, root / V2)[0]
    assert source is not None
    (tmp_path / "build").mkdir()
    store = StoredParses(tmp_path / "build" / CACHE)
    parsed = store.parse(source)[0]
    assert parsed.split == source.text.split("\n")  # the parse's own, kept
    save_entries([store.entries])
    loaded = StoredParses(tmp_path / "build" / CACHE).parse(source)[0]
    assert loaded.split is None
    assert loaded == parsed
    assert loaded.lines == parsed.lines
    assert loaded.split is loaded.lines  # split once


class _Rebuilt:
    """An entry that asks `rebuild_frozen` for the class and values it names."""

    def __init__(self, cls: type, values: tuple[object, ...]) -> None:
        self.cls, self.values = cls, values

    def __reduce__(self) -> tuple[object, tuple[type, tuple[object, ...]]]:
        return (cache_entries.rebuild_frozen, (self.cls, self.values))


def test_frozen_model_classes_come_back_whole_or_not_at_all(tmp_path: Path) -> None:
    # The model's frozen dataclasses are stored as their fields and rebuilt by one listed
    # function, which makes nothing but a frozen dataclass with exactly its fields.
    entries = PickleEntries(tmp_path / "build" / ".cache" / "things", stored_assemblies._allowed)
    (tmp_path / "build").mkdir()
    where = Location(path="a.md", line=3, column=1)
    entries.keep("good", [where, where])
    save_entries([entries])
    loaded = PickleEntries(entries.folder, stored_assemblies._allowed).load("good")
    assert loaded == [where, where] and loaded[0] is loaded[1]
    for name, forged in {
        "not frozen": _Rebuilt(Kept, ("key", None, [], None, [])),
        "too few": _Rebuilt(Location, ("a.md", 3)),
        "too many": _Rebuilt(Location, ("a.md", 3, 1, None, 4)),
    }.items():
        payload = pickle.dumps(forged, protocol=5)
        (entries.folder / name).write_bytes(payload + hashlib.sha256(payload).digest())
        assert PickleEntries(entries.folder, stored_assemblies._allowed).load(name) is None


def _called(name: str, values: tuple[object, ...]) -> bytes:
    """A pickle that calls `cache_entries.<name>` with `values` (as `StoredReducers` writes
    a model object: a maker named `MAKERS.<module>/<class>`, any name for a forged one)."""
    module = cache_entries.__name__.encode()
    called = name.encode()
    head = b"\x80\x05\x8c%c%s\x8c%c%s\x93" % (len(module), module, len(called), called)
    return head + pickle.dumps(values, protocol=2)[2:-1] + b"R."


def test_model_classes_are_made_only_by_the_makers_of_allowed_frozen_classes(
    tmp_path: Path,
) -> None:
    # An entry names each object's maker by its class; a name of anything else, or values
    # that do not fit the class' fields, make the entry not ours.
    folder = tmp_path / "build" / ".cache" / "things"
    folder.mkdir(parents=True)
    location = "MAKERS.normkit:model:location/Location"
    for name, (called, values, expected) in {
        "good": (location, ("a.md", 3, 1, False), Location(path="a.md", line=3, column=1)),
        "too few": (location, ("a.md", 3), None),
        "too many": (location, ("a.md", 3, 1, False, 4), None),
        "not frozen": ("MAKERS.normkit:assemble:reuse/Kept", ("key", None, [], None, []), None),
        "not allowed": ("MAKERS.pathlib/PurePosixPath", ("a.md",), None),
        "no class": ("MAKERS.normkit:model:location/Nowhere", (), None),
        "not a maker": ("MAKERS", (), None),
        "no module": ("MAKERS.normkit:nowhere/Location", (), None),
    }.items():
        payload = _called(called, values)
        (folder / name).write_bytes(payload + hashlib.sha256(payload).digest())
        loaded = PickleEntries(folder, stored_assemblies._allowed).load(name)
        assert loaded == expected and type(loaded) is type(expected), name


def test_saving_names_the_makers_and_loading_makes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A saving child only writes each maker's name (making every class' maker, an `exec`
    # each, was most of its fixed cost); a read makes those of the classes it meets, one
    # text run per field count, and they make what was saved.
    monkeypatch.setattr(cache_entries, "_MAKERS", {})
    monkeypatch.setattr(cache_entries, "_FACTORIES", {})
    monkeypatch.setattr(cache_entries, "MAKERS", cache_entries._Makers())
    entries = PickleEntries(tmp_path / "build" / ".cache" / "things", stored_assemblies._allowed)
    where = Location(path="a.md", line=3, column=1)
    stored = [where, where, PartAnchor(anchor="x.a", item=True)]
    data = entries._dumps(stored)
    assert cache_entries._MAKERS == {} and cache_entries._FACTORIES == {}
    named = getattr(cache_entries.MAKERS, cache_entries._maker_name(Location))
    assert named("b.md", 1, 2, False) == Location(path="b.md", line=1, column=2)
    cache_entries._MAKERS.clear()
    cache_entries._FACTORIES.clear()
    loaded = PickleEntries(entries.folder, lambda module, name: True).loads(data)
    assert loaded == stored and loaded[0] is loaded[1]
    assert set(cache_entries._MAKERS) == {Location, PartAnchor}
    assert set(cache_entries._FACTORIES) == {2, 4}  # one text run per field count


def test_a_workers_bytes_are_taken_unchecked_but_only_into_allowed_classes(
    tmp_path: Path,
) -> None:
    # A parse-ahead worker's entry never left this program and arrives whole: the read
    # does not hash it again (`loads(checked=False)`), but unpickles only what is allowed.
    entries = PickleEntries(tmp_path / "things", stored_assemblies._allowed)
    where = Location(path="a.md", line=3, column=1)
    data = entries._dumps([where])
    unsummed = data[:-32] + bytes(32)
    assert entries.loads(unsummed) is None  # from disk: checked
    assert entries.loads(unsummed, checked=False) == [where]
    forged = _called("MAKERS.pathlib/PurePosixPath", ("a.md",)) + bytes(32)
    assert entries.loads(forged, checked=False) is None


@dataclasses.dataclass(frozen=True, slots=True)
class _NoField:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class _OneField:
    only: object


@pytest.mark.parametrize(
    "made", [_NoField(), _OneField(only=[1]), Location(path="a.md", line=2, column=3, cell=True)]
)
def test_frozen_rebuilds_a_frozen_class_of_any_field_count(made: object) -> None:
    # `rebuild_frozen` writes one function per field count: none, one (a tuple of one) and more.
    values = tuple(getattr(made, field.name) for field in dataclasses.fields(made))  # type: ignore[arg-type]
    rebuilt = cache_entries.rebuild_frozen(type(made), values)
    assert type(rebuilt) is type(made) and rebuilt == made
    for field in dataclasses.fields(rebuilt):  # type: ignore[arg-type]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(rebuilt, field.name, 2)
    with pytest.raises(pickle.UnpicklingError):
        cache_entries.rebuild_frozen(type(made), (*dataclasses.astuple(made), 1))


def test_a_chunk_with_a_plugins_own_token_keeps_its_tokens_as_they_are() -> None:
    class Own(Token):
        """A plugin's own kind of token: marshal would lose its class."""

    own = Own("paragraph_open", "p", 1)
    chunk = Chunk(0, "", Location(path="a.md", line=1, column=1), None, [], [own], (0, 1))
    rebuild, fields = stored_parses._reduce_chunk(chunk)
    assert fields[4] == ([], [own]) and type(fields[4][1][0]) is Own  # pickled as it is
    plain = Chunk(
        0, "", Location(path="a.md", line=1, column=1), None, [], [Token("hr", "hr", 0)], (0, 1)
    )
    assert type(stored_parses._reduce_chunk(plain)[1][4]) is bytes  # packed
    assert rebuild(*stored_parses._reduce_chunk(plain)[1]) == plain


def test_an_edited_chapter_renders_only_its_criteria_in_a_new_process(tmp_path: Path) -> None:
    # The renderings are stored with the version (sharing its text objects: +3% in size).
    root = _project(tmp_path)
    (root / "standards/demo/v2/02-records.md").write_text(
        "# Records\n\n## 2 Records\n\n### 2.1 Plans kept\n\n```criterion\nid: plans-kept\n"
        "applies_to: [all]\n```\n\nThe Entity shall keep its plans.\n",
        encoding="utf-8",
    )
    _build(root)
    warm = _build(root)
    assert _reused(warm) == EVERYTHING
    _edit(root, V2, "comply with applicable law", "obey the law")
    edited = _build(root)  # the same model as a read that parses every file
    assert edited.stored is not None and edited.stored[1].renders_reused == 1
    assert len(_entries(root, ASSEMBLIES)) == len(EVERYTHING)


def test_the_source_digest_changes_with_any_edit_of_the_code(tmp_path: Path) -> None:
    """Modules are told apart by path, size and times (as Python's bytecode cache does,
    more strictly): an edit that keeps the size, even one that puts the modification
    time back, or a file saved over the old one, gives another digest."""
    package = tmp_path / "package"
    (package / "sub" / "__pycache__").mkdir(parents=True)
    (package / "sub" / "module.py").write_text("A = 1\n")
    (package / "top.py").write_text("B = 2\n")
    (package / "notes.txt").write_text("not code\n")

    def digest() -> bytes:
        return cache_entries.source_digest(package, ("",)).digest()

    first = digest()
    assert digest() == first
    (package / "notes.txt").write_text("still not code\n")
    (package / "sub" / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"compiled")
    assert digest() == first

    module = package / "sub" / "module.py"
    before = module.stat()
    module.write_text("A = 3\n")  # same size
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    edited = digest()
    assert edited != first

    saved = package / "sub" / ".module.py.new"
    saved.write_text("A = 4\n")
    os.utime(saved, ns=(before.st_atime_ns, module.stat().st_mtime_ns))
    os.replace(saved, module)  # as an editor saves: another file, same size and time
    assert digest() != edited

    again = digest()
    (package / "sub" / "other.py").write_text("")
    assert digest() != again
    only_top = cache_entries.source_digest(package, ("top.py",)).digest()
    module.write_text("A = 55\n")
    assert cache_entries.source_digest(package, ("top.py",)).digest() == only_top


@pytest.mark.parametrize(
    ("saved_ahead_from", "ahead"),
    [(1, [1, 1]), (3, [2]), (None, [])],
    ids=["one-criterion", "three-criteria", "default"],
)
def test_a_command_saves_versions_while_the_next_is_built(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    saved_ahead_from: int | None,
    ahead: list[int],
) -> None:
    """The parses with the first versions built, then the versions built since, each time
    they rendered `SAVED_AHEAD_FROM` criteria (editions render none); the rest with the
    final save, here in the command's own process: the editions left are too small to pay
    for a fork. The project's versions are small (1 and 3 criteria): by default, the
    command saves them all itself, at the end."""
    root = _project(tmp_path)
    if saved_ahead_from is not None:
        monkeypatch.setattr(stored_assemblies, "SAVED_AHEAD_FROM", saved_ahead_from)
        monkeypatch.setattr(pipeline, "SAVED_AHEAD_FROM", saved_ahead_from)
    monkeypatch.setattr(cache_entries, "fork_is_safe", lambda: True)  # as in a command
    saved: list[tuple[int, int]] = []
    save_ahead = pipeline.save_ahead
    documents: dict[str, ParsedDocument] = {}

    def recorded(folders: list[PickleEntries], create: bool = False) -> None:
        parses, assemblies = folders
        saved.append((len(parses.pending), len(assemblies.pending)))
        documents.update((found.source.path, found) for found, _ in parses.pending.values())
        for kept in assemblies.pending.values():
            top = "standards" if isinstance(kept.built, Version) else "guidance"
            chunks = [
                chunk
                for path, found in documents.items()
                if path.startswith(f"{top}/demo/{kept.built.name}/")
                for chunk in found.chunks
            ]
            # Shelved before the child is forked, not after (in pages it shares, copied).
            assert chunks and all(chunk.packed is not None for chunk in chunks)
            assert all(chunk._tokens is None for chunk in chunks)
        save_ahead(folders, create)
        assert not parses.pending and not assemblies.pending  # a child writes them

    monkeypatch.setattr(pipeline, "save_ahead", recorded)
    forks = _counted_forks(monkeypatch)
    with cache_entries.saving_in_background():
        check_project(root, keep_parses=True, jobs=1, layout=False)
    assert [versions for _, versions in saved] == ahead
    assert [parses for parses, _ in saved] == [_chapters(root), 0][: len(ahead)]
    assert len(forks) == len(ahead)
    names = {p.name for p in _entries(root) + _entries(root, ASSEMBLIES)}
    assert len(names) == _chapters(root) + len(EVERYTHING)  # and the final save pruned none
    warm = check_project(root)
    assert _counts(warm) == (_chapters(root), 0)
    assert _reused(warm) == EVERYTHING
    _same_as_parsed(root, warm)


def test_the_last_version_is_saved_by_the_command_that_only_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version is saved ahead once the next is being built: the last one, after which
    nothing is built, is left to the final save, which `check` (`keep_parses`) writes in its
    own process, as it does whatever the read left: beside it only the checks would run,
    and they and a child would copy every page of the model either touched. A build's final
    save still forks (`test_the_final_save_forks_only_for_enough_criteria`)."""
    root = _project(tmp_path)
    shutil.rmtree(root / "guidance")  # the versions are the last built
    monkeypatch.setattr(stored_assemblies, "SAVED_AHEAD_FROM", 1)
    monkeypatch.setattr(pipeline, "SAVED_AHEAD_FROM", 1)
    monkeypatch.setattr(cache_entries, "fork_is_safe", lambda: True)  # as in a command
    saved: list[int] = []
    save_ahead = pipeline.save_ahead

    def recorded(folders: list[PickleEntries], create: bool = False) -> None:
        saved.append(len(folders[1].pending))
        save_ahead(folders, create)

    monkeypatch.setattr(pipeline, "save_ahead", recorded)
    forks = _counted_forks(monkeypatch)
    with cache_entries.saving_in_background():
        result = check_project(root, keep_parses=True, jobs=1, layout=False)
    assert result.ok
    assert saved == [1]  # demo@v1, while demo@v2 was built
    assert len(forks) == 1  # demo@v2 and the rest: in this process
    warm = check_project(root)
    assert {"version demo@v1", "version demo@v2"} <= _reused(warm)


def _left(forks: list[int | None]) -> list[int | None]:
    """Those of `forks` the command left running: waited for here (the others it waited
    for itself, and waiting for them again raises)."""
    left = []
    for pid in forks:
        try:
            os.waitpid(pid or 0, 0)
            left.append(pid)
        except ChildProcessError:
            pass
    return left


def _counted_forks(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    forks: list[int | None] = []
    fork = cache_entries._fork

    def counted() -> int | None:
        forks.append(made := fork())
        return made

    monkeypatch.setattr(cache_entries, "_fork", counted)
    return forks


@pytest.mark.parametrize(
    ("saved_ahead_from", "forked"), [(1, 1), (None, 0)], ids=["large", "small"]
)
def test_the_final_save_forks_only_for_enough_criteria(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved_ahead_from: int | None, forked: int
) -> None:
    """A first build has no build folder to save ahead in: its final save writes every
    version, in a forked child once they rendered `SAVED_AHEAD_FROM` criteria, else in its
    own process. Either way, the next read finds them all."""
    root = _project(tmp_path)
    if saved_ahead_from is not None:
        monkeypatch.setattr(stored_assemblies, "SAVED_AHEAD_FROM", saved_ahead_from)
        monkeypatch.setattr(pipeline, "SAVED_AHEAD_FROM", saved_ahead_from)
    monkeypatch.setattr(cache_entries, "fork_is_safe", lambda: True)  # as in a command
    forks = _counted_forks(monkeypatch)
    with cache_entries.saving_in_background():
        result = check_project(root, cache=root / "build" / ".cache", jobs=1, layout=False)
        assert forks == []  # no folder: nothing saved ahead
        result.save_stored(create=True)
    assert len(forks) == forked
    warm = check_project(root)
    assert _counts(warm) == (_chapters(root), 0)
    assert _reused(warm) == EVERYTHING


def test_a_save_removes_what_no_read_wanted_but_not_what_is_being_written(
    tmp_path: Path,
) -> None:
    entries = PickleEntries(tmp_path / "build" / ".cache" / "things", lambda m, n: False)
    entries.folder.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    for name in ("old", f".new.{os.getppid()}", f".left.{dead}", ".hidden"):
        (entries.folder / name).write_bytes(b"")
    entries.keep("kept", ("a", 1))
    save_entries([entries])
    # Another process's entry on its way (its pid alive) stays; a killed one's goes.
    assert sorted(p.name for p in entries.folder.iterdir()) == [f".new.{os.getppid()}", "kept"]
