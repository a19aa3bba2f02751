"""Changes laid over a copy of the trust fixture project: the vocabulary of the catalogue."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

STANDARD = "standards/performance/standard.yml"
V2 = "standards/performance/v2/version.yml"
V3 = "standards/performance/v3/version.yml"
CHANGES = "standards/performance/v3/changes.yml"
V2_GOVERNANCE = "standards/performance/v2/01-governance.md"
V2_ENVIRONMENT = "standards/performance/v2/02-environment.md"
GOVERNANCE = "standards/performance/v3/01-governance.md"
ENVIRONMENT = "standards/performance/v3/02-environment.md"
EDITION = "guidance/performance/v3-2026/edition.yml"
EDITION_2025 = "guidance/performance/v3-2025/edition.yml"
EDITION_V2 = "guidance/performance/v2-2021/edition.yml"
GUIDANCE = "guidance/performance/v3-2026/01-governance.md"
GLOSSARY = "glossary/01-terms.md"


@dataclass(frozen=True, slots=True)
class Replace:
    """Replace the only occurrence of `old` in a text file by `new`."""

    path: str
    old: str
    new: str | bytes

    def apply(self, project: Path) -> None:
        file = project / self.path
        text = file.read_text(encoding="utf-8")
        assert text.count(self.old) == 1, f"{self.old!r} is not in {self.path} exactly once"
        before, _, after = text.partition(self.old)
        new = self.new if isinstance(self.new, bytes) else self.new.encode("utf-8")
        file.write_bytes(before.encode("utf-8") + new + after.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Write:
    """Write a file (a new one, or over an existing one)."""

    path: str
    content: str | bytes

    def apply(self, project: Path) -> None:
        file = project / self.path
        file.parent.mkdir(parents=True, exist_ok=True)
        data = self.content if isinstance(self.content, bytes) else self.content.encode()
        file.write_bytes(data)


@dataclass(frozen=True, slots=True)
class Append:
    path: str
    text: str

    def apply(self, project: Path) -> None:
        with (project / self.path).open("a", encoding="utf-8") as stream:
            stream.write(self.text)


@dataclass(frozen=True, slots=True)
class Delete:
    path: str

    def apply(self, project: Path) -> None:
        target = project / self.path
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink()


@dataclass(frozen=True, slots=True)
class Link:
    """Make `path` a symbolic link to `target` (replacing what is there)."""

    path: str
    target: str

    def apply(self, project: Path) -> None:
        link = project / self.path
        if os.path.lexists(link):
            Delete(self.path).apply(project)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(self.target)


@dataclass(frozen=True, slots=True)
class Rename:
    """Rename `path` to `name` (bytes: names that are not UTF-8) in the same folder."""

    path: str
    name: bytes

    def apply(self, project: Path) -> None:
        source = project / self.path
        os.rename(source, os.path.join(os.fsencode(source.parent), self.name))


@dataclass(frozen=True, slots=True)
class EachText:
    """Apply a byte-level change to every text file of the project."""

    name: str
    before: bytes
    after: bytes
    prefix: bytes = b""

    def apply(self, project: Path) -> None:
        for file in sorted(project.rglob("*")):
            if file.is_file() and file.suffix in (".md", ".yml"):
                file.write_bytes(self.prefix + file.read_bytes().replace(self.before, self.after))


Change = Replace | Write | Append | Delete | Link | Rename | EachText
