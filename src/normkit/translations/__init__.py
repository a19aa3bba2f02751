"""Translations: catalogs per language (gettext PO), their coverage and staleness, and the
corpus in each language."""
