"""Run a command and write its peak resident memory (KiB) to the file named by $PEAK_FILE.

The measurement must come from a small parent: Linux counts the pages a child shares with
its parent at fork in the child's peak (`ru_maxrss`), so a command started by a benchmark
process that holds a large model would report that model's size as its own.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> None:
    child = subprocess.Popen(sys.argv[1:])
    _, status, usage = os.wait4(child.pid, 0)
    with open(os.environ["PEAK_FILE"], "w", encoding="utf-8") as out:
        out.write(str(usage.ru_maxrss))
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
