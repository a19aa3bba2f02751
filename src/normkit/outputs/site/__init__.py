"""The website: generated MkDocs pages (Material theme) with Pagefind search."""
