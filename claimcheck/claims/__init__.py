"""Reading a claims file: TOML, its lines, rule expressions and their shapes."""
