"""Benchmark: diffing two generated versions of ~1,000 and ~1,200 criteria.

Run with `.venv/bin/python benchmarks/diff_scale.py`. Three cases:

- stable ids: the usual revision (edits, removals, additions, a few renames by `replaces`);
- scrambled ids: every old id replaced, so all ~1,000 × ~1,200 pairs go through the
  similarity suggestions (the worst case);
- writer: the JSON document and the site fragment for the stable case.

Prints wall-clock seconds (best of three) and how many suggestions were right.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normkit.model import Corpus, Criterion, Location, Section, Standard, Text, Version
from normkit.model.standard import VersionStatus
from normkit.outputs.diff.pages import changes_page_html
from normkit.outputs.diff.serialise import changeset_document
from normkit.revisions.comparison import compare
from tests.revisions.scramble import scramble_ids

COMMON = [
    "entity",
    "shall",
    "ensure",
    "records",
    "supplier",
    "material",
    "claim",
    "audit",
    "risk",
    "water",
    "energy",
    "emissions",
    "workers",
    "community",
    "policy",
    "report",
    "review",
    "procedure",
    "target",
    "site",
    "facility",
    "waste",
    "tailings",
    "closure",
    "grievance",
    "remedy",
    "training",
    "contractor",
    "transport",
    "storage",
    "certificate",
    "scope",
    "document",
    "evidence",
    "monitor",
    "measure",
    "disclose",
    "publish",
    "annual",
    "quarterly",
    "independent",
    "assessment",
    "mitigation",
    "biodiversity",
    "land",
    "rights",
    "labour",
    "wage",
    "hours",
    "safety",
    "health",
    "emergency",
    "spill",
    "discharge",
    "withdrawal",
    "catchment",
    "permit",
    "license",
    "law",
    "authority",
    "board",
    "management",
    "system",
    "responsibility",
    "control",
    "verify",
    "approve",
    "maintain",
    "implement",
]


SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "do", "pa", "ge", "fu", "ri", "zo"]


def _word(n: int) -> str:
    rng = random.Random(n)
    return "".join(rng.choice(SYLLABLES) for _ in range(3 + n % 3))


RARE = sorted({_word(n) for n in range(4000)})
CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(RARE))))


def sentence(rng: random.Random, length: int) -> str:
    """Mostly common words, one in three from a Zipf-distributed vocabulary of rare ones."""
    words = [
        rng.choices(RARE, cum_weights=CUMULATIVE)[0] if rng.random() < 0.35 else rng.choice(COMMON)
        for _ in range(length)
    ]
    return " ".join(words).capitalize() + "."


def criterion(rng: random.Random, index: int, section: str) -> Criterion:
    body = "\n\n".join(sentence(rng, rng.randint(12, 30)) for _ in range(rng.randint(2, 5)))
    return make(f"c{index:05d}", "", f"{sentence(rng, 4)[:-1]}", body, section)


def make(criterion_id: str, number: str, title: str, body: str, section: str) -> Criterion:
    return Criterion(
        id=criterion_id,
        number=number,
        title=title,
        body=Text(markdown=body, pieces=(f"<p>{body}</p>",), plain=body),
        parts=(),
        applies_to=("all",),
        fields={},
        replaces=(),
        references=(),
        terms=(),
        section_path=(section,),
        content_hash="",
        location=Location(path="bench.md"),
    )


def version(name: str, criteria: list[Criterion]) -> Version:
    """Sections from runs of criteria with the same section label, numbered in order."""
    runs: list[list[Criterion]] = []
    for c in criteria:
        if runs and runs[-1][0].section_path == c.section_path:
            runs[-1].append(c)
        else:
            runs.append([c])
    sections = []
    for index, run in enumerate(runs, start=1):
        key = f"{index}-{run[0].section_path[0]}"
        numbered = tuple(
            dataclasses.replace(c, number=f"{index}.{i + 1}", section_path=(key,))
            for i, c in enumerate(run)
        )
        sections.append(
            Section(
                key=key,
                number=str(index),
                title=f"Section {run[0].section_path[0]}",
                level=1,
                intro=Text(markdown="", pieces=(), plain=""),
                criteria=numbered,
                children=(),
                location=Location(path="bench.md"),
            )
        )
    return Version(
        standard="bench",
        name=name,
        title=f"Bench {name}",
        status=VersionStatus.PUBLISHED,
        published=None,
        effective=None,
        transition_end=None,
        consultation_closes=None,
        supersedes=None if name == "v1" else "v1",
        superseded_by=None,
        summary="",
        sections=tuple(sections),
        location=Location(path="bench.yml"),
    )


def generate(seed: int = 7) -> tuple[Corpus, Version, Version]:
    rng = random.Random(seed)
    old = [criterion(rng, i, f"s{i // 25}") for i in range(1000)]
    new: list[Criterion] = []
    for c in old:
        roll = rng.random()
        if roll < 0.04:
            continue  # removed
        if roll < 0.20:  # reworded: one sentence replaced, a few words inserted
            paragraphs = c.body.plain.split("\n\n")
            paragraphs[rng.randrange(len(paragraphs))] = sentence(rng, 18)
            body = "\n\n".join(paragraphs)
            c = make(c.id, "", c.title, body, c.section_path[0])
        elif roll < 0.23:  # renamed by `replaces`
            c = dataclasses.replace(
                make(c.id + "-r", "", c.title, c.body.plain, c.section_path[0]), replaces=(c.id,)
            )
        new.append(c)
    for i in range(240):  # added, spread through the version
        at = rng.randrange(1, len(new))
        new.insert(at, criterion(rng, 5000 + i, new[at - 1].section_path[0]))
    v1, v2 = version("v1", old), version("v2", new)  # sections keep their labels
    standard = Standard(
        slug="bench",
        code="B",
        title="Bench",
        owner="",
        licence="",
        description="",
        applicability=(),
        fields=(),
        versions=(v1, v2),
        location=Location(path="s.yml"),
    )
    return Corpus(title="bench", standards=(standard,), guidance=(), terms=()), v1, v2


STANDARD_YML = """\
code: B
title: Bench
owner: Bench Body
licence: CC BY 4.0
description: Generated for the diff benchmark.
section_levels: [part]
applicability:
  - code: all-sites
    label: All sites
"""


def write_project(root: Path, versions: tuple[Version, ...]) -> None:
    """The generated versions as Markdown sources, for the end-to-end `normkit diff` case."""
    folder = root / "standards" / "bench"
    for version_ in versions:
        (folder / version_.name).mkdir(parents=True)
        supersedes = f"supersedes: {version_.supersedes}\n" if version_.supersedes else ""
        (folder / version_.name / "version.yml").write_text(
            f"version: {version_.name}\ntitle: Bench {version_.name}\nstatus: published\n"
            f"published: 2024-01-01\n{supersedes}summary: Generated.\n",
            encoding="utf-8",
        )
        for section in version_.sections:  # one chapter file per section, as authors write
            chunks = [f"# {section.number} {section.title}\n"]
            for c in section.criteria:
                replaces = f"replaces: [{', '.join(c.replaces)}]\n" if c.replaces else ""
                chunks.append(
                    f"## {c.number} {c.title}\n\n```criterion\nid: {c.id}\napplies_to: [all]\n"
                    f"{replaces}```\n\n{c.body.markdown}\n"
                )
            chapter = folder / version_.name / f"{int(section.number):03d}-chapter.md"
            chapter.write_text("\n".join(chunks), encoding="utf-8")
    (folder / "standard.yml").write_text(STANDARD_YML, encoding="utf-8")
    (root / "glossary").mkdir()


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    corpus, v1, v2 = generate()
    print(f"criteria: {sum(1 for _ in v1.criteria())} → {sum(1 for _ in v2.criteria())}")
    stable = compare(corpus, v1, v2)
    print(f"stable ids: {len(stable.changed)} changes, counts {stable.counts()}")
    print(f"  compare: {best_of(3, lambda: compare(corpus, v1, v2)):.3f} s")
    scrambled, original = scramble_ids(v1)
    result = compare(corpus, scrambled, v2)
    allowed = {(o, n) for c in stable.changes for o in c.old_ids for n in c.new_ids}
    right = sum((original[s.old_id], s.new_id) in allowed for s in result.suggestions)
    matched = sum(1 for c in stable.changes if len(c.old) == 1 and len(c.new) == 1)
    print(
        f"scrambled ids: {len(result.suggestions)} suggestions, {right} right, "
        f"{len(result.suggestions) - right} wrong, of {matched} intended one-to-one matches"
    )
    seconds = best_of(3, lambda: compare(corpus, scrambled, v2).suggestions)
    print(f"  compare with suggestions: {seconds:.3f} s")
    confidences = [s.confidence for s in result.suggestions]
    if confidences:
        print(
            f"  confidence: min {min(confidences):.2f}, median {statistics.median(confidences):.2f}"
        )

    def write() -> None:
        changeset_document(stable, v1, v2)
        changes_page_html(stable, v1, v2, lambda version, criterion_id: "#")

    print(f"writer (JSON document + site fragment): {best_of(3, write):.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        write_project(Path(folder), (v1, v2))
        command = [sys.executable, "-c", "from normkit.cli import main; main()"]
        command += ["diff", "bench@v1", "bench@v2"]
        command += ["--project", folder, "--format", "json"]

        def run() -> None:
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            assert json.loads(output)["counts"] == stable.counts()

        seconds = best_of(1, run)
        print(f"`normkit diff` end to end (parse both versions, diff, JSON): {seconds:.3f} s")


if __name__ == "__main__":
    main()
