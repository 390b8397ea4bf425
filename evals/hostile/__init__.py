"""Measuring what the desk does with hostile inputs: run the CLI, read the package, classify."""
