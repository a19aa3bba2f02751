"""Output writers: each reads only the model and writes deterministic files into its folder."""
