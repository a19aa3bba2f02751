"""`python -m normkit`."""

from normkit.cli import run

run()
