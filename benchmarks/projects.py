"""Projects the benchmarks run on: generated revisions of N criteria, the NIST import, and
a small real standard cut from it.

A generated project is one standard in two versions, v1 (published) and v2 (a draft that
supersedes it), holding N criteria between them: v2 rewords a tenth of v1's criteria,
drops a few and adds as many, so that diffs have work to do. Criteria use what real ones
use: lettered parts, references to other criteria (`[[id]]`), defined terms (`[=term=]`),
a custom field, applicability codes. The same seed gives the same project.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

VOCABULARY = (
    "entity shall establish maintain document implement review monitor report publish risk "
    "assessment management system policy procedure record supplier customer worker community "
    "water energy emissions waste biodiversity land rights labour safety health training audit "
    "material metal scrap recycled content traceability chain custody claim transfer product "
    "facility operation site process control target reduction disclosure transparency annual "
    "independent verification stakeholder engagement grievance mechanism remediation impact "
    "greenhouse gas carbon intensity renewable efficiency effluent discharge tailings closure"
)
WORDS = tuple(VOCABULARY.split())
TERMS = ("Affected Community", "Greenhouse Gas", "Due Diligence", "Tailings Facility")
CODES = ("mining", "refining", "smelting", "manufacturing")
PER_PAGE = 20
"""Criteria per principle (one site page each)."""
PILLARS = 5
NIST = Path("/work/shared/corpora/nist-800-53")
"""The real catalogues (read-only): `../shared/corpora/` from the repository."""


def _sentence(rng: random.Random, length: int, terms: bool = False) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    if terms:
        words.insert(length // 2, f"[={rng.choice(TERMS)}=]")
    return "The Entity " + " ".join(words) + "."


def _criterion(rng: random.Random, number: int, ids: list[str]) -> tuple[str, str]:
    """(id, body) of one criterion; references point at earlier criteria."""
    criterion_id = f"criterion-{number:05d}"
    reference = f" See [[{rng.choice(ids)}]]." if ids and rng.random() < 0.3 else ""
    body = (
        f"{_sentence(rng, 35, terms=rng.random() < 0.5)}{reference}\n\n"
        f"1. {_sentence(rng, 12)}\n2. {_sentence(rng, 12)}\n3. {_sentence(rng, 10)}\n"
    )
    return criterion_id, body


def _write_version(
    folder: Path, criteria: list[tuple[str, str, str]], version: str, supersedes: str | None
) -> None:
    """`criteria` as (id, title, body), PER_PAGE to a principle, in PILLARS chapter files."""
    folder.mkdir(parents=True)
    status = "draft" if supersedes else "published"
    lines = [
        f"version: {version}",
        f"title: Scale Standard {version.upper()}",
        f"status: {status}",
        "published: 2025-01-01" if not supersedes else "published: 2026-01-01",
        f"summary: Generated for the benchmarks ({len(criteria)} criteria).",
    ]
    if supersedes:
        lines.append(f"supersedes: {supersedes}")
    (folder / "version.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rng = random.Random(version)
    principles = max(1, (len(criteria) + PER_PAGE - 1) // PER_PAGE)
    pillars = min(PILLARS, principles)
    index = 0
    for pillar in range(pillars):
        chapter = [f"# Pillar {pillar + 1}\n\nIntroduction of pillar {pillar + 1}.\n"]
        for principle in range(
            pillar * principles // pillars, (pillar + 1) * principles // pillars
        ):
            chapter.append(
                f"## {principle + 1} Principle {principle + 1}\n\n{_sentence(rng, 20)}\n"
            )
            for item in range(PER_PAGE):
                if index >= len(criteria):
                    break
                criterion_id, title, body = criteria[index]
                index += 1
                chapter.append(
                    f"### {principle + 1}.{item + 1} {title}\n\n```criterion\nid: {criterion_id}\n"
                    f"applies_to: [{rng.choice(CODES)}]\n"
                    f"criticality: {rng.choice(['critical', 'core'])}\n```\n\n{body}"
                )
        (folder / f"{pillar + 1:02d}-pillar.md").write_text("\n".join(chapter), encoding="utf-8")


def generate_project(root: Path, criteria: int, seed: int = 1000) -> Path:
    """A two-version project with `criteria` criteria in all (half in each version)."""
    rng = random.Random(seed)
    standard = root / "standards" / "scale"
    standard.mkdir(parents=True)
    (root / "glossary").mkdir()
    glossary = ["# Glossary\n"]
    for term in TERMS:
        glossary.append(f"## {term}\n\n```term\n{{}}\n```\n\n{_sentence(rng, 15)}\n")
    (root / "glossary" / "terms.md").write_text("\n".join(glossary), encoding="utf-8")
    codes = "\n".join(f"  - code: {c}\n    label: {c.title()}" for c in CODES)
    (standard / "standard.yml").write_text(
        "code: SC\ntitle: Scale Standard\nowner: Bench\nlicence: CC BY 4.0\n"
        "description: Generated.\nsection_levels: [pillar, principle]\n"
        f"applicability:\n{codes}\n"
        "fields:\n  criticality:\n    label: Criticality\n    type: enum\n"
        "    choices: [critical, core]\n    default: core\n",
        encoding="utf-8",
    )
    per_version = max(1, criteria // 2)
    old: list[tuple[str, str, str]] = []
    for number in range(1, per_version + 1):
        criterion_id, body = _criterion(rng, number, [c[0] for c in old[-200:]])
        old.append((criterion_id, f"Criterion {number}", body))
    new: list[tuple[str, str, str]] = []
    referenced = {found for c in old for found in re.findall(r"\[\[([^\]|]+)\]\]", c[2])}
    candidates = [index for index, c in enumerate(old) if c[0] not in referenced]
    dropped = set(rng.sample(candidates, min(len(candidates), max(1, len(old) // 50))))
    for index, (criterion_id, title, body) in enumerate(old):
        if index in dropped:
            continue
        if rng.random() < 0.1:
            body = body.replace("The Entity", "The Entity and its suppliers", 1)
        new.append((criterion_id, title, body))
    for number in range(per_version + 1, per_version + 1 + len(dropped)):
        criterion_id, body = _criterion(rng, number, [c[0] for c in new[-200:]])
        new.insert(rng.randrange(len(new) + 1), (criterion_id, f"Criterion {number}", body))
    _write_version(standard / "v1", old, "v1", None)
    _write_version(standard / "v2", new, "v2", "v1")
    return root


def nist_project(root: Path) -> Path | None:
    """NIST SP 800-53 rev4 and rev5 imported with `normkit import`; None while the command
    is not there (it lands from another branch)."""
    command = [sys.executable, "-m", "normkit"]
    probe = subprocess.run([*command, "import", "--help"], capture_output=True, check=False)
    if probe.returncode != 0 or not NIST.is_dir():
        return None
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for version in ("rev4", "rev5"):
        catalog = NIST / f"{version}-catalog.json"
        arguments = ["import", str(catalog), "--standard", "sp800-53", "--version", version]
        subprocess.run([*command, *arguments, "--project", str(root)], check=True)
    return root


SMALL_FAMILIES = ("ia", "ir", "ma", "ps", "pt")
"""Families of NIST SP 800-53 rev5 whose withdrawn controls point only within themselves:
181 controls and enhancements, the size of a small real standard (NIST SP 800-171 has
~110 requirements), where what a run pays whatever the size weighs most."""


def small_real_project(nist: Path, root: Path) -> Path:
    """rev5 of the NIST import `nist` with only `SMALL_FAMILIES`' chapters, as one version."""
    source = nist / "standards" / "sp800-53"
    version = root / "standards" / "sp800-53" / "rev5"
    if root.exists():
        shutil.rmtree(root)
    version.mkdir(parents=True)
    shutil.copy(source / "standard.yml", version.parent / "standard.yml")
    lines = (source / "rev5" / "version.yml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("supersedes:")]  # rev4 is not here
    (version / "version.yml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    for chapter in sorted((source / "rev5").glob("*.md")):
        first = re.search(r"^id: ([a-z]+)-", chapter.read_text(encoding="utf-8"), re.MULTILINE)
        if first is not None and first.group(1) in SMALL_FAMILIES:
            shutil.copy(chapter, version / chapter.name)
    return root
