"""Metadata: every key of every metadata file and block, declared once and validated."""
