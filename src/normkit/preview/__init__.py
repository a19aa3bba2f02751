"""`normkit serve`: a preview that rebuilds only what an edit changed, and shows errors."""
