"""Hostile input corpora (issues 13 and 14) and the tests that run them through the real CLI."""
