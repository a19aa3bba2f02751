"""The project's name from its `mkdocs.yml`, read by MkDocs' own YAML loader.

MkDocs' loader gives what `mkdocs build` sees: any YAML scalar style (quoted with a comment,
folded, literal), `!ENV` variables and `INHERIT`. It is based here on PyYAML's safe loader:
normkit only needs a string, so the Python tags MkDocs configurations may contain
(`!!python/name:…` for Markdown extensions) and `!relative` are read as placeholders and never
run; MkDocs itself runs them when it builds the site, as `mkdocs build` would.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from normkit.environment import EnvironmentFailure

CONFIG_NAME = "mkdocs.yml"


def folder_name(folder: Path) -> str:
    """A folder's own name as text: file names are bytes, by convention UTF-8 whatever the
    locale (under `LC_ALL=C` without UTF-8 mode Python would decode `Prüf` as surrogates)."""
    return os.fsencode(folder.resolve().name).decode("utf-8", errors="replace")


def _placeholder(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _loader() -> type[Any]:
    loader: type[Any] = get_yaml_loader(loader=yaml.SafeLoader)
    loader.add_multi_constructor("tag:yaml.org,2002:python/", _placeholder)
    loader.add_multi_constructor("!", _placeholder)  # `!relative` and plugins' own tags
    return loader


def read_config(path: Path) -> dict[str, Any]:
    """`mkdocs.yml` (with what it inherits) as a mapping; a broken file is an environment
    failure: it is configuration, not a source."""
    try:
        with path.open("rb") as stream:
            config = yaml_load(stream, loader=_loader())
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


def site_name(root: Path) -> str:
    """`site_name` from `root/mkdocs.yml`, else the project folder's name."""
    path = root / CONFIG_NAME
    if path.is_file():
        name = read_config(path).get("site_name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    return folder_name(root)
