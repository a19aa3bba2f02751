"""The `checklists` output: an assurance checklist (XLSX and CSV) per standard version."""
