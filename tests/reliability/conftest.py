"""Fixtures for the fault matrix: one simulated LLM server per test (faults are per server), a
config whose retries and timeouts run at test speed, and the kill suite's tally (printed at the
end of the run)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.killing import PointResult, tally
from tests.sim.server import SimLLMServer, SimSettings
from tests.reliability.support import STALL_S, fast_config_dir

_KILLS: list[PointResult] = []


@pytest.fixture(scope="session")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fast_config_dir(tmp_path_factory.mktemp("reliability"))


@pytest.fixture
def sim() -> Iterator[SimLLMServer]:
    # Large stream deltas: the SDKs parse every event, and tests need the faults, not the pace.
    settings = SimSettings(stall_s=STALL_S, lifetime_s=300, tokens_per_event=128)
    with SimLLMServer(settings) as server:
        yield server


@pytest.fixture
def kill_tally() -> list[PointResult]:
    """Where kill-suite tests put their results, for the tally printed at the end."""
    return _KILLS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _KILLS:
        terminalreporter.section("kill suite: command x point x outcome")
        terminalreporter.write_line(tally(_KILLS))
