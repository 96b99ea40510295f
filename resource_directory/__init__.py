"""The resource directory as a library: HSDS model, importers, search, matching (no Flask)."""
