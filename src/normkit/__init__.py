"""normkit: compile structured standards sources into a site, PDFs, criteria JSON and diffs."""

__version__ = "0.1.0"
