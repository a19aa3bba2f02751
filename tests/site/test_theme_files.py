"""The theme's files listed without walking hidden folders (`outputs/site/theme_files.py`):
MkDocs adds the very files it adds with Jinja2's own listing, for Material and for a theme
layer with hidden files and folders of its own."""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from normkit.outputs.site.theme_files import VisibleTemplates, list_visible_files


def test_mkdocs_adds_the_same_theme_files(tmp_path: Path) -> None:
    layer = tmp_path / "overrides"
    for name in (
        "assets/own.css",
        "assets/.hidden.css",
        ".icons/own/icon.svg",
        "assets/.cache/kept.js",
        "partials/footer.html",
        "README.md",
        "nested/deeper/script.js",
        ".top.txt",
    ):
        (layer / name).parent.mkdir(parents=True, exist_ok=True)
        (layer / name).write_text("x", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8"
    )
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    walked = config.theme.get_env()
    assert type(walked.loader) is jinja2.FileSystemLoader
    expected = Files([])
    expected.add_files_from_theme(walked, config)

    list_visible_files(config.theme)
    visible = config.theme.get_env()
    assert isinstance(visible.loader, VisibleTemplates)
    found = Files([])
    found.add_files_from_theme(visible, config)

    assert [(f.src_uri, f.abs_src_path) for f in found] == [
        (f.src_uri, f.abs_src_path) for f in expected
    ]
    assert "assets/own.css" in {f.src_uri for f in found}
    assert "nested/deeper/script.js" in {f.src_uri for f in found}
    assert len(found) > 10  # Material's own assets
    assert len(visible.loader.list_templates()) < len(walked.loader.list_templates()) / 10
    assert visible.get_template("main.html") is not None  # templates load as before
