"""`python -m normkit`."""

from normkit.program import run

run()
