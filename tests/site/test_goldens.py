"""Golden files for the generated Markdown of the base mini-project (our own text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit.outputs.site.generate import generate
from normkit.pipeline import check_project
from tests.spine.miniprojects import materialise

EXPECTED = Path(__file__).resolve().parent / "expected"


def test_generated_pages_match_goldens(tmp_path: Path, update_goldens: bool) -> None:
    result = check_project(materialise(None, tmp_path / "project"))
    assert result.ok
    site = generate(
        result.corpus,
        ["json/demo/v2.json", "pdf/demo-v2.pdf", "diff/demo/v1..v2.pdf", "pdf/demo-v1.pdf"],
    )
    # The "What changed" pages are the revisions helper's HTML; its tests own that text.
    pages = {path: text for path, text in site.pages.items() if "/changes/" not in path}
    pages["nav.txt"] = "\n".join(sorted(f"{k}: {v}" for k, v in _flatten(site.nav)))
    if update_goldens:
        for path, text in pages.items():
            target = EXPECTED / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return
    expected = {
        p.relative_to(EXPECTED).as_posix(): p.read_text(encoding="utf-8")
        for p in EXPECTED.rglob("*")
        if p.is_file()
    }
    if not expected:
        pytest.fail("no goldens: run pytest tests/site --update-goldens")
    assert sorted(pages) == sorted(expected)
    for path, text in pages.items():
        assert text == expected[path], f"{path} differs from its golden file"


def _flatten(nav: list[dict[str, object]], prefix: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for item in nav:
        for title, value in item.items():
            if isinstance(value, list):
                found.extend(_flatten(value, f"{prefix}{title} / "))
            else:
                found.append((f"{prefix}{title}", str(value)))
    return found
