"""Compiled Jinja2 templates kept between builds: the templates of installed packages
(normkit's own, the theme's) in the user's cache folder, shared by every project, and a
project's own templates in its build folder's cache.

A site build compiles about 50 templates (normkit's own and the theme's) before it renders
anything: 0.22 s of CPU of the demo's 2.1 s, and as much of a small project's. Jinja2's
bytecode cache keeps the compiled code on disk; it is used only when the template's source
has the same checksum (Jinja2 checks it), and the folder is named after everything else the
compiled code depends on: the Jinja2 and Python versions, the environment's syntax settings
and its extensions (a preprocessing extension rewrites the source before it is compiled).
The templates that come with installed packages are the same for every project, so, as the
methods `dataclass` compiles (`method_cache.py`), they are compiled once per machine, not
once per build folder: a first build of a project compiles only the project's own (its
theme's `custom_dir`), which are kept in its build folder as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from normkit.user_cache import user_cache_folder

FOLDER = "templates"
"""Under the build folder's cache, and under the user's."""


class TemplateCache(FileSystemBytecodeCache):
    """Jinja2's cache in a folder, where a failure to read or write only costs a compile;
    templates read from files outside `project` (installed packages'; every file, without
    `project`) in the folder `shared` instead, when given."""

    def __init__(self, folder: str, shared: str | None = None, project: Path | None = None):
        super().__init__(folder)
        self.shared = FileSystemBytecodeCache(shared) if shared is not None else None
        self.project = os.path.join(project, "") if project is not None else None
        self.kept_shared: set[str] = set()
        """Keys of the templates kept in `shared`."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = super().get_cache_key(name, filename)
        if self.shared is not None and filename is not None and not self._in_project(filename):
            self.kept_shared.add(key)
        return key

    def _in_project(self, filename: str) -> bool:
        return self.project is not None and os.path.realpath(filename).startswith(self.project)

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            if self.shared is not None and bucket.key in self.kept_shared:
                self.shared.load_bytecode(bucket)
            else:
                super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            if self.shared is not None and bucket.key in self.kept_shared:
                self.shared.dump_bytecode(bucket)
            else:
                super().dump_bytecode(bucket)


def keep_compiled(env: Environment, cache: Path, project: Path | None = None) -> None:
    """Compiled templates of `env` read from, and written to, `cache` (if it can be made);
    those read from a file outside `project` (any file, without `project`: normkit's own
    templates) in the user's cache folder instead, if there is one and it can be made."""
    name = fingerprint(env)
    folder = cache / FOLDER / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    root = Path(os.path.realpath(project)) if project is not None else None
    env.bytecode_cache = TemplateCache(str(folder.resolve()), _shared_folder(name), root)


def _shared_folder(name: str) -> str | None:
    """The folder of compiled package templates with `fingerprint` `name` in the user's
    cache, made if missing; None without one, or one this process cannot write to (the
    build folder then keeps them, as before)."""
    user = user_cache_folder()
    if user is None:
        return None
    folder = user / FOLDER / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(folder.resolve()) if os.access(folder, os.W_OK) else None


def fingerprint(env: Environment) -> str:
    """What the compiled code of `env`'s templates depends on besides their sources."""
    extensions = []
    for name, extension in sorted(env.extensions.items()):
        module = sys.modules.get(type(extension).__module__)
        path = getattr(module, "__file__", None)
        found = os.stat(path) if path else None
        extensions.append(
            [name, path, found.st_size if found else 0, found.st_mtime_ns if found else 0]
        )
    autoescape = env.autoescape
    settings = [
        jinja2.__version__,
        sys.version,
        getattr(autoescape, "__qualname__", None) or bool(autoescape),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        extensions,
    ]
    return hashlib.sha256(json.dumps(settings, default=str).encode()).hexdigest()[:20]
