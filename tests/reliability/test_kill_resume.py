"""``desk draft`` killed with SIGKILL at every node boundary, then the same command again; and
killed while a model call that was cut off at its output limit is being asked again.

Each process of the first test dies the moment a node returns, before LangGraph checkpoints that
node's writes (the test-only
``after-node:<node>`` crash point of agent/crashpoints.py); the next one
resumes from the last checkpoint and is itself killed one node later. The LLM calls go over real
HTTP to the simulated server's OpenAI-compatible endpoint. At the end the package is complete and
the ledger shows no completed LLM call paid for twice.

The boundaries are split over three chains run at once (each its own data directory): the
thesis runs in parallel with the section desks, so whether it finished before a kill after the
first desk is a race, and it gets a chain of its own; the rest split into early and late nodes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from agent.crashpoints import KILL_AT_ENV
from agent.persistence.ledger import SqliteLedger
from agent.persistence.runs import thread_id_for as run_id_for
from tests.sim.server import Fault, SimLLMServer, SimSettings
from tests.reliability.support import (
    DATE,
    STALL_S,
    SIM_MODEL_FLAGS,
    assert_complete_package,
    assert_no_completed_call_repeated,
    sim_env,
)

CHAINS = {
    "early": ("gather", "curate", "section_desk"),
    "late": ("draft", "critique", "claims", "assemble"),
    "thesis": ("thesis",),
}


def _draft_args(root: Path) -> list[str]:
    return [sys.executable, "-m", "agent.cli", "draft", "--sample", DATE, "--no-review",
            *SIM_MODEL_FLAGS, "--data-dir", str(root / "data"), "--out", str(root / "out")]


def _desk_draft(root: Path, env: dict[str, str], kill_after: str | None
                ) -> subprocess.CompletedProcess[str]:
    run_env = {**os.environ, **env, KILL_AT_ENV: f"after-node:{kill_after}" if kill_after else ""}
    return subprocess.run(_draft_args(root), env=run_env, cwd=root, capture_output=True,
                          text=True, timeout=120, check=False)


def _chain(root: Path, env: dict[str, str], boundaries: tuple[str, ...]) -> list[str]:
    """Kill at each boundary in turn, then finish; returns the last run's stderr."""
    root.mkdir()
    for node in boundaries:
        killed = _desk_draft(root, env, node)
        assert killed.returncode == -signal.SIGKILL, (node, killed.returncode, killed.stderr)
    final = _desk_draft(root, env, None)
    assert final.returncode == 0, final.stderr
    return final.stderr.splitlines()


def _ledger(root: Path):
    ledger = SqliteLedger(root / "data" / "ledger.sqlite")
    try:
        return ledger.calls(run_id_for(DATE))
    finally:
        ledger.close()


@pytest.mark.slow
def test_a_draft_killed_at_every_node_boundary_resumes_to_a_complete_package(
        tmp_path, sim: SimLLMServer):
    env = sim_env(sim)
    with ThreadPoolExecutor(max_workers=len(CHAINS)) as pool:
        futures = {name: pool.submit(_chain, tmp_path / name, env, boundaries)
                   for name, boundaries in CHAINS.items()}
        outputs = {name: future.result() for name, future in futures.items()}

    for name in CHAINS:
        assert any("Resuming the 2026-04-21 run from its last checkpoint" in line
                   for line in outputs[name]), outputs[name]
        assert_complete_package(tmp_path / name / "out")
        calls = _ledger(tmp_path / name)
        assert_no_completed_call_repeated(calls)
        assert all(c.model == "sim-model" for c in calls)


EXTRACTION = "ClaimExtraction"
FIRST_PARAGRAPH = '<paragraph index="0">'


def _kill_when_asked_again(process: subprocess.Popen[str], sim: SimLLMServer) -> None:
    """SIGKILL the draft while its second (larger-budget) extraction request is in flight."""
    deadline = time.monotonic() + 90
    while not any(r.fault == "slow" for r in sim.requests_for(EXTRACTION)):
        assert process.poll() is None, "the draft ended before the call was asked again"
        assert time.monotonic() < deadline, "the cut-off call was never asked again"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


@pytest.fixture
def recording_sim() -> Iterator[SimLLMServer]:
    settings = SimSettings(stall_s=STALL_S, lifetime_s=300, tokens_per_event=128,
                           record_prompts=True)
    with SimLLMServer(settings) as server:
        yield server


def test_a_draft_killed_while_a_cut_off_call_is_asked_again_resumes_and_pays_once(
        tmp_path, recording_sim: SimLLMServer):
    sim = recording_sim
    # The first extraction request for paragraph 0 is cut off at its output limit; the second,
    # with twice the budget, is still being answered when the process dies.
    sim.inject(Fault("overthink", schema=EXTRACTION, contains=FIRST_PARAGRAPH),
               Fault("slow", schema=EXTRACTION, contains=FIRST_PARAGRAPH, delay_s=60))
    env = {**os.environ, **sim_env(sim)}
    with subprocess.Popen(_draft_args(tmp_path), env=env, cwd=tmp_path, text=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        _kill_when_asked_again(process, sim)
    sim.clear_faults()

    final = _desk_draft(tmp_path, sim_env(sim), None)

    assert final.returncode == 0, final.stderr
    assert "Resuming the 2026-04-21 run from its last checkpoint" in final.stderr
    assert_complete_package(tmp_path / "out")
    calls = _ledger(tmp_path)
    assert_no_completed_call_repeated(calls)
    first = [r for r in sim.requests_for(EXTRACTION) if FIRST_PARAGRAPH in r.prompt]
    cut, in_flight, resumed = first[0], first[1], first[-1]
    assert cut.stop_reason == "length" and in_flight.fault == "slow"
    assert cut.max_tokens < in_flight.max_tokens <= 2 * cut.max_tokens  # never the same twice
    assert resumed.stop_reason == "stop" and resumed.max_tokens == cut.max_tokens
