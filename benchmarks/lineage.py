"""Benchmark: successor suggestions with ids stripped, against a known lineage.

    .venv/bin/python benchmarks/lineage.py [--corpus ../shared/corpora/nist-800-53] [--only nist]

Cases:

- nist: SP 800-53 rev4 → rev5 imported with `normkit import`, withdrawn records left out of
  both sides and every rev4 id replaced by a meaningless one. Truth: controls keeping their
  OSCAL id (`kept`), and, for rev4 controls withdrawn in rev5, NIST's own incorporated-into
  (`incorporated`) and moved-to (`moved`) links, and both together (`withdrawn`); a link to
  a statement item counts for its control. Families are split in two halves by name
  (alternately): `tune` and `held-out`, reported apart (see docs/lineage.md for how far the
  held-out half was kept out of development).
- demo: every version of this repository's standards against the one it supersedes, old ids
  scrambled. Truth: same ids, declared `replaces`, and the `withdrawn_to` of criteria
  withdrawn in the new version (the lineage the authors wrote).
- hard: `tests/revisions/lineage_cases/`: a split in two, three merged into one, a reworded
  criterion moved to another principle, near-duplicates in different principles, one
  covered by a broader criterion, one dropped. Truth: its `replaces`.

Every case gives the engine what `normkit diff --suggest` gives it: titles, plain bodies,
section titles, declared numbers and guidance text. The old side's keys are meaningless and
its numbers are scrambled run by run (`AC-2(3)` still extends `AC-2`, but no old number
equals a new one: NIST's numbers are its ids); withdrawn records, which hold the truth
(`withdrawn_to`), are left out of both sides. `--plain` drops numbers and guidance too.

Prints, per case: precision (over every link, and over the links of old criteria whose id
the new version does not keep: `P changed`) and recall per truth category at the default
confidence, the precision–recall curve over confidence, the best recall at
precision ≥ 0.95, the kinds found, and the kinds given to each truth category's links;
then the time the suggestions took.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from normkit.importers import import_source  # noqa: E402
from normkit.model.corpus import Corpus  # noqa: E402
from normkit.model.standard import Version  # noqa: E402
from normkit.pipeline import check_project  # noqa: E402
from normkit.revisions.successors import DEFAULT_CONFIDENCE, Item, Lineage  # noqa: E402
from normkit.revisions.successors.engine import suggest_successors  # noqa: E402
from normkit.revisions.successors.items import version_items  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "nist-800-53"
if not DEFAULT_CORPUS.is_dir():
    DEFAULT_CORPUS = Path("/work/shared/corpora/nist-800-53")
HARD_CASES = REPO / "tests" / "revisions" / "lineage_cases"
TARGET_PRECISION = 0.95
Pair = tuple[str, str]


@dataclass
class Case:
    """Two versions with ids stripped and the lineage that is known to be true."""

    name: str
    old: list[Item]
    new: list[Item]
    truth: dict[str, set[Pair]]
    """Truth category → (old key, new key) pairs."""
    groups: dict[str, str] = field(default_factory=dict)
    """Old key → `tune` or `held-out` (NIST only)."""
    unchanged: set[str] = field(default_factory=set)
    """Old keys whose id the new version keeps: `P changed` is the precision of the links
    of every other old criterion, the ones a reviewer actually needs."""
    seconds: float = 0.0
    lineage: Lineage | None = None


def meaningless(key: str) -> str:
    return "x" + hashlib.sha256(key.encode()).hexdigest()[:10]


def scrambled_number(number: str) -> str:
    """`AC-2(3)` → three meaningless runs, each standing for the number's path so far: the
    old version keeps its hierarchy (`AC-2(3)` still extends `AC-2`) but no number equals
    one of the new version (NIST's numbers are its ids)."""
    runs = re.findall(r"\d+|[^\W\d_]+", number.casefold())
    letters = str.maketrans("0123456789abcdef", "ghijklmnopqrstuv")
    paths = ("/".join(runs[: n + 1]) for n in range(len(runs)))
    return ".".join(meaningless(path)[1:7].translate(letters) for path in paths)


def stripped(items: list[Item]) -> tuple[list[Item], dict[str, str]]:
    """The items with meaningless keys and numbers, and the map from meaningless key to
    the original."""
    return [
        replace(item, key=meaningless(item.key), number=scrambled_number(item.number))
        for item in items
    ], {meaningless(item.key): item.key for item in items}


def nist_case(corpus_folder: Path) -> Case:
    project = Path(tempfile.mkdtemp(prefix="normkit-lineage-"))
    (project / "standards").mkdir()
    for name in ("rev4", "rev5"):
        result = import_source(corpus_folder / f"{name}-catalog.json", project, "nist", name)
        if not result.ok:
            raise SystemExit(f"import of {name} failed")
    corpus = check_project(project).corpus
    rev4, rev5 = corpus.version("nist", "rev4"), corpus.version("nist", "rev5")
    assert rev4 is not None and rev5 is not None
    old = version_items(rev4, corpus.guidance_for(rev4))
    new = version_items(rev5, corpus.guidance_for(rev5))
    new_keys = {item.key for item in new}
    truth: dict[str, set[Pair]] = defaultdict(set)
    for item in old:
        if item.key in new_keys:
            truth["kept"].add((item.key, item.key))
        record = rev5.criterion(item.key)
        if record is not None and record.is_withdrawn:
            category = "moved" if record.withdrawn_as.value == "moved" else "incorporated"
            for target in record.withdrawn_to:
                if target.criterion_id in new_keys:
                    truth[category].add((item.key, target.criterion_id))
    truth["withdrawn"] = truth["incorporated"] | truth["moved"]
    families = sorted({item.sections[0] for item in old})
    half = {family: ("tune" if n % 2 == 0 else "held-out") for n, family in enumerate(families)}
    groups = {item.key: half[item.sections[0]] for item in old}
    unchanged = {old_key for old_key, _new_key in truth["kept"]}
    return Case("nist rev4 → rev5", old, new, dict(truth), groups, unchanged)


def declared_cases(root: Path, label: str) -> list[Case]:
    """Every version against the one it supersedes; truth from ids and `replaces`."""
    corpus: Corpus = check_project(root).corpus
    cases = []
    for version in corpus.versions():
        previous = corpus.version(version.standard, version.supersedes or "")
        if previous is not None:
            cases.append(declared_case(corpus, previous, version, label))
    return cases


def declared_case(corpus: Corpus, old_version: Version, new_version: Version, label: str) -> Case:
    old = version_items(old_version, corpus.guidance_for(old_version))
    new = version_items(new_version, corpus.guidance_for(new_version))
    old_keys = {item.key for item in old}
    successors: dict[str, set[str]] = defaultdict(set)
    for criterion in new_version.criteria():
        if criterion.is_withdrawn:
            # Withdrawn into other criteria: the old one lives on in them.
            if criterion.id in old_keys:
                for target in criterion.withdrawn_to:
                    successors[criterion.id].add(target.criterion_id)
            continue
        if criterion.id in old_keys:
            successors[criterion.id].add(criterion.id)
        for replaced in criterion.replaces:
            if replaced in old_keys:
                successors[replaced].add(criterion.id)
    predecessors: dict[str, set[str]] = defaultdict(set)
    for old_key, new_keys in successors.items():
        for new_key in new_keys:
            predecessors[new_key].add(old_key)
    truth: dict[str, set[Pair]] = defaultdict(set)
    for old_key, new_keys in successors.items():
        for new_key in new_keys:
            if len(new_keys) > 1:
                category = "split"
            elif len(predecessors[new_key]) > 1:
                category = "merge"
            else:
                category = "one-to-one"
            truth[category].add((old_key, new_key))
    name = f"{label} {old_version.key} → {new_version.name}"
    unchanged = {c.id for c in new_version.criteria() if c.id in old_keys and not c.is_withdrawn}
    return Case(name, old, new, dict(truth), unchanged=unchanged)


def run(case: Case) -> None:
    old, original = stripped(case.old)
    start = time.perf_counter()
    lineage = suggest_successors(old, case.new, min_confidence=DEFAULT_CONFIDENCE)
    case.seconds = time.perf_counter() - start
    case.lineage = Lineage(
        links=tuple(replace(link, old_id=original[link.old_id]) for link in lineage.links),
        dropped=tuple(replace(d, old_id=original[d.old_id]) for d in lineage.dropped),
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def measure(case: Case, threshold: float, group: str | None = None) -> dict[str, float]:
    """Precision over every link at `threshold`, recall per truth category."""
    assert case.lineage is not None
    wanted = (lambda key: case.groups.get(key) == group) if group else (lambda key: True)
    truth = {c: {p for p in pairs if wanted(p[0])} for c, pairs in case.truth.items()}
    every = set().union(*truth.values()) if truth else set()
    found = {
        (link.old_id, link.new_id)
        for link in case.lineage.links
        if link.confidence >= threshold and wanted(link.old_id)
    }
    figures = {"links": float(len(found)), "precision": _ratio(len(found & every), len(found))}
    changed = {pair for pair in found if pair[0] not in case.unchanged}
    figures["P changed"] = _ratio(len(changed & every), len(changed))
    figures["recall"] = _ratio(len(found & every), len(every))
    for category, pairs in sorted(truth.items()):
        figures[f"recall {category}"] = _ratio(len(found & pairs), len(pairs))
    return figures


def kinds_found(case: Case) -> dict[str, tuple[int, int]]:
    """Kind → (links of that kind at the default confidence, how many are true); for
    `no-successor`, the old criteria left without a link, and how many truly have none."""
    assert case.lineage is not None
    every = set().union(*case.truth.values())
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for link in case.lineage.links:
        if link.confidence >= DEFAULT_CONFIDENCE:
            counts[str(link.kind)][0] += 1
            counts[str(link.kind)][1] += (link.old_id, link.new_id) in every
    linked = {old_key for old_key, _new_key in every}
    for dropped in case.lineage.dropped:
        counts["no-successor"][0] += 1
        counts["no-successor"][1] += dropped.old_id not in linked
    return {kind: (n, right) for kind, (n, right) in sorted(counts.items())}


def kinds_per_category(case: Case) -> dict[str, Counter[str]]:
    """Truth category → the kinds given to its links found at the default confidence."""
    assert case.lineage is not None
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for link in case.lineage.links:
        if link.confidence < DEFAULT_CONFIDENCE:
            continue
        for category, pairs in sorted(case.truth.items()):
            if category != "withdrawn" and (link.old_id, link.new_id) in pairs:
                kinds[category][str(link.kind)] += 1
    return kinds


BANDS = (0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 1.01)


def reliability(case: Case, group: str | None = None) -> list[tuple[float, float, int, int]]:
    """Per confidence band: (low, high, links, of which true), for the links of old criteria
    whose id the new version does not keep: whether a link at confidence c is right about
    c of the time."""
    assert case.lineage is not None
    every = set().union(*case.truth.values())
    bands = []
    for low, high in itertools.pairwise(BANDS):
        pairs = [
            (link.old_id, link.new_id)
            for link in case.lineage.links
            if low <= link.confidence < high
            and link.old_id not in case.unchanged
            and (group is None or case.groups.get(link.old_id) == group)
        ]
        bands.append((low, min(high, 1.0), len(pairs), sum(pair in every for pair in pairs)))
    return bands


def curve(case: Case, group: str | None = None) -> list[tuple[float, dict[str, float]]]:
    return [(t / 100, measure(case, t / 100, group)) for t in range(5, 100, 5)]


def best_recall(points: Iterable[tuple[float, dict[str, float]]]) -> tuple[float, dict[str, float]]:
    """The threshold with the highest recall among those with precision ≥ 0.95."""
    eligible = [(t, f) for t, f in points if f["precision"] >= TARGET_PRECISION and f["links"]]
    if not eligible:
        return (1.0, {"precision": 0.0, "recall": 0.0})
    return max(eligible, key=lambda point: (point[1]["recall"], -point[0]))


def line(figures: dict[str, float]) -> str:
    parts = [f"links {int(figures['links'])}", f"P {figures['precision']:.3f}"]
    parts.append(f"P changed {figures['P changed']:.3f}")
    parts.append(f"R {figures['recall']:.3f}")
    parts += [f"{k} {v:.3f}" for k, v in figures.items() if k.startswith("recall ")]
    return "  ".join(parts)


def report(case: Case, *, show_curve: bool) -> None:
    assert case.lineage is not None
    print(
        f"\n== {case.name}: {len(case.old)} → {len(case.new)} criteria, "
        f"{len(set().union(*case.truth.values()))} true links, {case.seconds:.2f} s"
    )
    groups: list[str | None] = [None, *sorted(set(case.groups.values()), reverse=True)]
    for group in groups:
        label = group or "all"
        at_default = measure(case, DEFAULT_CONFIDENCE, group)
        print(f"  [{label}] at default {DEFAULT_CONFIDENCE}: {line(at_default)}")
        threshold, best = best_recall(curve(case, group))
        print(
            f"  [{label}] best recall at P ≥ {TARGET_PRECISION}: threshold {threshold:.2f}: "
            f"{line(best) if 'links' in best else 'none'}"
        )
    print(
        "  kinds at default (links found, of which true): "
        + ", ".join(f"{kind} {n}/{right}" for kind, (n, right) in kinds_found(case).items())
    )
    print(
        "  kinds given to the true links at default, per truth category: "
        + "; ".join(
            f"{category}: " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            for category, kinds in kinds_per_category(case).items()
        )
    )
    if show_curve:
        for group in groups:
            print(
                f"  [{group or 'all'}] reliability, links of changed criteria (band: right/links): "
                + "  ".join(
                    f"{low:.2f}–{high:.2f}: {right}/{n}"
                    for low, high, n, right in reliability(case, group)
                )
            )
        print("  curve (threshold: links, P, R):")
        for threshold, figures in curve(case):
            print(f"    {threshold:.2f}: {line(figures)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", choices=["nist", "demo", "hard"], default=None)
    parser.add_argument("--no-curve", action="store_true", help="Leave out the curves.")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="Without numbers and guidance: the texts, titles and sections alone.",
    )
    args = parser.parse_args()
    cases: list[Case] = []
    if args.only in (None, "hard"):
        cases += declared_cases(HARD_CASES, "hard")
    if args.only in (None, "demo"):
        cases += declared_cases(REPO, "demo")
    if args.only in (None, "nist"):
        cases.append(nist_case(args.corpus))
    for case in cases:
        if args.plain:
            case.old = [replace(item, number="", guidance="") for item in case.old]
            case.new = [replace(item, number="", guidance="") for item in case.new]
        run(case)
        report(case, show_curve=not args.no_curve and len(case.old) > 50)


if __name__ == "__main__":
    main()
