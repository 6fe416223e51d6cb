"""claimcheck: a claim consistency checker for the numbers in a document."""

__version__ = "0.1.0"
