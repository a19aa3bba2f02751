"""The project's name from its `mkdocs.yml`, read by MkDocs' own YAML loader.

MkDocs' loader gives what `mkdocs build` sees: any YAML scalar style (quoted with a comment,
folded, literal), `!ENV` variables and `INHERIT`. It is based here on PyYAML's safe loader:
normkit only needs a string, so the Python tags MkDocs configurations may contain
(`!!python/name:…` for Markdown extensions) and `!relative` are read as placeholders and never
run; MkDocs itself runs them when it builds the site, as `mkdocs build` would.

The loader is put together here from the parts MkDocs' own (`mkdocs.utils.yaml`, MkDocs 1.6)
is made of, pyyaml-env-tag's `!ENV` and mergedeep's merge for `INHERIT`, with its messages:
importing `mkdocs.utils` for it loaded `importlib.metadata`, `email`, `zipfile` and more
(~50 M instructions) in every `check` of a project with an `mkdocs.yml`.
`tests/spine/test_failures.py` compares what both read.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import yaml

from normkit.environment import EnvironmentFailure
from normkit.sources.tree import leads_outside

if TYPE_CHECKING:
    from mkdocs.exceptions import ConfigurationError

CONFIG_NAME = "mkdocs.yml"


def folder_name(folder: Path) -> str:
    """A folder's own name as text: file names are bytes, by convention UTF-8 whatever the
    locale (under `LC_ALL=C` without UTF-8 mode Python would decode `Prüf` as surrogates)."""
    return os.fsencode(folder.resolve().name).decode("utf-8", errors="replace")


def _placeholder(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _loader() -> type[Any]:
    """`mkdocs.utils.yaml.get_yaml_loader(yaml.SafeLoader)`, with placeholders."""
    import yaml_env_tag  # type: ignore[import-untyped]

    class Loader(yaml.SafeLoader):
        """A loader of its own, so that the tags added leave PyYAML's safe loader as it is."""

    Loader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", _placeholder)
    Loader.add_multi_constructor("!", _placeholder)  # `!relative` and plugins' own tags
    return Loader


def _yaml_load(stream: BinaryIO, loader: type[Any]) -> Any:
    """`mkdocs.utils.yaml.yaml_load`: the file, deep-merged over the one it `INHERIT`s."""
    import mergedeep  # type: ignore[import-untyped]
    from mkdocs.exceptions import ConfigurationError

    try:
        result = yaml.load(stream, Loader=loader)  # a safe loader, with placeholders
    except yaml.YAMLError as error:
        raise ConfigurationError(
            f"MkDocs encountered an error parsing the configuration file: {error}"
        ) from error  # `_located` reads where it was from the YAML error
    if result is None:
        return {}
    if "INHERIT" in result:
        relative = result.pop("INHERIT")
        absolute = os.path.normpath(os.path.join(os.path.dirname(stream.name), relative))
        if not os.path.exists(absolute):
            raise ConfigurationError(
                f"Inherited config file '{relative}' does not exist at '{absolute}'."
            )
        with open(absolute, "rb") as parent:
            result = mergedeep.merge(_yaml_load(parent, loader), result)
    return result


def read_config(path: Path) -> dict[str, Any]:
    """`mkdocs.yml` (with what it inherits) as a mapping; a broken file is an environment
    failure: it is configuration, not a source.

    MkDocs' exceptions are imported only here: a project without `mkdocs.yml` never needs
    them to be checked."""
    from mkdocs.exceptions import ConfigurationError

    try:
        with path.open("rb") as stream:
            config = _yaml_load(stream, _loader())
    except ConfigurationError as error:
        raise EnvironmentFailure(_located(path, error), f"fix {path.name}") from error
    except OSError as error:
        raise EnvironmentFailure(
            f"cannot read {path}: {error.strerror or error}", f"check {path.name}"
        ) from error
    if not isinstance(config, dict):
        raise EnvironmentFailure(f"{path}: the configuration is not a mapping", f"fix {path.name}")
    return config


def _located(path: Path, error: ConfigurationError) -> str:
    """`path:line:col: problem` when the YAML parser says where, else MkDocs' message."""
    cause = error.__context__
    mark = getattr(cause, "problem_mark", None)
    if isinstance(cause, yaml.MarkedYAMLError) and mark is not None:
        return f"{path}:{mark.line + 1}:{mark.column + 1}: {cause.problem}"
    return f"{path}: {error.format_message().splitlines()[0]}"


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """What normkit needs from `mkdocs.yml` outside the site build itself."""

    site_name: str
    """`site_name`, else the project folder's name."""
    folders: tuple[str, ...] = ()
    """`docs_dir` and `theme.custom_dir` when inside the project (project-relative): MkDocs
    reads every file there, so they are checked like the sources."""


def site_settings(root: Path) -> SiteSettings:
    path = root / CONFIG_NAME
    if not path.is_file() or leads_outside(root, path):  # a link out is reported by the scan
        return SiteSettings(site_name=folder_name(root))
    config = read_config(path)
    name = config.get("site_name")
    theme = config.get("theme")
    folders = [config.get("docs_dir", "docs")]
    if isinstance(theme, dict):
        folders.append(theme.get("custom_dir"))
    return SiteSettings(
        site_name=name.strip() if isinstance(name, str) and name.strip() else folder_name(root),
        folders=tuple(f for f in map(_inside, folders) if f),
    )


def _inside(folder: object) -> str:
    """A configured folder as a normalised project-relative path, or "" if it is elsewhere."""
    if not isinstance(folder, str) or not folder or os.path.isabs(folder):
        return ""
    normal = posixpath.normpath(folder.replace("\\", "/"))
    return "" if normal == ".." or normal.startswith("../") or normal == "." else normal


def site_name(root: Path) -> str:
    """`site_name` from `root/mkdocs.yml`, else the project folder's name."""
    return site_settings(root).site_name
