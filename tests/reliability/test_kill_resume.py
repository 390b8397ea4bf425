"""``desk draft`` killed with SIGKILL at every node boundary, then the same command again.

Each process dies the moment a node returns, before LangGraph checkpoints that node's writes (the
test-only ``after-node:<node>`` crash point of agent/crashpoints.py); the next one resumes from the last
checkpoint and is itself killed one node later. The LLM calls go over real HTTP to the simulated
server's OpenAI-compatible endpoint. At the end the package is complete and the ledger shows no
completed LLM call paid for twice.

The boundaries are split over three chains run at once (each its own data directory): the
thesis runs in parallel with the section desks, so whether it finished before a kill after the
first desk is a race, and it gets a chain of its own; the rest split into early and late nodes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from agent.persistence.ledger import SqliteLedger
from agent.persistence.runs import thread_id_for as run_id_for
from agent.crashpoints import KILL_AT_ENV
from bench.sim_server import SimLLMServer
from tests.reliability.support import (
    DATE,
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


def _desk_draft(root: Path, env: dict[str, str], kill_after: str | None
                ) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "agent.cli", "draft", "--sample", DATE, "--no-review",
            *SIM_MODEL_FLAGS, "--data-dir", str(root / "data"), "--out", str(root / "out")]
    run_env = {**os.environ, **env, KILL_AT_ENV: f"after-node:{kill_after}" if kill_after else ""}
    return subprocess.run(args, env=run_env, cwd=root, capture_output=True, text=True,
                          timeout=120, check=False)


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
