"""Time the demo's PDFs and DOCX files: cold (empty cache), warm (all cached), per document.

Run on demand: `.venv/bin/python benchmarks/print_render.py [--project PATH] [--jobs N]`.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from normkit.outputs.context import BuildContext
from normkit.outputs.docx.writer import write_docx
from normkit.outputs.pdf.engine import convert_fragments, house_style, render
from normkit.outputs.pdf.source import fill
from normkit.outputs.pdf.writer import print_jobs, write_pdf
from normkit.pipeline import check_project

REPO = Path(__file__).resolve().parent.parent


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", type=Path, default=REPO)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    corpus = check_project(args.project).corpus
    folder = Path(tempfile.mkdtemp(prefix="normkit-print-bench-"))
    try:
        cache = folder / "cache"
        context = BuildContext(project=args.project, out=folder, cache=cache, jobs=args.jobs)
        for name, writer in (("pdf", write_pdf), ("docx", write_docx)):
            cold = timed(lambda: writer(corpus, folder / f"{name}-cold", context))  # noqa: B023
            warm = timed(lambda: writer(corpus, folder / f"{name}-warm", context))  # noqa: B023
            print(f"{name}: cold {cold:.2f} s, warm {warm:.2f} s ({args.jobs} jobs)")
        print("\nper PDF, one process: pandoc (HTML → typst) + typst (→ PDF)")
        for job in print_jobs(corpus):
            start = time.perf_counter()
            converted = convert_fragments(job.fragments)
            pandoc = time.perf_counter() - start
            _ = house_style() + fill(job.skeleton, converted)
            total = timed(lambda: render(job))  # noqa: B023
            pages = len(PdfReader(folder / "pdf-cold" / f"{job.name}.pdf").pages)
            print(f"  {job.name:40} {pages:4} pages  pandoc {pandoc:.2f} s  total {total:.2f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
