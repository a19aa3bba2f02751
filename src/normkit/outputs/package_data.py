"""The data files of normkit's packages that outputs copy (the JSON Schemas) or read (the
PDF engine's house style; the label catalogs of `translations/labels.py`), read without
`importlib.resources`.

`importlib.resources.files` reads a package's files through its resource readers, whose
import pulls in `zipfile`, `tempfile` (and with it `shutil`, `bz2`, `lzma`, `random`): about
10 M instructions of every JSON build, which uses none of them, and as much of a check of a
translated project with a consultation draft. The package's own loader is
asked for the bytes, as those readers do (and as `pkgutil.get_data` does, whose module costs
a JSON build ~1.4 M instructions more), zip archives included.
"""

from __future__ import annotations

import importlib
import os


def package_text(package: str, name: str) -> str:
    """The text of the data file `name` of `package`, with its newlines read as text mode
    reads them (as `importlib.resources`' `read_text` does)."""
    module = importlib.import_module(package)
    loader = getattr(module.__spec__, "loader", None)
    if loader is None or not hasattr(loader, "get_data") or not module.__file__:
        raise FileNotFoundError(f"{package}: {name}")  # a loader that cannot read data files
    path = os.path.join(os.path.dirname(module.__file__), *name.split("/"))
    data: bytes = loader.get_data(path)
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
