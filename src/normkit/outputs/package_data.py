"""The data files of normkit's packages that outputs copy (the JSON Schemas), read without
`importlib.resources`.

`importlib.resources.files` reads a package's files through its resource readers, whose
import pulls in `zipfile`, `tempfile` (and with it `shutil`, `bz2`, `lzma`, `random`): about
10 M instructions of every JSON build, which uses none of them. `pkgutil.get_data` asks the
package's own loader for the bytes, as those readers do, zip archives included.
"""

from __future__ import annotations

import pkgutil


def package_text(package: str, name: str) -> str:
    """The text of the data file `name` of `package`, with its newlines read as text mode
    reads them (as `importlib.resources`' `read_text` does)."""
    data = pkgutil.get_data(package, name)
    if data is None:  # a loader that cannot read data files
        raise FileNotFoundError(f"{package}: {name}")
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
