"""PDF output: standards and guidance typeset with pandoc → typst."""

CACHE_FOLDER = "pdf"
"""The PDF output's rendered documents in the build folder's cache (`build/.cache/pdf`),
by the digest of their job (`engine.job_hash`)."""
