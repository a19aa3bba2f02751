"""`code_cache.py`: the modules a command imports are served from one file per machine, and
only where the normal finders would have found the same source, unchanged."""

from __future__ import annotations

import importlib.util
import json
import marshal
import mmap
import os
import py_compile
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from normkit import code_cache, user_cache
from tests.spine.miniprojects import materialise

PROBE = """
import json, sys
folder, libraries, names = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
sys.path[:0] = libraries
from normkit import code_cache
with code_cache.modules_served_once(folder, command="probe"):
    values = {}
    for name in names:
        module = __import__(name, fromlist=["*"])
        values[name] = getattr(module, "VALUE", None)
    active = code_cache._active
    served = sorted(active.looked_up) if active else []
    count = code_cache.served_count()
print(json.dumps({"served": served, "count": count, "values": values}))
"""


def _run(tmp_path: Path, names: list[str], libraries: list[Path] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    """`names` imported by a fresh process with the code cache of `tmp_path/cache` active,
    `libraries` first on its path."""
    return _probe(tmp_path, "probe.py", PROBE, names, libraries)


def _probe(
    tmp_path: Path,
    name: str,
    source: str,
    names: list[str],
    libraries: list[Path],
    variables: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the probe script `source` (written once as `tmp_path/probe/name`) prints as JSON,
    run by a fresh process for `names` with the code cache of `tmp_path/cache` (and the
    environment `variables` besides this one's)."""
    script = tmp_path / "probe" / name
    if not script.exists():
        script.parent.mkdir(exist_ok=True)
        script.write_text(source)
    arguments = [str(tmp_path / "cache"), json.dumps([str(path) for path in libraries])]
    result = subprocess.run(
        [sys.executable, str(script), *arguments, json.dumps(names)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path / "probe",
        # (no `__pycache__` in `libraries`)
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(variables or {})},
    )
    assert "Traceback" not in result.stderr, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def _file(cache: Path, command: str = "probe") -> Path:
    """The command's one file in `cache` (named for the probe's `sys.path`, not this
    process's)."""
    (written,) = cache.glob(f"python-code.{command}.*.marshal")
    return written


def _write(path: Path, text: str) -> None:
    """`text` written to `path`, with a modification time of its own (a second later than
    any earlier one), as an edit some time later."""
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    later = max(before + 1_000_000_000, path.stat().st_mtime_ns)
    os.utime(path, ns=(later, later))


def test_a_second_process_is_served_from_the_file(tmp_path: Path) -> None:
    first = _run(tmp_path, ["normkit.pipeline"])
    assert first["count"] == 0
    written = _file(tmp_path / "cache")
    assert os.path.getsize(written) > 1_000_000
    modified = os.stat(written).st_mtime_ns
    second = _run(tmp_path, ["normkit.pipeline"])
    assert second["count"] > 100  # normkit's, markdown-it's, YAML's, the standard library's
    assert {"normkit.pipeline", "markdown_it", "yaml", "typing"} <= set(second["served"])
    assert os.stat(written).st_mtime_ns == modified  # not written again


def test_an_edited_module_is_served_fresh(tmp_path: Path) -> None:
    library = tmp_path / "library"
    _write(library / "nk_probe.py", "VALUE = 1\n")
    assert _run(tmp_path, ["nk_probe"], [library])["values"] == {"nk_probe": 1}
    served = _run(tmp_path, ["nk_probe"], [library])
    assert "nk_probe" in served["served"] and served["values"] == {"nk_probe": 1}
    _write(library / "nk_probe.py", "VALUE = 2\n")  # same size, another time
    edited = _run(tmp_path, ["nk_probe"], [library])
    assert "nk_probe" not in edited["served"] and edited["values"] == {"nk_probe": 2}
    assert _run(tmp_path, ["nk_probe"], [library])["served"] == served["served"]


def test_a_served_modules_code_names_its_source_as_the_normal_loader_does(
    tmp_path: Path,
) -> None:
    """A `.pyc` file compiled under another name (`compileall src/normkit`, run in the
    repository, keeps `src/normkit/…`): its code, served or not, names the source's path,
    its functions' and theirs too (tracebacks, `warnings`, profilers)."""
    library = tmp_path / "library"
    source = library / "nk_probe.py"
    _write(
        source,
        "def f():\n    def g(): pass\n    return g\n"
        "VALUE = [f.__code__.co_filename, f().__code__.co_filename]\n",
    )
    compiled = importlib.util.cache_from_source(str(source))
    py_compile.compile(str(source), cfile=compiled, dfile="elsewhere/nk_probe.py", doraise=True)
    assert _run(tmp_path, ["nk_probe"], [library])["values"] == {"nk_probe": [str(source)] * 2}
    served = _run(tmp_path, ["nk_probe"], [library])
    assert "nk_probe" in served["served"]
    assert served["values"] == {"nk_probe": [str(source)] * 2}


def test_a_module_that_shadows_one_in_the_file_wins(tmp_path: Path) -> None:
    """A file created earlier on the path, or beside a module in its package (a package of
    the same name is found first), is what the next run imports."""
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    _write(later / "nk_probe.py", "VALUE = 'later'\n")
    _write(later / "nk_probe_package" / "__init__.py", "")
    _write(later / "nk_probe_package" / "part.py", "VALUE = 'module'\n")
    names = ["nk_probe", "nk_probe_package.part"]
    _run(tmp_path, names, [first, later])
    served = _run(tmp_path, names, [first, later])
    assert set(names) <= set(served["served"])
    _write(first / "nk_probe.py", "VALUE = 'first'\n")
    _write(later / "nk_probe_package" / "part" / "__init__.py", "VALUE = 'package'\n")
    shadowed = _run(tmp_path, names, [first, later])
    assert shadowed["values"] == {"nk_probe": "first", "nk_probe_package.part": "package"}
    assert not set(names) & set(shadowed["served"])
    again = _run(tmp_path, names, [first, later])
    assert set(names) <= set(again["served"])
    assert again["values"] == shadowed["values"]


def test_a_folder_that_changed_without_a_module_of_the_name_still_serves(tmp_path: Path) -> None:
    """`python -m normkit` puts the working folder first on `sys.path`, and a cold build
    creates its build folder there: the modules found after it are still served, and the
    file is not written again."""
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    _write(later / "nk_probe.py", "VALUE = 'later'\n")
    _write(later / "nk_probe_package" / "__init__.py", "")
    _write(later / "nk_probe_package" / "part.py", "VALUE = 'module'\n")
    names = ["nk_probe", "nk_probe_package.part", "typing"]
    _run(tmp_path, names, [first, later])
    written = _file(tmp_path / "cache")
    modified = os.stat(written).st_mtime_ns
    _write(first / "build" / "json" / "index.json", "{}")
    _write(first / "nk_probe_notes", "")  # a name that is not the module's
    served = _run(tmp_path, names, [first, later])
    assert set(names) <= set(served["served"])
    assert served["values"]["nk_probe"] == "later"
    assert os.stat(written).st_mtime_ns == modified  # not written again
    _write(first / "NK_PROBE.PY", "VALUE = 'first'\n")  # found first where case is ignored
    assert "nk_probe" not in _run(tmp_path, names, [first, later])["served"]


ABSENT = """
import importlib.abc, importlib.util, json, os, sys
folder, libraries, names = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
sys.path[:0] = libraries
if os.environ.get("NK_PROBE_FINDER"):  # as a `.pth` file adds one for an editable package
    class Editable(importlib.abc.MetaPathFinder, importlib.abc.Loader):
        def find_spec(self, name, path=None, target=None):
            return importlib.util.spec_from_loader(name, self) if name in names else None
        def create_module(self, spec):
            return None
        def exec_module(self, module):
            module.VALUE = 2
    sys.meta_path.insert(0, Editable())
from normkit import code_cache
with code_cache.modules_served_once(folder, command="probe"):
    values, errors, probed = {}, {}, {}
    for name in names:
        probed[name] = importlib.util.find_spec(name) is not None
        try:
            values[name] = __import__(name).VALUE
        except ModuleNotFoundError as error:
            errors[name] = [str(error), error.name]
    refused = sorted(code_cache._active.refused)
print(json.dumps({"values": values, "errors": errors, "probed": probed, "refused": refused}))
"""


def _absent(
    tmp_path: Path, names: list[str], libraries: list[Path], finder: bool = False
) -> dict[str, Any]:
    """`names` imported (each giving its `VALUE`) and probed by a fresh process with the code
    cache active, and with a finder of its own first that finds them all if `finder`."""
    variables = {"NK_PROBE_FINDER": "1"} if finder else {}
    return _probe(tmp_path, "absent.py", ABSENT, names, libraries, variables)


def test_a_finder_added_since_finds_a_module_no_finder_found(tmp_path: Path) -> None:
    """A module the file records as absent is found by a finder that the runs which wrote
    it did not have (an editable package's, which a `.pth` file installs): the file is one
    per chain of finders."""
    names = ["nk_probe_absent"]
    _absent(tmp_path, names, [])
    assert _absent(tmp_path, names, [])["refused"] == names
    found = _absent(tmp_path, names, [], finder=True)
    assert found["values"] == {"nk_probe_absent": 2}
    assert found["refused"] == []


def test_a_module_no_finder_found_is_refused_until_one_can(tmp_path: Path) -> None:
    """A top-level module that no finder found (`nt` on Linux, an optional package) is
    refused without a look-up by the next runs' imports, with the import system's own
    error, until a folder of the path lists it; then it is imported, and no longer refused.
    `importlib.util.find_spec` still answers None (a program probing for an optional
    package), not the import's error."""
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    names = ["nk_probe_absent", "nt"]
    cold = _absent(tmp_path, names, [first, later])
    errors = {name: [f"No module named '{name}'", name] for name in names}
    probed = dict.fromkeys(names, False)
    assert cold == {"values": {}, "errors": errors, "probed": probed, "refused": []}
    written = _file(tmp_path / "cache")
    assert set(names) <= code_cache._load(str(written), _header(written.read_bytes()))[3]
    modified = os.stat(written).st_mtime_ns
    assert _absent(tmp_path, names, [first, later]) == {**cold, "refused": sorted(names)}
    assert os.stat(written).st_mtime_ns == modified  # not written again
    _write(first / "build" / "index.json", "{}")  # a changed folder without the name
    assert _absent(tmp_path, names, [first, later])["refused"] == sorted(names)
    _write(later / "nk_probe_absent.py", "VALUE = 1\n")
    found = _absent(tmp_path, names, [first, later])
    assert found["values"] == {"nk_probe_absent": 1} and found["refused"] == ["nt"]
    assert found["probed"] == {"nk_probe_absent": True, "nt": False}
    assert "nk_probe_absent" not in code_cache._load(str(written), _header(written.read_bytes()))[3]


RESOURCES = """
import importlib.resources, inspect, json, sys, traceback
from normkit import code_cache
with code_cache.modules_served_once(sys.argv[1], command="probe"):
    import normkit.outputs.json.writer as writer
    import shlex
    served = {"normkit.outputs.json.writer", "shlex"} <= set(code_cache._active.looked_up)
loader = writer.__loader__
try:
    shlex.split('"')  # a served module's code in a traceback
except ValueError:
    stack = traceback.format_exc()
print(json.dumps({
    "served": served,
    "file": writer.__file__,
    "cached": writer.__cached__,
    "origin": writer.__spec__.origin,
    "package": writer.__package__,
    "path": list(sys.modules["normkit.outputs.json"].__path__),
    "loader": isinstance(loader, importlib.machinery.SourceFileLoader),
    "source": inspect.getsource(writer),
    "data": loader.get_data(writer.__file__).decode(),
    "schema": importlib.resources.files("normkit.outputs.json")
        .joinpath("criteria.schema.json").read_text("utf-8"),
    "stack": stack,
}))
"""


def test_served_modules_find_their_files_as_usual(tmp_path: Path) -> None:
    """`__file__`, `__spec__`, `inspect`, `importlib.resources`, `get_data` and tracebacks
    of a served module are those of one imported without the cache."""
    script = tmp_path / "probe" / "resources.py"
    script.parent.mkdir()
    script.write_text(RESOURCES)
    command = [sys.executable, str(script), str(tmp_path / "cache")]
    for _ in range(2):
        result = subprocess.run(command, capture_output=True, text=True, check=True)
    seen = json.loads(result.stdout)
    assert seen["served"]
    import normkit.outputs.json
    import normkit.outputs.json.writer as writer

    source = Path(writer.__file__).read_text("utf-8")
    assert seen["file"] == seen["origin"] == writer.__file__
    assert seen["cached"] == writer.__cached__
    assert seen["package"] == "normkit.outputs.json"
    assert seen["path"] == list(normkit.outputs.json.__path__)
    assert seen["loader"] and seen["source"] == seen["data"] == source
    schema = Path(writer.__file__).with_name("criteria.schema.json").read_text("utf-8")
    assert seen["schema"] == schema
    assert 'shlex.py", line' in seen["stack"]
    assert 'raise ValueError("No closing quotation")' in seen["stack"]


ATTRIBUTES = """
import importlib.util, json, sys
from normkit import code_cache
with code_cache.modules_served_once(sys.argv[1], command="probe"):
    import normkit.outputs.json.writer, shlex, yaml
    served = sorted(code_cache._active.looked_up)
made = {}
for name in ["normkit.outputs.json", "normkit.outputs.json.writer", "shlex", "yaml"]:
    module = sys.modules[name]
    made[name] = {
        "keys": list(vars(module))[:9],
        "file": module.__file__,
        "cached": module.__cached__,
        "path": getattr(module, "__path__", "none"),
        "expected": importlib.util.cache_from_source(module.__file__),
    }
print(json.dumps({"served": served, "made": made, "prefix": sys.pycache_prefix}))
"""


@pytest.mark.parametrize("prefix", [None, "pycache-prefix"])
def test_served_modules_have_the_attributes_of_modules_imported_as_usual(
    tmp_path: Path, prefix: str | None
) -> None:
    """A served module or package has the `__file__`, `__cached__` (its `.pyc` path, under
    `sys.pycache_prefix` where one is set) and `__path__` the import system would give it,
    its attributes in the same order, and no attribute it would not have."""
    script = tmp_path / "probe" / "attributes.py"
    script.parent.mkdir()
    script.write_text(ATTRIBUTES)
    options = ["-X", f"pycache_prefix={tmp_path / prefix}"] if prefix else []
    command = [sys.executable, *options, str(script), str(tmp_path / "cache")]
    runs = [subprocess.run(command, capture_output=True, text=True, check=True) for _ in "ab"]
    first, second = (json.loads(run.stdout) for run in runs)
    assert {"normkit.outputs.json.writer", "shlex", "yaml"} <= set(second["served"])
    assert not first["served"]
    assert second["made"] == first["made"]  # (the first run imports them as usual)
    assert second["prefix"] == (str(tmp_path / prefix) if prefix else None)
    for made in second["made"].values():
        assert made["cached"] == made["expected"]
        if prefix:
            assert made["cached"].startswith(str(tmp_path / prefix))
    writer = second["made"]["normkit.outputs.json.writer"]
    assert writer["path"] == "none"
    assert writer["keys"][:7] == [
        *("__name__", "__doc__", "__package__", "__loader__", "__spec__"),
        *("__file__", "__cached__"),
    ]
    package = second["made"]["normkit.outputs.json"]
    assert package["keys"][5:8] == ["__path__", "__file__", "__cached__"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "codes", "header", "empty"])
def test_a_damaged_file_is_ignored_and_written_again(tmp_path: Path, damage: str) -> None:
    library = tmp_path / "library"
    _write(library / "nk_probe.py", "VALUE = 1\n")
    names = ["nk_probe", "typing"]
    _run(tmp_path, names, [library])
    written = _file(tmp_path / "cache")
    data = written.read_bytes()
    if damage == "garbage":
        data = os.urandom(len(data))
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "codes":  # every module's code: what `marshal` cannot read
        start = len(data) - sum(
            entry[6] - entry[5]
            for entry in code_cache._load(str(written), _header(data))[1].values()
        )
        data = data[:start] + b"\0" * (len(data) - start)
    elif damage == "empty":  # (cannot be mapped)
        data = b""
    else:
        data = b"X" + data[1:]
    written.write_bytes(data)
    damaged = _run(tmp_path, names, [library])
    assert damaged["values"]["nk_probe"] == 1 and not damaged["count"]
    assert written.read_bytes() != data  # written again
    assert set(names) <= set(_run(tmp_path, names, [library])["served"])


def test_the_file_is_mapped_rather_than_copied_into_the_heap(tmp_path: Path) -> None:
    _run(tmp_path, ["typing"])
    written = _file(tmp_path / "cache")
    _, entries, codes, _ = code_cache._load(str(written), _header(written.read_bytes()))
    assert "typing" in entries
    assert isinstance(codes.obj, mmap.mmap)


def _header(data: bytes) -> bytes:
    return data[: data.index(b"\0") + 1]


def test_the_program_serves_its_modules_from_a_file_per_command(tmp_path: Path) -> None:
    project = materialise(None, tmp_path / "project")
    cache = tmp_path / "cache"
    env = {**os.environ, user_cache.FOLDER_VARIABLE: str(cache)}
    command = [sys.executable, "-m", "normkit", "check", "--project", str(project)]
    subprocess.run(command, env=env, capture_output=True, check=True, cwd=tmp_path)
    subprocess.run([sys.executable, "-m", "normkit", "--help"], env=env, capture_output=True)
    check, other = _file(cache, "check"), next(cache.glob("python-code.cpython*"))
    assert check.name.startswith("python-code.check.cpython-311.")
    entries = code_cache._load(str(check), _header(check.read_bytes()))[1]
    assert {"normkit.pipeline", "normkit.commands.quick", "yaml", "markdown_it"} <= set(entries)
    assert "click" not in entries  # (a plain check runs without it: `commands/quick.py`)
    assert "normkit.program" not in entries  # imported before the cache: not served
    assert not {"_json", "_datetime", "yaml._yaml", "math"} & set(entries)  # extension modules
    assert "normkit.pipeline" not in code_cache._load(str(other), _header(other.read_bytes()))[1]


def test_a_command_keeps_a_file_for_each_of_its_last_paths(tmp_path: Path) -> None:
    """`python -m normkit` puts the working folder first on `sys.path`: each has its file,
    and only the last few are kept."""
    for number in range(code_cache.MOST_FILES + 2):
        library = tmp_path / f"library-{number}"
        library.mkdir()
        _run(tmp_path, ["typing"], [library])
    kept = sorted((tmp_path / "cache").glob("python-code.probe.*.marshal"))
    assert len(kept) == code_cache.MOST_FILES
    last = _run(tmp_path, ["typing"], [library])
    assert "typing" in last["served"]


def test_the_code_cache_imports_nothing_python_has_not_loaded() -> None:
    """What `program.run` imports before the code cache is active is not served: the cache
    itself needs only what Python loads at start, and `mmap` (an extension module)."""
    probe = (
        "import sys; before = set(sys.modules); import normkit.code_cache;"
        " print(' '.join(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert set(result.stdout.split()) <= {
        "normkit",
        "normkit.code_cache",
        "normkit.user_cache",
        "atexit",
        "__future__",
        "mmap",  # (an extension module, never served; a check and a build import it anyway)
    }


def test_the_folder_as_text_is_the_user_cache_folder() -> None:
    assert code_cache.cache_folder_text() == str(user_cache.user_cache_folder())


def test_no_module_is_served_once_importlib_caches_are_invalidated(tmp_path: Path) -> None:
    """A program that creates modules calls `importlib.invalidate_caches()`: from then on,
    the normal finders look for themselves, and the file is not written."""
    library = tmp_path / "library"
    _write(library / "nk_probe.py", "VALUE = 1\n")
    _run(tmp_path, ["nk_probe"], [library])
    with code_cache.modules_served_once(str(tmp_path / "other")):
        import importlib

        importlib.invalidate_caches()
        sys.path.insert(0, str(library))
        try:
            import nk_probe  # type: ignore[import-not-found]
        finally:
            sys.path.remove(str(library))
            sys.modules.pop("nk_probe", None)
        assert nk_probe.VALUE == 1 and code_cache.served_count() == 0
    assert not (tmp_path / "other").exists()


COMMAND_PROBE = PROBE.replace('command="probe"', 'command=__import__("os").environ["COMMAND"]')


def test_a_commands_first_run_starts_from_another_commands_file(tmp_path: Path) -> None:
    """A first `build` after a `check` (same interpreter and path) is served what the check
    imported; its own file keeps only what it used, and once it has one it reads no
    other."""

    def run(command: str, names: list[str]) -> dict[str, Any]:
        return _probe(tmp_path, "commands.py", COMMAND_PROBE, names, [], {"COMMAND": command})

    assert run("check", ["normkit.pipeline"])["count"] == 0
    first = run("build", ["yaml"])
    assert first["count"] > 0 and "yaml" in first["served"]
    cache = tmp_path / "cache"
    build, check = _file(cache, "build"), _file(cache, "check")
    entries = code_cache._load(str(build), _header(build.read_bytes()))[1]
    assert set(first["served"]) == set(entries)
    assert set(entries) < set(code_cache._load(str(check), _header(check.read_bytes()))[1])
    again = run("build", ["yaml", "normkit.pipeline"])
    assert "yaml" in again["served"] and "normkit.pipeline" not in again["served"]


def test_the_file_keeps_the_code_of_a_pyc_file_as_read(tmp_path: Path) -> None:
    """Where the normal loader took a module's code from its `.pyc` file, the file keeps
    that file's `marshal` data rather than dumping the code again; where the `.pyc` is
    stale, the code compiled from the source."""
    library = tmp_path / "library"
    source = library / "nk_compiled.py"
    _write(source, "VALUE = 2\n")
    info = source.stat()
    code = compile(source.read_text(), str(source), "exec")
    data = marshal.dumps(code, 3)  # (not the version `marshal.dumps` writes by default)
    header = importlib.util.MAGIC_NUMBER + bytes(4)
    header += (int(info.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little")
    header += (info.st_size & 0xFFFFFFFF).to_bytes(4, "little")
    cached = Path(importlib.util.cache_from_source(str(source)))
    cached.parent.mkdir()
    cached.write_bytes(header + data)

    def kept() -> bytes:
        written = _file(tmp_path / "cache")
        _, entries, codes, _ = code_cache._load(str(written), _header(written.read_bytes()))
        start, stop = entries["nk_compiled"][5:7]
        return bytes(codes[start:stop])

    assert _run(tmp_path, ["nk_compiled"], [library])["values"]["nk_compiled"] == 2
    assert kept() == data
    _write(source, "VALUE = 3\n")  # the `.pyc` file is stale now
    assert _run(tmp_path, ["nk_compiled"], [library])["values"]["nk_compiled"] == 3
    assert kept() != data
    served = _run(tmp_path, ["nk_compiled"], [library])
    assert "nk_compiled" in served["served"] and served["values"]["nk_compiled"] == 3
