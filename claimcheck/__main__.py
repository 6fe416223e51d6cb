"""Allow ``python -m claimcheck``."""

from claimcheck.cli import command

command()
