"""The theme's files, listed for MkDocs without walking its hidden folders.

Every MkDocs build adds the theme's static files to the site (`Files.add_files_from_theme`):
it lists every file under the theme's folders (the Jinja loader's `list_templates`), then
keeps those its filter lets through, which drops hidden files and everything under a hidden
folder (`.*`, `*/.*`). Material keeps its ~14,000 icons under `.icons/` (its templates include
them by name), so a build walked and filtered 14,521 names to add 54 files: ~48 ms of CPU,
once for the site and once more for each translation's build (`languages.py`). The loader
here lists the same folders without descending into hidden ones: MkDocs adds the very same
files, and the templates load as before.
"""

from __future__ import annotations

import os

import jinja2
from mkdocs.theme import Theme


class VisibleTemplates(jinja2.FileSystemLoader):
    """A file system loader whose listing leaves out hidden files and folders (only MkDocs'
    `add_files_from_theme` lists templates, and it drops those)."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for dirpath, folders, filenames in os.walk(searchpath, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                for filename in filenames:
                    if filename.startswith("."):
                        continue
                    # As Jinja's own listing names a template.
                    template = (
                        os.path.join(dirpath, filename)[len(searchpath) :]
                        .strip(os.path.sep)
                        .replace(os.path.sep, "/")
                    )
                    found.add(template[2:] if template[:2] == "./" else template)
        return sorted(found)


def list_visible_files(theme: Theme) -> None:
    """Make the environments `theme` gives MkDocs list its files with `VisibleTemplates`."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = VisibleTemplates(theme.dirs)  # read when the build starts: every layer
        return env

    setattr(theme, "get_env", get_env)  # noqa: B010  (an instance's method, for its builds)
