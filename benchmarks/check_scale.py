"""Spine benchmark: `normkit check` on a generated project of N criteria.

    .venv/bin/python benchmarks/check_scale.py [--criteria 1000]

Times, in the same run, (1) a bare markdown-it-py parse of the same chapter files (the
floor: one parse is unavoidable) and (2) the whole `check_project` — parse, YAML with
positions, reference and term resolution, rendering to HTML and plain text, and every
check — and prints the ratio, so the figure means something on a noisy machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from markdown_it import MarkdownIt

from normkit.pipeline import check_project

WORDS = [
    "entity",
    "shall",
    "establish",
    "maintain",
    "document",
    "implement",
    "review",
    "monitor",
    "report",
    "publish",
    "risk",
    "assessment",
    "management",
    "system",
    "policy",
    "procedure",
    "record",
    "supplier",
    "customer",
    "worker",
    "community",
    "water",
    "energy",
    "emissions",
    "waste",
    "biodiversity",
    "land",
    "rights",
    "labour",
    "safety",
    "health",
    "training",
    "audit",
]
TERMS = ["Entity", "Worker", "Supplier", "GHG Emissions", "Affected Community"]


def sentence(rng: random.Random, words: int) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    return f"The {rng.choice(TERMS)} shall {body}."


def generate(root: Path, criteria: int, per_principle: int = 10) -> None:
    rng = random.Random(7)
    version = root / "standards" / "big" / "v1"
    version.mkdir(parents=True)
    (root / "standards" / "big" / "standard.yml").write_text(
        "code: BIG\ntitle: Big Standard\napplicability:\n  - code: mining\n  - code: smelting\n"
        "fields:\n  critical:\n    type: boolean\n    default: false\n",
        encoding="utf-8",
    )
    (version / "version.yml").write_text(
        "version: v1\ntitle: Big V1\nstatus: published\npublished: 2025-01-01\n",
        encoding="utf-8",
    )
    principles = (criteria + per_principle - 1) // per_principle
    for p in range(1, principles + 1):
        lines = [f"# Pillar {p}\n", f"## {p} Principle {p}\n", sentence(rng, 20) + "\n"]
        for c in range(1, per_principle + 1):
            n = (p - 1) * per_principle + c
            if n > criteria:
                break
            ref = f" See [[c-{rng.randint(1, criteria)}]]." if n > 1 else ""
            lines += [
                f"### {p}.{c} Criterion {n}\n",
                f"```criterion\nid: c-{n}\napplies_to: [mining]\ncritical: {n % 5 == 0}\n```\n",
                sentence(rng, 30) + ref + "\n",
                *(f"{i}. {sentence(rng, 15)}" for i in range(1, 4)),
                "",
            ]
        (version / f"{p:04d}.md").write_text("\n".join(lines), encoding="utf-8")
    glossary = root / "glossary"
    glossary.mkdir()
    entries = [f"## {t}\n\n```term\n```\n\nDefinition of {t}.\n" for t in TERMS]
    (glossary / "terms.md").write_text("\n".join(entries), encoding="utf-8")


def best_of(runs: int, action: object) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--criteria", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, args.criteria)
        files = sorted((root / "standards").rglob("*.md"))
        md = MarkdownIt("commonmark").enable("table")
        floor = best_of(3, lambda: [md.parse(f.read_text(encoding="utf-8")) for f in files])
        result = check_project(root)
        errors = [d.format() for d in result.errors]
        assert not errors, errors[:3]
        full = best_of(3, lambda: check_project(root))
    print(f"criteria: {args.criteria}")
    print(f"bare markdown-it parse: {floor:.3f} s")
    print(f"normkit check:          {full:.3f} s  ({full / floor:.1f}x the bare parse)")


if __name__ == "__main__":
    main()
