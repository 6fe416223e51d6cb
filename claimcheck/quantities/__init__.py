"""Quantities as written: the value grammar and the unit vocabulary."""
