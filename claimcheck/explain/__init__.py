"""One claim or rule in full: its evaluation tree, implied ranges and hints."""
