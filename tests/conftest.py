"""Shared fixtures: the demo corpus, loaded once, and one full build of it per test session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from normkit.model.corpus import Corpus
from normkit.outputs.registry import available
from normkit.pipeline import CheckResult, build_project, check_project
from tests.spine.miniprojects import materialise

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--no-first-run",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite golden files (expected JSON, diagnostics.txt …) instead of comparing",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def demo_check() -> CheckResult:
    return check_project(REPO)


@pytest.fixture(scope="session")
def demo_corpus(demo_check: CheckResult) -> Corpus:
    return demo_check.corpus


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`normkit build` of the demo project with every output, once per session."""
    out = tmp_path_factory.mktemp("demo-build")
    result = build_project(REPO, out, available())
    assert result.check.ok, "\n".join(d.format() for d in result.check.errors)
    return out


BuiltCase = Callable[[str], tuple[Corpus, Path]]
"""Builds an `ok--` mini-project with every output (once per session): its corpus and output."""


@pytest.fixture(scope="session")
def built_case(tmp_path_factory: pytest.TempPathFactory) -> BuiltCase:
    built: dict[str, tuple[Corpus, Path]] = {}

    def build(case: str) -> tuple[Corpus, Path]:
        if case not in built:
            root = materialise(case, tmp_path_factory.mktemp(case) / "project")
            result = build_project(root, root.parent / "out", available())
            assert not result.check.diagnostics, [d.format() for d in result.check.diagnostics]
            built[case] = (result.check.corpus, root.parent / "out")
        return built[case]

    return build


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright; scripts/setup.sh installs it, so a
    missing browser is a failure, not a skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: run bash scripts/setup.sh"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
