"""`method_cache.py`: a dataclass's methods are compiled by the first process only, and what
later processes get from the cache is what `dataclass` would have compiled."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from normkit import method_cache, pattern_cache
from normkit.method_cache import cache_file, compiled_count, methods_compiled_once
from normkit.program import COMMANDS, command_named
from tests.spine.miniprojects import materialise

PROBE = """
import sys
from pathlib import Path
from normkit.method_cache import compiled_count, methods_compiled_once
with methods_compiled_once(Path(sys.argv[1])):
    import normkit.pipeline
    print(compiled_count())
"""


def _compiled_by_a_fresh_process(folder: Path) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True, check=True
    )
    return int(result.stdout)


def test_a_second_process_compiles_no_method(tmp_path: Path) -> None:
    assert _compiled_by_a_fresh_process(tmp_path) > 100  # the model's classes, and more
    assert cache_file(tmp_path).is_file()  # type: ignore[union-attr]
    assert _compiled_by_a_fresh_process(tmp_path) == 0


def test_the_program_keeps_its_methods_and_patterns_in_the_users_cache(tmp_path: Path) -> None:
    """Through the `normkit` program, which ends by `os._exit` after its exit handlers: one
    run writes both per-machine caches (`method_cache.py`, `pattern_cache.py`)."""
    project = materialise(None, tmp_path / "project")
    cache = tmp_path / "cache"
    env = {**os.environ, method_cache.FOLDER_VARIABLE: str(cache)}
    command = [sys.executable, "-m", "normkit", "check", "--project", str(project)]
    subprocess.run(command, env=env, capture_output=True, check=True)
    for written in (cache_file(cache, "check"), pattern_cache.cache_file(cache, "check")):
        assert written is not None and written.stat().st_size > 10_000


def test_each_command_has_its_own_files(tmp_path: Path) -> None:
    """A file shared by every command holds what all of them compile (~800 methods once
    `build` and `serve` ran), and a check would load all of it to use ~300."""
    project = materialise(None, tmp_path / "project")
    cache = tmp_path / "cache"
    env = {**os.environ, method_cache.FOLDER_VARIABLE: str(cache)}
    command = [sys.executable, "-m", "normkit", "--debug", "check", "--project", str(project)]
    subprocess.run(command, env=env, capture_output=True, check=True)
    subprocess.run([sys.executable, "-m", "normkit", "--help"], env=env, capture_output=True)
    check, other = cache_file(cache, "check"), cache_file(cache)
    assert check is not None and other is not None
    assert check.name.startswith("dataclass-methods.check.")
    assert check.is_file() and not other.is_file()  # `--help` compiles no method
    assert pattern_cache.cache_file(cache, "check").is_file()  # type: ignore[union-attr]
    assert pattern_cache.cache_file(cache).is_file()  # type: ignore[union-attr]
    assert len(method_cache._load(check)) > 100


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ([], ""),
        (["--help"], ""),
        (["check"], "check"),
        (["--debug", "check", "--strict"], "check"),
        (["apply-replaces", "x.yml"], "apply-replaces"),
        (["../evil"], ""),
        (["Check"], ""),
        (["x" * 41], ""),
        (["chekc"], ""),
    ],
)
def test_the_command_a_run_names(arguments: list[str], named: str) -> None:
    assert command_named(arguments) == named


def test_every_command_of_the_command_line_has_files_of_its_own() -> None:
    from normkit.cli import LAZY_COMMANDS, main

    assert set(main.commands) | set(LAZY_COMMANDS) == COMMANDS


def test_the_program_imports_the_command_line_with_the_caches_active(tmp_path: Path) -> None:
    """`program.run` makes both caches active before it imports click, so the patterns click
    compiles on import (its ANSI escapes') are kept too, not only those of the command."""
    from click._compat import _ansi_re

    env = {**os.environ, method_cache.FOLDER_VARIABLE: str(tmp_path)}
    command = [sys.executable, "-m", "normkit", "--help"]
    subprocess.run(command, env=env, capture_output=True, check=True)
    kept = pattern_cache._load(pattern_cache.cache_file(tmp_path))  # type: ignore[arg-type]
    assert _ansi_re.pattern in {text for _, text in kept}


def test_the_pattern_cache_is_active_before_dataclasses_is_imported(tmp_path: Path) -> None:
    """`program.run` makes the pattern cache active before it imports `method_cache`, so the
    patterns `dataclasses` and `inspect`'s `tokenize` compile on import are kept too: the
    pattern cache imports neither (nor `user_cache.py`, which both caches use)."""
    import tokenize

    probe = "import sys, normkit.pattern_cache; print(sorted(set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    loaded = set(result.stdout.split("'"))
    assert "normkit.user_cache" in loaded  # the probe did import it
    assert not loaded & {"dataclasses", "inspect", "tokenize", "normkit.method_cache"}
    env = {**os.environ, method_cache.FOLDER_VARIABLE: str(tmp_path)}
    command = [sys.executable, "-m", "normkit", "--help"]
    subprocess.run(command, env=env, capture_output=True, check=True)
    kept = pattern_cache._load(pattern_cache.cache_file(tmp_path))  # type: ignore[arg-type]
    assert {tokenize.cookie_re.pattern, dataclasses._MODULE_IDENTIFIER_RE.pattern} <= {  # type: ignore[attr-defined]
        text for _, text in kept
    }


def _point(frozen: bool = True) -> Any:
    @dataclasses.dataclass(frozen=frozen, slots=True)
    class Point:
        x: int
        y: list[int] = dataclasses.field(default_factory=list)
        label: str = "p"

    return Point


def test_cached_methods_are_the_methods_dataclass_compiles(tmp_path: Path) -> None:
    plain, plain_unfrozen = _point(), _point(frozen=False)
    with methods_compiled_once(tmp_path):
        first, first_unfrozen = _point(), _point(frozen=False)
        assert compiled_count() > 0
    with methods_compiled_once(tmp_path):
        again, again_unfrozen = _point(), _point(frozen=False)
        assert compiled_count() == 0  # all from the file
    assert not hasattr(dataclasses, "exec")  # left as found
    for unfrozen in (first_unfrozen, again_unfrozen):
        assert unfrozen.__init__.__code__ == plain_unfrozen.__init__.__code__
    for made in (first, again):
        # (A frozen class' `__init__` sets its slots directly: `test_class_making.py`.)
        for name in ("__setattr__", "__delattr__", "__eq__", "__repr__"):
            assert getattr(made, name).__code__ == getattr(plain, name).__code__, name
        point = made(1)
        assert point == made(1, [], "p") and point != made(2)
        assert repr(point) == repr(plain(1)) == "_point.<locals>.Point(x=1, y=[], label='p')"
        assert made(1).y is not made(1).y  # the default factory, called each time
        with pytest.raises(dataclasses.FrozenInstanceError):
            point.x = 3


def test_a_text_is_compiled_with_the_callers_future_flags(tmp_path: Path) -> None:
    """As `exec` does: this module's `annotations` future leaves annotations as text, while
    code without it evaluates them (and fails on an unknown name)."""
    text = "def f() -> undefined_name: pass"
    plain = compile(
        "def call(run, text):\n ns = {}\n run(text, {}, ns)\n return ns",
        "<without futures>",
        "exec",
        dont_inherit=True,
    )
    namespace: dict[str, Any] = {}
    exec(plain, namespace)
    with methods_compiled_once(tmp_path):
        here: dict[str, Any] = {}
        method_cache._exec(text, {}, here)
        assert here["f"].__annotations__ == {"return": "undefined_name"}
        with pytest.raises(NameError):
            namespace["call"](method_cache._exec, text)
    with pytest.raises(NameError):
        namespace["call"](exec, text)


@pytest.mark.parametrize("content", [b"", b"not marshal", b"\0\0\0\0" + b"x" * 20, None], ids=str)
def test_a_damaged_or_foreign_file_is_compiled_again_and_replaced(
    tmp_path: Path, content: bytes | None
) -> None:
    path = cache_file(tmp_path)
    assert path is not None
    if content is None:  # a file of another Python: the right format, another magic number
        with methods_compiled_once(tmp_path):
            _point()
        path.write_bytes(b"\x01\x02\r\n" + path.read_bytes()[4:])
    else:
        path.write_bytes(content)
    with methods_compiled_once(tmp_path):
        _point()
        assert compiled_count() > 0
    with methods_compiled_once(tmp_path):
        _point()
        assert compiled_count() == 0


def test_an_unwritable_folder_only_costs_the_compilation(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    with methods_compiled_once(blocked / "cache"):
        made = _point()
        assert compiled_count() > 0
    assert made(1) == made(1)


def test_a_commands_first_run_starts_from_another_commands_file(tmp_path: Path) -> None:
    """A first `build` after a `check` compiles none of the texts the check compiled; its
    own file keeps only what it used, and once it has one it reads no other."""
    with methods_compiled_once(tmp_path, "check"):
        _point(), _point(frozen=False)
    with methods_compiled_once(tmp_path, "build"):
        made = _point()
        assert compiled_count() == 0
    assert made(1) == made(1) and made(1) != made(2)
    build, check = cache_file(tmp_path, "build"), cache_file(tmp_path, "check")
    assert build is not None and check is not None
    assert 0 < len(method_cache._load(build)) < len(method_cache._load(check))
    with methods_compiled_once(tmp_path, "build"):
        _point(frozen=False)
        assert compiled_count() > 0  # its own file, which lacks the check's others
