"""Skipping a test whose environment is missing something (a server binary, a browser), saying
why on the terminal even without ``-rs``."""

from __future__ import annotations

import pytest


def announce_skip(config: pytest.Config, reason: str) -> None:
    """Print why an environment-dependent test skips (visible without -rs), then skip."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # past pytest's output capture
            reporter.write_line(f"\nSKIPPED: {reason}", yellow=True)
    pytest.skip(reason)
