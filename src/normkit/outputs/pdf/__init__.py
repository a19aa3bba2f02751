"""PDF output: standards and guidance typeset with pandoc → typst."""
