"""DOCX output: standards and guidance as Word files through pandoc and a reference document."""
