"""`pattern_cache.py`: regular expressions are translated by the first process only, and
what later processes get from the cache is the pattern `re` would have compiled."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from normkit import method_cache, pattern_cache
from normkit.pattern_cache import cache_file, compiled_count, patterns_compiled_once

PROBE = """
import sys
from pathlib import Path
from normkit.pattern_cache import compiled_count, patterns_compiled_once
with patterns_compiled_once(Path(sys.argv[1])):
    import normkit.pipeline
    print(compiled_count())
"""

TEXTS: list[tuple[str | bytes, int]] = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(\d\d))?", 0),
    (r"straße|ǅ|ﬀ", re.IGNORECASE),  # Unicode case folding, with its extra cases
    ("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", 0),
    (r"^\s*# (?P<title>.+?)\s*$", re.MULTILINE | re.VERBOSE),
    (rb"[\x00-\x1f]+(?P<tail>\w*)", 0),
    (r"(?i)(?<![\w-])GHG(?:\s+Emissions?)?(?!\w)", 0),
]


def _compiled(text: str | bytes, flags: int) -> re.Pattern[str] | re.Pattern[bytes]:
    """`re.compile(text, flags)` as a module compiles a constant on import, past `re`'s
    in-memory cache."""
    re.purge()
    namespace: dict[str, Any] = {}
    exec(f"import re\nPATTERN = re.compile({text!r}, {flags})", namespace)
    made: re.Pattern[str] | re.Pattern[bytes] = namespace["PATTERN"]
    return made


def _built_on_import(text: str) -> re.Pattern[str]:
    """`re.compile` of a text a class's body builds, past `re`'s in-memory cache."""
    re.purge()

    class Module:
        pattern = re.compile("".join(text))

    return Module.pattern


def _fresh(text: str | bytes, flags: int) -> re.Pattern[str] | re.Pattern[bytes]:
    """`text` compiled by `re`'s own compiler, past its in-memory cache."""
    made: re.Pattern[str] | re.Pattern[bytes] = pattern_cache._ORIGINAL(text, flags)
    return made


def _compiled_by_a_fresh_process(folder: Path) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True, check=True
    )
    return int(result.stdout)


def test_a_second_process_translates_no_pattern(tmp_path: Path) -> None:
    assert _compiled_by_a_fresh_process(tmp_path) > 50  # PyYAML's, markdown-it's, ours
    assert cache_file(tmp_path).is_file()  # type: ignore[union-attr]
    assert _compiled_by_a_fresh_process(tmp_path) == 0


@pytest.mark.parametrize(("text", "flags"), TEXTS, ids=lambda value: repr(value)[:24])
def test_cached_patterns_are_the_patterns_re_compiles(
    tmp_path: Path, text: str | bytes, flags: int
) -> None:
    plain = _fresh(text, flags)
    with patterns_compiled_once(tmp_path):
        first = _compiled(text, flags)
        assert compiled_count() == 1
    with patterns_compiled_once(tmp_path):
        again = _compiled(text, flags)
        assert compiled_count() == 0  # from the file
    assert pattern_cache._compiler.compile is pattern_cache._ORIGINAL  # left as found
    for made in (first, again):
        assert made is not plain
        assert made == plain  # same text, flags and program (`Pattern.__eq__` compares them)
        assert (made.flags, made.groups, made.groupindex) == (
            plain.flags,
            plain.groups,
            plain.groupindex,
        )
    program = pattern_cache._load(cache_file(tmp_path))[(flags, text)]  # type: ignore[arg-type]
    assert program[0] == text


def test_re_compile_goes_through_the_cache_and_keeps_its_own(tmp_path: Path) -> None:
    text = r"normkit-pattern-cache-(\d+)-probe"
    with patterns_compiled_once(tmp_path):
        compiled = re.compile(text)
        assert compiled_count() == 1
        assert re.compile(text) is compiled  # `re`'s in-memory cache, as always
    assert compiled.match("normkit-pattern-cache-42-probe").group(1) == "42"  # type: ignore[union-attr]


def test_a_pattern_a_function_builds_is_compiled_each_run(tmp_path: Path) -> None:
    """Built from a set, its text changes from run to run: kept, it would grow the file and
    have it written by every run. A constant of a function is kept."""
    terms = {"GHG Emission", "Entity", "Scope 1"}
    with patterns_compiled_once(tmp_path):
        re.purge()
        built = re.compile("|".join(re.escape(term) for term in terms))
        constant = re.compile(r"normkit-constant-(\w+)-probe")
        assert compiled_count() == 1
    assert built.search("an Entity") and constant.match("normkit-constant-x-probe")
    kept = pattern_cache._load(cache_file(tmp_path))  # type: ignore[arg-type]
    assert list(kept) == [(0, r"normkit-constant-(\w+)-probe")]


def test_a_text_built_on_import_is_kept_but_written_only_with_a_constant(
    tmp_path: Path,
) -> None:
    """Babel builds a pattern from a set as it is imported: each run may bring another
    order, which alone must not have the file written again."""
    path = cache_file(tmp_path)
    assert path is not None
    with patterns_compiled_once(tmp_path):
        _compiled(*TEXTS[0])
    written = path.stat().st_mtime_ns
    built = "|".join(sorted({"and", "or", "is"}))
    with patterns_compiled_once(tmp_path):
        _built_on_import(built)  # kept, but the file is not written for it
        assert compiled_count() == 1
    assert path.stat().st_mtime_ns == written
    with patterns_compiled_once(tmp_path):
        _built_on_import(built)
        _compiled(r"normkit-constant-(\w+)-written", 0)
    with patterns_compiled_once(tmp_path):
        _built_on_import(built)
        assert compiled_count() == 0  # written along with the constant


def test_debug_patterns_and_parsed_patterns_go_to_the_usual_compiler(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with patterns_compiled_once(tmp_path):
        scanner = re.Scanner([(r"\d+", lambda _, token: int(token))])  # type: ignore[attr-defined]
        assert scanner.scan("12")[0] == [12]
        re.compile(r"normkit-debug-probe", re.DEBUG)
        assert "LITERAL" in capsys.readouterr().out  # what `re.DEBUG` prints
        assert compiled_count() == 0  # neither is kept
    assert not cache_file(tmp_path).exists()  # type: ignore[union-attr]


@pytest.mark.parametrize("content", [b"", b"not marshal", b"\0\0\0\0" + b"x" * 20, None], ids=str)
def test_a_damaged_or_foreign_file_is_compiled_again_and_replaced(
    tmp_path: Path, content: bytes | None
) -> None:
    text, flags = TEXTS[0]
    path = cache_file(tmp_path)
    assert path is not None
    if content is None:  # a file of another Python: the right format, another header
        with patterns_compiled_once(tmp_path):
            _compiled(text, flags)
        path.write_bytes(b"\x01\x02\r\n" + path.read_bytes()[4:])
    else:
        path.write_bytes(content)
    with patterns_compiled_once(tmp_path):
        _compiled(text, flags)
        assert compiled_count() == 1
    with patterns_compiled_once(tmp_path):
        _compiled(text, flags)
        assert compiled_count() == 0


def test_a_program_the_engine_rejects_is_translated_again(tmp_path: Path) -> None:
    text, flags = TEXTS[0]
    path = cache_file(tmp_path)
    assert path is not None
    with patterns_compiled_once(tmp_path):
        _compiled(text, flags)
    entries = pattern_cache._load(path)
    pattern, kept_flags, program, *groups = entries[(flags, text)]
    entries[(flags, text)] = (pattern, kept_flags, [255, *program], *groups)
    method_cache.store(path, pattern_cache._HEADER, entries)
    with patterns_compiled_once(tmp_path):
        made = _compiled(text, flags)
        assert compiled_count() == 1
    assert made == _fresh(text, flags)


def test_an_unwritable_folder_only_costs_the_compilation(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    text, flags = TEXTS[0]
    with patterns_compiled_once(blocked / "cache"):
        made = _compiled(text, flags)
        assert compiled_count() == 1
    assert made == _fresh(text, flags)


def test_a_pattern_kept_for_content_is_not_compiled_again(tmp_path: Path) -> None:
    """A glossary's term pattern, built by a function: the next run of the same project
    builds the same text and takes its program from the file."""
    text = "|".join(re.escape(term) for term in ("Scope 1", "GHG Emission", "Entity"))
    with patterns_compiled_once(tmp_path):
        first = pattern_cache.compile_kept(text)
        assert compiled_count() == 1
    with patterns_compiled_once(tmp_path):
        again = pattern_cache.compile_kept(text)
        assert compiled_count() == 0
    assert first == again == _fresh(text, 0)
    kept = pattern_cache._load(cache_file(tmp_path))  # type: ignore[arg-type]
    assert list(kept) == [(pattern_cache._CONTENT_KEY, text)]  # apart from a constant's
    assert again.search("an Entity").group() == "Entity"  # type: ignore[union-attr]
    assert pattern_cache.compile_kept(text) == again  # no cache active: `re.compile`


def test_only_the_most_recent_content_patterns_are_kept(tmp_path: Path) -> None:
    """Every edit of a glossary makes another text: the file keeps the run's own and the
    most recently used others, `MOST_CONTENT` in all."""
    texts = [f"normkit-term-{number}-probe" for number in range(pattern_cache.MOST_CONTENT + 3)]
    for text in texts:
        with patterns_compiled_once(tmp_path):
            pattern_cache.compile_kept(texts[0])  # used by every run: never dropped
            pattern_cache.compile_kept(text)
    kept = pattern_cache._load(cache_file(tmp_path))  # type: ignore[arg-type]
    content = [text for flags, text in kept if flags & pattern_cache._CONTENT_KEY]
    assert sorted(content) == sorted([texts[0], *texts[-pattern_cache.MOST_CONTENT + 1 :]])
    with patterns_compiled_once(tmp_path):
        pattern_cache.compile_kept(texts[1])  # dropped: translated again
        assert compiled_count() == 1


def test_a_commands_first_run_starts_from_another_commands_file(tmp_path: Path) -> None:
    """A first `build` after a `check` translates none of the patterns the check did; its
    own file keeps only what it used, and once it has one it reads no other."""
    (text, flags), (other, other_flags) = TEXTS[0], TEXTS[1]
    with patterns_compiled_once(tmp_path, "check"):
        _compiled(text, flags), _compiled(other, other_flags)
    with patterns_compiled_once(tmp_path, "build"):
        made = _compiled(text, flags)
        assert compiled_count() == 0
    assert made == _fresh(text, flags)
    build, check = cache_file(tmp_path, "build"), cache_file(tmp_path, "check")
    assert build is not None and check is not None
    assert len(pattern_cache._load(build)) == 1 and len(pattern_cache._load(check)) == 2
    with patterns_compiled_once(tmp_path, "build"):
        _compiled(other, other_flags)
        assert compiled_count() == 1  # its own file, which lacks the check's other


def test_a_text_built_from_constants_is_kept_when_said_so(tmp_path: Path) -> None:
    """A named numbering style's patterns, which a function builds from constants: the next
    run takes their programs from the file (`compile_constant`), the same patterns."""
    text = "".join(("(?P<number>", r"\d+(?:\.\d+)*", ")", r"[.:]?(?:\s+(?P<title>\S.*))?"))
    pattern_cache._constants.clear()  # (as in a new process)
    with patterns_compiled_once(tmp_path):
        first = pattern_cache.compile_constant(text, re.DOTALL)
        assert compiled_count() == 1
        assert pattern_cache.compile_constant(text, re.DOTALL) is first  # once per process
    pattern_cache._constants.clear()
    with patterns_compiled_once(tmp_path):
        again = pattern_cache.compile_constant(text, re.DOTALL)
        assert compiled_count() == 0
    assert first == again == _fresh(text, re.DOTALL) == re.compile(text, re.DOTALL)
    kept = pattern_cache._load(cache_file(tmp_path))  # type: ignore[arg-type]
    assert [text for _, text in kept] == [text]
    assert pattern_cache.compile_constant(text, re.DOTALL) == again  # none active: `re`


def test_a_named_numbering_style_is_translated_once(tmp_path: Path) -> None:
    from normkit.model.numbering import NumberingStyle, numbering_for

    for translated in (2, 0):
        pattern_cache._constants.clear()  # (as in a new process)
        with patterns_compiled_once(tmp_path):
            re.purge()
            numbering = numbering_for(NumberingStyle.ALPHANUMERIC)
            assert compiled_count() == translated
    assert numbering.split("AC-2(1) Account management") == ("AC-2(1)", "Account management")
