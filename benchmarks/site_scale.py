"""Site scale benchmark: a generated 1,000-criterion project, normkit vs plain MkDocs.

    .venv/bin/python benchmarks/site_scale.py [--criteria 1000] [--per-page 20]

Generates a project into a temporary folder, then times, in the same run:
  1. `normkit build --only site` (MkDocs + Material + the normkit plugin + Pagefind),
  2. plain `mkdocs build` (Material, its built-in search) of equivalent plain Markdown,
and measures what a reader downloads to search: Material's whole `search_index.json`
(raw and gzipped) against the bytes Pagefind fetches for real queries in headless Chromium.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from normkit.outputs.site.search import index_site
from normkit.pipeline import build_project, check_project

sys.path.insert(0, str(Path(__file__).resolve().parent))
from projects import CODES, WORDS

QUERIES = ("greenhouse", "5.3", "criterion-0420", "tailings closure plan")


def _sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return "The Entity " + " ".join(words) + "."


def generate_project(root: Path, criteria: int, per_page: int) -> list[tuple[str, str]]:
    """Write the project; return the plain-Markdown equivalent as (path, text) pages."""
    rng = random.Random(1000)
    standard = root / "standards" / "scale"
    version = standard / "v1"
    version.mkdir(parents=True)
    (root / "glossary").mkdir()
    (root / "glossary" / "terms.md").write_text(
        "# Glossary\n\n## Entity\n\n```term\naliases: [Entities]\n```\n\nThe organisation.\n"
    )
    codes = "\n".join(f"  - code: {c}\n    label: {c.title()}" for c in CODES)
    (standard / "standard.yml").write_text(
        "code: SC\ntitle: Scale Standard\nowner: Bench\nlicence: CC BY 4.0\n"
        "description: Generated.\nsection_levels: [pillar, principle]\n"
        f"applicability:\n{codes}\n"
        "fields:\n  criticality:\n    label: Criticality\n    type: enum\n"
        "    choices: [critical, core]\n    default: core\n"
    )
    (version / "version.yml").write_text(
        "version: v1\ntitle: Scale Standard V1\nstatus: published\npublished: 2025-01-01\n"
        "effective: 2025-06-01\nsummary: Generated for the benchmark.\n"
    )
    plain: list[tuple[str, str]] = []
    """(path, text) pages; paths are `<pillar>/<principle>.md`, nested like normkit's nav."""
    pages = (criteria + per_page - 1) // per_page
    pillars = 5
    number = 0
    for pillar in range(pillars):
        chapter = [f"# Pillar {pillar + 1}\n\nIntroduction of pillar {pillar + 1}.\n"]
        for principle in range(pillar * pages // pillars, (pillar + 1) * pages // pillars):
            title = f"{principle + 1} Principle {principle + 1}"
            chapter.append(f"## {title}\n\n{_sentence(rng, 20)}\n")
            page = [f"# {title}\n\n{_sentence(rng, 20)}\n"]
            for item in range(per_page):
                if number >= criteria:
                    break
                number += 1
                heading = f"{principle + 1}.{item + 1} Criterion {number}"
                body = f"{_sentence(rng, 40)}\n\n1. {_sentence(rng, 15)}\n2. {_sentence(rng, 15)}\n"
                chapter.append(
                    f"### {heading}\n\n```criterion\nid: criterion-{number:04d}\n"
                    f"applies_to: [{rng.choice(CODES)}]\n```\n\n{body}"
                )
                page.append(f"## {heading}\n\n{body}")
            plain.append((f"pillar-{pillar + 1}/p{principle + 1}.md", "\n".join(page)))
        (version / f"{pillar + 1:02d}-pillar.md").write_text("\n".join(chapter))
    return plain


def write_plain_project(root: Path, pages: list[tuple[str, str]]) -> None:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Scale Standard\n\nGenerated.\n")
    groups: dict[str, list[str]] = {}
    for path, text in pages:
        (docs / path).parent.mkdir(exist_ok=True)
        (docs / path).write_text(text)
        pillar, name = path.split("/")
        groups.setdefault(pillar, []).append(f"      - '{name[:-3]}': {path}")
    nav = "\n".join(f"  - '{pillar}':\n" + "\n".join(items) for pillar, items in groups.items())
    (root / "mkdocs.yml").write_text(
        "site_name: Plain\ntheme:\n  name: material\n  font: false\n  features:\n"
        "    - navigation.prune\nplugins:\n  - search\nmarkdown_extensions:\n  - attr_list\n"
        f"  - toc:\n      permalink: true\nnav:\n  - Home: index.md\n{nav}\n"
    )


def timed(label: str, action: Any) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s")
    return seconds


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def pagefind_bytes(site: Path, page: str) -> dict[str, int]:
    """Bytes of `/pagefind/` responses a reader's browser fetches for each query."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for query in QUERIES:
            context = browser.new_context()  # a fresh cache: the query is the first search
            tab = context.new_page()
            sizes: list[int] = []
            tab.on(
                "requestfinished",
                lambda request, sizes=sizes: (
                    sizes.append(request.sizes()["responseBodySize"])
                    if "/pagefind/" in request.url
                    else None
                ),
            )
            tab.goto(base + page)
            tab.locator(".nk-search-button").click()
            tab.locator(".nk-search-input").fill(query)
            tab.locator(".nk-search-result").first.wait_for(timeout=20000)
            tab.wait_for_timeout(500)
            found[query] = sum(sizes)
            sizes.clear()
            tab.locator(".nk-search-input").fill(f"{query} water")
            tab.wait_for_timeout(1500)
            found[f"then {query} water"] = sum(sizes)
            context.close()
        browser.close()
    server.shutdown()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criteria", type=int, default=1000)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="normkit-site-scale-"))
    try:
        project, plain = work / "project", work / "plain"
        pages = generate_project(project, args.criteria, args.per_page)
        write_plain_project(plain, pages)
        print(f"{args.criteria} criteria on {len(pages)} principle pages ({work})")
        normkit = timed(
            "normkit build --only site (with Pagefind)",
            lambda: build_project(project, project / "build", ("site",)),
        )
        site = project / "build" / "site"
        timed(
            "  of which reading and checking sources (run again alone)",
            lambda: check_project(project),
        )
        corpus = check_project(project).corpus
        pagefind = timed(
            "  of which Pagefind indexing (run again alone)", lambda: index_site(site, corpus)
        )
        mkdocs = timed(
            "plain mkdocs build (Material search)",
            lambda: subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=plain, check=True
            ),
        )
        print(f"ratio normkit / plain mkdocs: {normkit / mkdocs:.2f}")
        print(f"ratio without Pagefind: {(normkit - pagefind) / mkdocs:.2f}")
        index = (plain / "site" / "search" / "search_index.json").read_bytes()
        workers = (plain / "site" / "assets" / "javascripts" / "workers").glob("search.*.js")
        worker = sum(len(gzip.compress(p.read_bytes())) for p in workers)
        print(
            f"Material search_index.json: {len(index) / 1e6:.2f} MB raw, "
            f"{len(gzip.compress(index)) / 1e6:.2f} MB gzipped (downloaded whole), "
            f"plus {worker / 1e3:.0f} KB gzipped search worker"
        )
        bundle = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
        print(f"Pagefind bundle on disk: {bundle / 1e6:.2f} MB (fetched in pieces)")
        for query, size in pagefind_bytes(site, "scale/v1/").items():
            print(f"Pagefind search {query!r}: {size / 1e3:.0f} KB fetched")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
