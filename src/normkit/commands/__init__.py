"""CLI sub-commands, each in its own module, registered at the end of `normkit.cli`."""
