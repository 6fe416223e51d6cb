"""Drafting claims (and rules) from a document."""
