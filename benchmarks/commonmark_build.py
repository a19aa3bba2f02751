"""The CommonMark specification's examples as criteria, built through every output.

    .venv/bin/python benchmarks/commonmark_build.py [--runs 3]

Writes the project of `tests/commonmark/project.py` (652 examples in v1, 587 in v2), then
times `check` and each writer (json, pdf, docx, diff, site) on a cold cache, the way `normkit
build` runs them, and prints the diagnostics the examples give, the median wall time per
output and the page counts of the PDFs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from pypdf import PdfReader  # noqa: E402

from normkit.outputs.context import BuildContext  # noqa: E402
from normkit.outputs.registry import available, load_writer  # noqa: E402
from normkit.pipeline import check_project  # noqa: E402
from tests.commonmark.project import write_project  # noqa: E402


def one_run(root: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    start = time.perf_counter()
    result = check_project(root)
    times["check"] = time.perf_counter() - start
    out = root / f"build-{time.time_ns()}"
    context = BuildContext(project=root, out=out, cache=out / ".cache", jobs=2)
    for name in available():
        start = time.perf_counter()
        load_writer(name)(result.corpus, out / name, context)
        times[name] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="normkit-commonmark-") as folder:
        root = Path(folder)
        examples = write_project(root)
        result = check_project(root)
        codes = Counter(d.code.code for d in result.diagnostics)
        print(f"{len(examples)} CommonMark examples; diagnostics: {dict(codes.most_common())}")
        runs = [one_run(root) for _ in range(args.runs)]
        for name in ("check", *available()):
            values = [run[name] for run in runs]
            print(
                f"{name:6} {statistics.median(values):6.2f} s  "
                f"(min {min(values):.2f}, max {max(values):.2f}, {args.runs} runs)"
            )
        last = sorted(root.glob("build-*"))[-1]
        for pdf in sorted(p for p in last.rglob("*.pdf") if ".cache" not in p.parts):
            print(f"{pdf.relative_to(last)}: {len(PdfReader(pdf).pages)} pages")


if __name__ == "__main__":
    main()
