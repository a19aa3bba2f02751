"""Compiled templates come from the build folder's cache only for the same source and the same
environment settings; a cache that cannot be written costs a compile, never the build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from jinja2 import DictLoader, Environment

from normkit.outputs.site.compiled_templates import fingerprint, keep_compiled
from normkit.outputs.site.config import default_config
from normkit.outputs.site.writer import TEMPLATE_PACKAGES
from normkit.outputs.templating import Compact, environment
from normkit.pipeline import build_project
from tests.spine.miniprojects import materialise


def _environment(templates: dict[str, str], **settings: Any) -> Environment:
    return Environment(loader=DictLoader(templates), auto_reload=False, **settings)


def _no_compiles(env: Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*arguments: Any, **keywords: Any) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(env, "compile", refuse)


def test_a_second_environment_reads_the_compiled_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = {"page.html": "<p>\n  {{ word }}\n</p>"}
    first = _environment(templates, extensions=[Compact])
    keep_compiled(first, tmp_path)
    assert first.get_template("page.html").render(word="a") == "<p>a</p>"

    second = _environment(templates, extensions=[Compact])
    keep_compiled(second, tmp_path)
    _no_compiles(second, monkeypatch)
    assert second.get_template("page.html").render(word="b") == "<p>b</p>"


def test_another_source_or_setting_is_compiled_afresh(tmp_path: Path) -> None:
    first = _environment({"page.html": "<p>\n  {{ word }}\n</p>"}, extensions=[Compact])
    keep_compiled(first, tmp_path)
    first.get_template("page.html").render(word="a")

    edited = _environment({"page.html": "<b>{{ word }}</b>"}, extensions=[Compact])
    keep_compiled(edited, tmp_path)
    assert edited.get_template("page.html").render(word="a") == "<b>a</b>"

    plain = _environment({"page.html": "<p>\n  {{ word }}\n</p>"})
    keep_compiled(plain, tmp_path)
    assert fingerprint(plain) != fingerprint(first)
    assert plain.get_template("page.html").render(word="a") == "<p>\n  a\n</p>"
    escaped = _environment({"page.html": "{{ word }}"}, autoescape=True)
    assert fingerprint(escaped) != fingerprint(_environment({"page.html": "{{ word }}"}))


def test_a_cache_that_cannot_be_written_costs_only_a_compile(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    env = _environment({"page.html": "{{ word }}"})
    keep_compiled(env, blocked)
    assert env.get_template("page.html").render(word="a") == "a"

    folder = tmp_path / "cache"
    env = _environment({"page.html": "{{ word }}"})
    keep_compiled(env, folder)
    for made in (folder / "templates").iterdir():  # gone, a file in its place (even root
        made.rmdir()  # cannot write into that): the compiled template cannot be written
        made.write_text("")
    assert env.get_template("page.html").render(word="b") == "b"


def test_a_repeated_site_build_compiles_none_of_its_own_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site's templates and the diff's (each version's "What changed" page) are read
    compiled from the build folder by the next build, as a fresh process would."""
    root = materialise(None, tmp_path / "project")
    out = root / "build"
    environments = [environment(package) for package in TEMPLATE_PACKAGES]
    for env in environments:  # as in a new process: an earlier test of this one may have
        assert env.cache is not None  # compiled them into memory, and a template found
        env.cache.clear()  # there is never written to the build folder
    assert build_project(root, out, ("site",)).check.ok
    for env in environments:
        assert env.cache is not None
        env.cache.clear()  # as in a new process
        _no_compiles(env, monkeypatch)
    assert build_project(root, out, ("site",)).check.ok


def test_a_first_build_compiles_no_packaged_template_another_build_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The templates of installed packages (normkit's, the theme's) are kept in the user's
    cache folder: a project's first build (no build folder) reads them compiled by another
    project's build. The project's own templates (its theme's `custom_dir`) are kept in its
    build folder, not in the user's cache."""
    from normkit import method_cache

    user = tmp_path / "user-cache"
    monkeypatch.setenv(method_cache.FOLDER_VARIABLE, str(user))
    compiled: list[str] = []
    compile_template = Environment.compile

    def counted(env: Environment, source: str, name: str | None = None, *rest: Any) -> Any:
        compiled.append(name or "")
        return compile_template(env, source, name, *rest)

    monkeypatch.setattr(Environment, "compile", counted)
    for env in [environment(package) for package in TEMPLATE_PACKAGES]:
        assert env.cache is not None
        env.cache.clear()  # as in a new process
    first = materialise(None, tmp_path / "first")
    assert build_project(first, first / "build", ("site",)).check.ok
    assert "main.html" in compiled  # the theme's
    shared = list(user.glob("templates/*/*"))
    assert len(shared) >= len(set(compiled)) - 1  # (a template of the project's own, below)

    second = materialise(None, tmp_path / "second")
    config = default_config(second, "Second")
    config["theme"]["custom_dir"] = "overrides"
    (second / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (second / "docs").mkdir()
    (second / "overrides" / "partials").mkdir(parents=True)
    own = second / "overrides" / "partials" / "copyright.html"
    own.write_text("<small>{{ config.site_name }}</small>\n", encoding="utf-8")
    for env in [environment(package) for package in TEMPLATE_PACKAGES]:
        assert env.cache is not None
        env.cache.clear()
    compiled.clear()
    assert build_project(second, second / "build", ("site",)).check.ok
    assert compiled == ["partials/copyright.html"]
    assert len(list(user.glob("templates/*/*"))) == len(shared)  # not the project's own
    assert list((second / "build" / ".cache" / "templates").glob("*/*"))
