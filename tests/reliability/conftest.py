"""Fixtures for the fault matrix: one simulated LLM server per test (faults are per server), a
config whose retries and timeouts run at test speed, and where the kill suite's results go (the
tally is printed at the end of the run by tests/conftest.py, under xdist too)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.killing import KillTally
from tests.sim.server import SimLLMServer, SimSettings
from tests.reliability.support import STALL_S, fast_config_dir

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
def kill_tally(record_property) -> KillTally:
    """Where kill-suite tests put their results: the test's report carries them (as a user
    property, which xdist sends from its workers) to the tally printed at the end."""
    return KillTally(record_property)
