"""Reading and parsing source files: no cross-file knowledge."""
