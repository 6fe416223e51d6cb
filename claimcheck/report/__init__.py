"""Renderers: one module per ``--format``, each ``render(reports, *, strict) -> output``.

The table renderer returns a rich renderable (the CLI prints it so that colour
follows the terminal); the others return plain text.
"""
