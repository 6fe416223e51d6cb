"""Documents: normalising text, finding numeric mentions, coverage of a source."""
