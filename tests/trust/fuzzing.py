"""Mutations of a small valid project, as hypothesis strategies, and the promise they test:
whatever the sources, `check` returns located, coded, one-line diagnostics and nothing else.

The project is `tests/trust/project/`, a few files cut from the demo (one standard with two
versions, a `changes.yml`, three guidance editions, a glossary) that still uses every
construct of the source format, so that each example takes milliseconds.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from normkit.diagnostics import Code, Diagnostic

PROJECT = Path(__file__).resolve().parent / "project"
SOURCES = tuple(
    sorted(p.relative_to(PROJECT).as_posix() for p in PROJECT.rglob("*") if p.is_file())
)
"""Every file of the fixture project, project-relative."""

YAML_TOKENS = (
    "&a ",
    "*a",
    "&a [1, 2]",
    "<<: *a",
    "!!timestamp ",
    "!!float ",
    "!!python/object:os.system ",
    "!custom ",
    "! ",
    "!!binary ",
    "? ",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    "{a: 1}",
    "[{a: 1}]",
    "|",
    ">-",
    "'",
    '"',
    "#",
    ",",
    "\t",
    "---",
    "...",
    "%YAML 1.1",
    "%TAG ! tag:x,2000:",
    "@",
    "`",
    "~",
    "null",
    "yes",
    "NO",
    ".nan",
    "-.inf",
    "1e999",
    "0x1F",
    "0o17",
    "1_000",
    "2025-02-30",
    "2025-13-01",
    "2025-02-28T25:00:00",
    "0000-00-00",
    "12:30:00",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "../../../etc/passwd",
    "\x00",
    "\x01",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\udcff",
)
"""Fragments that mean something to a YAML parser or resolver, or hurt where they land."""

MARKDOWN_TOKENS = (
    "# ",
    "## ",
    "### ",
    "#### ",
    "####### ",
    "```",
    "````",
    "~~~",
    "```criterion\n",
    "```criterion\nid: ghg-targets\n```\n",
    "```guidance\nfor: nowhere\n```\n",
    "```term\n```\n",
    "```section\nimpact: high\n```\n",
    "```criterion\n",
    "<!-- end -->\n",
    "<!-- end criterion -->",
    "<!--",
    "-->",
    "[[",
    "]]",
    "[[ghg-targets]]",
    "[[legal-compliance.z]]",
    "[[ghost]]",
    "[[performance:ghg-targets]]",
    "[[a:b:c|x]]",
    "[[|]]",
    "[=",
    "=]",
    "[=Entity=]",
    "[=Nothing=]",
    "[=|=]",
    "[^1]",
    "[^1]: ",
    "[^x]: [^x]",
    "1. ",
    "- ",
    "> ",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Term\n: definition\n",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](../../../../etc/passwd)",
    "[x](01-governance.md#nowhere)",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "<details>",
    "</div>",
    "&#0;",
    "&amp;",
    "\\",
    "*",
    "_",
    "`",
    "\n",
    "\n\n",
    "    ",
    "\t",
    "\r",
    "\r\n",
)
"""Fragments that change the structure of a Markdown source."""

VALUES = (
    "",
    "''",
    '""',
    "~",
    "null",
    "[]",
    "{}",
    "[[]]",
    "[{a: 1}]",
    "{a: [1, {b: 2}]}",
    "5",
    "-1",
    "0",
    "3.5",
    "1e999",
    ".nan",
    "true",
    "no",
    "2025-02-30",
    "2020-01-01",
    "2099-12-31",
    "2025-02-28T10:00:00",
    "!!timestamp x",
    "!!float abc",
    "!!str 12",
    "!!set {x, y}",
    "&x [1]",
    "*x",
    "[all]",
    "[nobody]",
    "[ghg-targets]",
    "[legal-compliance.a]",
    "[energy-audit]",
    "[nowhere, ghg-plan]",
    "ghg-targets",
    "v2",
    "v3",
    "v9",
    "latest",
    "withdrawn",
    "superseded",
    "draft",
    "consultation",
    "performance@v3",
    "[performance@v9]",
    "GHG-Emissions",
    "../../etc",
    "Énergie propre",
    "'<script>alert(1)</script>'",
    "javascript:alert(1)",
    "https://example.org/x",
    "mailto:a@example.org",
    "'" + "x" * 500 + "'",
    "[" * 40 + "]" * 40,
    "{pattern: '['}",
    "{pattern: ''}",
    "{pattern: '(a*)*$'}",
    "alphanumeric",
    "none",
    "{add: {x: {type: url}}}",
    "{retire: [criticality]}",
    "{change: {criticality: {choices: [x]}}}",
)
"""Values put in place of a `key: value` line's value: every type, wrong shapes, and names
that exist or almost exist elsewhere in the project."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One mutation of one file's bytes: a name for reports and the function that applies it."""

    path: str
    name: str
    change: Callable[[bytes], bytes]

    def __repr__(self) -> str:
        return f"Edit({self.path!r}, {self.name!r})"

    def apply(self, project: Path) -> None:
        file = project / self.path
        if file.is_file() and not file.is_symlink():
            file.write_bytes(self.change(file.read_bytes()))


@dataclass(frozen=True, slots=True)
class TreeEdit:
    """One change to the project's files and folders (delete, add, rename, link …)."""

    name: str
    path: str
    argument: str | bytes = ""

    def apply(self, project: Path) -> None:
        target = project / self.path
        if not os.path.lexists(target):
            return
        match self.name:
            case "delete":
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                else:
                    target.unlink()
            case "rename":
                assert isinstance(self.argument, bytes)
                os.rename(target, os.path.join(os.fsencode(target.parent), self.argument))
            case "link":
                assert isinstance(self.argument, str)
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                else:
                    target.unlink()
                target.symlink_to(target.name if self.argument == "<self>" else self.argument)
            case "copy":
                assert isinstance(self.argument, str)
                copy = target.parent / self.argument
                if target.is_dir() and not copy.exists():
                    shutil.copytree(target, copy, symlinks=True)
                elif target.is_file():
                    shutil.copyfile(target, copy)
            case "add":
                assert isinstance(self.argument, bytes)
                folder = target if target.is_dir() else target.parent
                (folder / "99-added.md").write_bytes(self.argument)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def _at(lines: list[bytes], index: int) -> int:
    return index % max(len(lines), 1)


def flip_byte(position: int, bit: int) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        if not data:
            return data
        index = position % len(data)
        return data[:index] + bytes([data[index] ^ (1 << bit)]) + data[index + 1 :]

    return apply


def delete_line(index: int) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        del lines[_at(lines, index)]
        return _join(lines)

    return apply


def duplicate_line(index: int) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        at = _at(lines, index)
        lines.insert(at, lines[at])
        return _join(lines)

    return apply


def swap_lines(first: int, second: int) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        a, b = _at(lines, first), _at(lines, second)
        lines[a], lines[b] = lines[b], lines[a]
        return _join(lines)

    return apply


def _matching(lines: list[bytes], pattern: bytes) -> list[int]:
    return [i for i, line in enumerate(lines) if re.match(pattern, line)]


def swap_headings(first: int, second: int) -> Callable[[bytes], bytes]:
    """Two headings (with what they say) change places; the bodies stay."""

    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        headings = _matching(lines, rb"#{1,6} ")
        if len(headings) < 2:
            return data
        a, b = headings[first % len(headings)], headings[second % len(headings)]
        lines[a], lines[b] = lines[b], lines[a]
        return _join(lines)

    return apply


def shift_heading(index: int, deeper: bool) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        headings = _matching(lines, rb"#{1,6} ")
        if not headings:
            return data
        at = headings[index % len(headings)]
        lines[at] = b"#" + lines[at] if deeper else lines[at][1:]
        return _join(lines)

    return apply


def cut_fence(index: int) -> Callable[[bytes], bytes]:
    """A fence line (opening or closing) removed or cut short: an unterminated block."""

    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        fences = _matching(lines, rb"\s*(```|~~~)")
        if not fences:
            return data
        at = fences[index % len(fences)]
        lines[at] = lines[at][: len(lines[at]) // 2]
        return _join(lines)

    return apply


def replace_value(index: int, value: str) -> Callable[[bytes], bytes]:
    """The value of a `key: value` line (or a `- item`) replaced."""

    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        slots = _matching(lines, rb"\s*(- )?[\w-]+:( |$)|\s*- ")
        if not slots:
            return data
        at = slots[index % len(slots)]
        match = re.match(rb"(\s*(?:- )?[\w-]+:)( |$)|(\s*- )", lines[at])
        assert match is not None
        prefix = match.group(1) + b" " if match.group(1) else match.group(3)
        lines[at] = prefix + value.encode("utf-8", "surrogatepass")
        return _join(lines)

    return apply


def insert_text(position: int, text: str) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        index = position % (len(data) + 1)
        return data[:index] + text.encode("utf-8", "surrogatepass") + data[index:]

    return apply


def insert_line(index: int, text: str) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        lines.insert(index % (len(lines) + 1), text.encode("utf-8", "surrogatepass"))
        return _join(lines)

    return apply


def truncate(position: int) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        return data[: position % (len(data) + 1)]

    return apply


def replace_all(content: bytes) -> Callable[[bytes], bytes]:
    return lambda _: content


_index = st.integers(min_value=0, max_value=10_000)
_token = st.sampled_from(YAML_TOKENS + MARKDOWN_TOKENS)
_unicode = st.text(min_size=1, max_size=12)
"""Any code points, surrogates and controls included (written with `surrogatepass`)."""


def edits(path: str) -> st.SearchStrategy[Edit]:
    """Every kind of mutation of the bytes of the file at `path`."""

    def edit(
        name: str, strategy: st.SearchStrategy[Callable[[bytes], bytes]]
    ) -> st.SearchStrategy[Edit]:
        return strategy.map(lambda change: Edit(path, name, change))

    return st.one_of(
        edit("flip a bit", st.builds(flip_byte, _index, st.integers(0, 7))),
        edit("delete a line", st.builds(delete_line, _index)),
        edit("duplicate a line", st.builds(duplicate_line, _index)),
        edit("swap two lines", st.builds(swap_lines, _index, _index)),
        edit("swap two headings", st.builds(swap_headings, _index, _index)),
        edit("shift a heading", st.builds(shift_heading, _index, st.booleans())),
        edit("cut a fence", st.builds(cut_fence, _index)),
        edit("replace a value", st.builds(replace_value, _index, st.sampled_from(VALUES))),
        edit("replace a value", st.builds(replace_value, _index, _unicode)),
        edit("insert a token", st.builds(insert_text, _index, _token)),
        edit("insert a line", st.builds(insert_line, _index, _token)),
        edit("insert text", st.builds(insert_text, _index, _unicode)),
        edit("truncate", st.builds(truncate, _index)),
        edit("replace with bytes", st.builds(replace_all, st.binary(max_size=64))),
        edit("CRLF line ends", st.just(lambda data: data.replace(b"\n", b"\r\n"))),
        edit("byte order mark", st.just(lambda data: b"\xef\xbb\xbf" + data)),
    )


FOLDERS = tuple(
    sorted(
        {p.parent.relative_to(PROJECT).as_posix() for p in PROJECT.rglob("*") if p.is_file()}
        | {"standards", "guidance", "glossary", "standards/performance", "guidance/performance"}
    )
)
NAMES = (
    b"caf\xe9.md",
    b"\xff\xfe",
    b"latest",
    b"v3 copy",
    b"v\xc3\xa9",
    b".hidden",
    b"_private",
    b"line\nbreak.md",
    b"esc\x1b[31m.md",
    b"right\xe2\x80\xaeleft.md",
    b"changes.yml",
    b"version.yml",
    b"00.md",
    b"x.MD",
)
"""New names for files and folders: not UTF-8, reserved, hidden, hostile or clashing."""
LINK_TARGETS = (
    "/etc/passwd",
    "/etc",
    "../../../../../../etc/hostname",
    "/nonexistent",
    ".",
    "..",
    "01-governance.md",
    "../v2",
    "dangling",
    "<self>",
)


def tree_edits() -> st.SearchStrategy[TreeEdit]:
    entry = st.sampled_from(SOURCES + FOLDERS)
    return st.one_of(
        st.builds(TreeEdit, st.just("delete"), entry),
        st.builds(TreeEdit, st.just("rename"), entry, st.sampled_from(NAMES)),
        st.builds(TreeEdit, st.just("link"), entry, st.sampled_from(LINK_TARGETS)),
        st.builds(TreeEdit, st.just("copy"), entry, st.sampled_from(("v4", "99-copy.md", "x"))),
        st.builds(
            TreeEdit,
            st.just("add"),
            entry,
            st.lists(_token, max_size=12).map(
                lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
            ),
        ),
    )


Change = Edit | TreeEdit
_EDITS = {path: edits(path) for path in SOURCES}
"""Built once: hypothesis validates a strategy the first time it draws from it."""
_TREE_EDITS = tree_edits()


@st.composite
def mutations(draw: st.DrawFn) -> list[Change]:
    """One to four edits of files of the project (sometimes of the same file), now and then
    with a change to the tree."""
    paths = draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=4))
    chosen: list[Change] = [draw(_EDITS[path]) for path in paths]
    if draw(st.integers(0, 9)) == 0:
        chosen.append(draw(_TREE_EDITS))
    return chosen


def materialise(target: Path) -> Path:
    """A fresh copy of the fixture project at `target`."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(PROJECT, target, symlinks=True)
    return target


def apply_changes(project: Path, chosen: list[Change]) -> None:
    for change in chosen:
        change.apply(project)


class Workspace:
    """A copy of the fixture project that each example changes and the next one restores:
    only the files an example edited are written back (the whole copy is made again after a
    change to the tree), so that an example costs little more than the check itself."""

    def __init__(self, folder: Path) -> None:
        self.project = materialise(folder / "project")
        self.originals = {path: (PROJECT / path).read_bytes() for path in SOURCES}
        self.dirty: list[Change] = []

    def prepare(self, chosen: list[Change]) -> Path:
        """The project, restored from the previous example, with `chosen` applied."""
        if any(isinstance(change, TreeEdit) for change in self.dirty):
            materialise(self.project)
        else:
            for change in self.dirty:
                assert isinstance(change, Edit)
                (self.project / change.path).write_bytes(self.originals[change.path])
        self.dirty = list(chosen)
        apply_changes(self.project, chosen)
        return self.project


_LINE = re.compile(
    r"^(?P<path>[^\n:]+):(?P<line>\d+):(?P<column>\d+): (error|warning): .+ \[[a-z0-9.-]+\]$"
)
_HINT = re.compile(r"^    hint: \S.*$")
_REPR = re.compile(
    r"""\[(['"])[^'"]*\1(, |\])"""  # a list
    r"""|\{(['"])[^'"]*\3: """  # a dict
    r"|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}"  # an escaped character
    r"|<[a-z_.]+ object at"  # an object
)
"""What a Python repr leaks into a message: `['a']`, `{'k': …}`, `\\x00`, `<… object at …>`."""


def problems_in(project: Path, diagnostics: list[Diagnostic]) -> list[str]:
    """What is wrong with diagnostics as the user sees them (empty when nothing is)."""
    missing = {d.location.path for d in diagnostics if d.code is Code.PROJECT_MISSING_FILE}
    return [problem for found in diagnostics for problem in problems_with(project, found, missing)]


def problems_with(project: Path, found: Diagnostic, missing: set[str]) -> list[str]:
    """What is wrong with one diagnostic; `missing` are the files reported missing, where
    what stands for them (a version, a standard) is located."""
    wrong: list[str] = []
    location = found.location
    formatted = found.format()
    lines = formatted.split("\n")
    if not _LINE.match(lines[0]):
        wrong.append(f"not `path:line:col: severity: message [code]`: {lines[0]!r}")
    wrong += [f"not a hint line: {line!r}" for line in lines[1:] if not _HINT.match(line)]
    if not isinstance(found.code, Code):
        wrong.append(f"not a documented code: {found.code!r}")
    if location.line < 1 or location.column < 1:
        wrong.append(f"not located: {formatted!r}")
    parts = location.path.split("/")
    if not location.path or os.path.isabs(location.path) or ".." in parts or "" in parts:
        wrong.append(f"not a project-relative path: {location.path!r}")
    elif location.path not in missing:
        on_disk = os.path.join(os.fsencode(project), _raw(location.path))
        if not os.path.lexists(on_disk):
            wrong.append(f"names a path that does not exist: {location.path!r}")
        elif os.path.isfile(on_disk) and not os.path.islink(on_disk) and location.line > 1:
            with open(on_disk, "rb") as stream:
                data = stream.read().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            count = data.count(b"\n") + 1
            if location.line > count:
                wrong.append(f"line {location.line} is past the end ({count} lines): {formatted!r}")
    if _REPR.search(found.message) or _REPR.search(found.hint):
        wrong.append(f"a Python repr in the message: {formatted!r}")
    return wrong


def _raw(shown: str) -> bytes:
    """A path as shown (bad bytes of a name written `\\xNN`) back to its bytes."""
    return re.sub(
        rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]), shown.encode("utf-8")
    )
