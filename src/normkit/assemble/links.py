"""Where Markdown links and images lead: a file of the project, an external URL, or nowhere.

Relative paths are read from the folder of the source that holds them; a path starting with
`/` is read from the project root. A path may not leave the project, not even through a
symbolic link. Whether an anchor (`chapter.md#criterion-id`) names something is checked on
the model (`checks/links.py`), once every criterion and section exists.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from normkit.diagnostics import Code, Diagnostic, diagnostic
from normkit.model.location import Location
from normkit.model.text import LinkTarget, TargetKind

IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg"})
"""Image files that the site, typst (PDF) and Word (DOCX) all show."""
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
_REMOTE_IMAGE_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class ProjectFiles:
    """Resolves link and image destinations against the project folder."""

    root: Path

    def link(
        self, destination: str, location: Location, *, image: bool
    ) -> tuple[LinkTarget, list[Diagnostic]]:
        written = destination.strip()
        scheme = _SCHEME.match(written)
        if scheme is not None or written.startswith("//"):
            name = scheme.group(1).lower() if scheme else "https"
            return self._absolute(written, name, location, image)
        path, _, anchor = unquote(written).partition("#")
        path = path.partition("?")[0]
        if not path:
            if image:
                return _broken(written), [_missing(location, written)]
            return LinkTarget(kind=TargetKind.PROJECT, value=location.path, anchor=anchor), []
        return self._relative(written, path, anchor, location, image)

    def _absolute(
        self, url: str, scheme: str, location: Location, image: bool
    ) -> tuple[LinkTarget, list[Diagnostic]]:
        if image:
            if scheme not in _REMOTE_IMAGE_SCHEMES:
                message = f"image {_short(url)} is not a file of the project"
                hint = "put the image in the project (for example assets/) and link its path"
                return _broken(url), [diagnostic(Code.ASSET_UNSUPPORTED, location, message, hint)]
            message = f"remote image {_short(url)} is not fetched; print shows a link instead"
            problem = diagnostic(Code.ASSET_REMOTE, location, message)
            return LinkTarget(kind=TargetKind.EXTERNAL, value=url), [problem]
        if scheme in _UNSAFE_SCHEMES:
            message = f"link to {_short(url)} is not allowed"
            return _broken(url), [diagnostic(Code.LINK_BROKEN, location, message)]
        return LinkTarget(kind=TargetKind.EXTERNAL, value=url), []

    def _relative(
        self, written: str, path: str, anchor: str, location: Location, image: bool
    ) -> tuple[LinkTarget, list[Diagnostic]]:
        base = "" if path.startswith("/") else posixpath.dirname(location.path)
        joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        target = self.root / joined
        outside = joined == ".." or joined.startswith("../") or os.path.isabs(joined)
        if not outside:
            try:
                target.resolve().relative_to(self.root.resolve())
            except ValueError:
                outside = True
        if outside:
            message = f"{'image' if image else 'link'} {_short(written)} leads outside the project"
            return _broken(written), [diagnostic(Code.LINK_OUTSIDE_PROJECT, location, message)]
        if image:
            if not target.is_file():
                return _broken(written), [_missing(location, written)]
            if target.suffix.lower() not in IMAGE_TYPES:
                message = f"image {_short(written)} is not PNG, JPEG, GIF or SVG"
                return _broken(written), [diagnostic(Code.ASSET_UNSUPPORTED, location, message)]
        elif not target.exists():
            message = f"link {_short(written)} points at no file of the project"
            return _broken(written), [diagnostic(Code.LINK_BROKEN, location, message)]
        value = "" if joined == "." else joined
        if not image and target.is_dir():
            value = f"{value}/" if value else ""
        return LinkTarget(kind=TargetKind.PROJECT, value=value, anchor=anchor), []


def _broken(written: str) -> LinkTarget:
    return LinkTarget(kind=TargetKind.BROKEN, value=written)


def _missing(location: Location, written: str) -> Diagnostic:
    return diagnostic(
        Code.ASSET_MISSING,
        location,
        f"image {_short(written)} does not exist in the project",
        "paths are relative to the Markdown file; a path starting with / is relative to the "
        "project folder",
    )


def _short(text: str, limit: int = 80) -> str:
    """A destination quoted for a one-line message."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return "'" + shown.replace("\n", " ") + "'"
