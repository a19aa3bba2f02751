"""The `diff` output: changesets as JSON, a summary PDF, a redline DOCX, site fragments."""
