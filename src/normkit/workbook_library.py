"""openpyxl, imported without numpy.

openpyxl imports numpy whenever it is installed (normkit's lineage suggestions install it),
only to accept numpy's scalars as cell values (`openpyxl.compat.numbers`). normkit never
gives it any: it reads cells as text and writes the model's own values. Importing numpy
there was 60% of importing openpyxl (~0.13 s of CPU), paid by every run that reads a comment
form or a requirements table, so openpyxl is imported with numpy hidden from it. numpy
itself is unaffected: whatever imports it afterwards gets it as usual.
"""

from __future__ import annotations

import sys


def import_openpyxl() -> None:
    """Import openpyxl, if it is not yet, without letting it import numpy (call before the
    first `import openpyxl` of a run; a no-op when numpy or openpyxl is imported already)."""
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        if sys.modules.get("numpy", ...) is None:
            del sys.modules["numpy"]
