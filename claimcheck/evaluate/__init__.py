"""The engine: units, derived claims, and the strategies that decide a rule."""
