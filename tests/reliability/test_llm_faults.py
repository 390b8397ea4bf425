"""Provider faults at every LLM node, over real HTTP to the simulated server (Anthropic API,
streamed as the CLI streams): HTTP 429, 529, 500, a timeout, a truncated stream and invalid JSON.

A fault that clears is absorbed (retried, or re-asked) and the draft completes; one that does not
pauses the run before that node with a one-line message, and the same command resumes it without
paying again for any call that had completed."""

from __future__ import annotations

import pytest

from agent.commands.draft import _run_or_pause
from agent.errors import RunStateError
from bench.sim_server import FAULT_KINDS, Fault, SimLLMServer
from tests.helpers import start_input
from tests.reliability.support import (
    DATE,
    NODE_REQUESTS,
    assert_complete_package,
    assert_no_completed_call_repeated,
    open_session,
    sim_router,
)

GRAPH_NODE = {"desk_wire": "section_desk", "desk_labs": "section_desk", "outline": "draft",
              "desk_papers": "section_desk", "claims_extract": "claims", "claims_verify": "claims"}


def _fault(kind: str, node: str, times: int) -> Fault:
    schema, contains = NODE_REQUESTS[node]
    return Fault(kind, schema=schema, contains=contains, times=times)  # type: ignore[arg-type]


def _ledger_node(node: str) -> str:
    return "claims" if node.startswith("claims_") else node


@pytest.mark.parametrize(("kind", "stream"), [*((k, True) for k in FAULT_KINDS),
                                               ("truncate", False)])
def test_a_fault_that_clears_at_every_node_is_absorbed(tmp_path, sim: SimLLMServer, config_dir,
                                                       kind, stream):
    faults = [_fault(kind, node, times=1) for node in NODE_REQUESTS]
    sim.inject(*faults)
    with open_session(tmp_path, sim_router(sim, config_dir, stream=stream)) as session:
        state = session.run(start_input(DATE, review=False))
        calls = session.ledger.calls(session.thread_id)
    assert state.values["status"] == "drafted" and not state.next
    assert all(f.times == 0 for f in faults), "a node was never asked"
    retried = {c.node for c in calls if c.outcome == "ok"
               and (c.attempts > 1 if kind == "invalid_json" else c.transport_attempts > 1)}
    assert retried == {_ledger_node(n) for n in NODE_REQUESTS}
    assert_no_completed_call_repeated(calls)
    assert_complete_package(tmp_path / "out")


# Each node gets a fault that does not clear; the kinds rotate so every kind pauses some node.
PERSISTENT = [(node, FAULT_KINDS[i % len(FAULT_KINDS)]) for i, node in enumerate(NODE_REQUESTS)]


@pytest.mark.parametrize(("node", "kind"), PERSISTENT)
def test_a_fault_that_persists_pauses_before_the_node_and_the_same_command_resumes(
        tmp_path, sim: SimLLMServer, config_dir, node, kind):
    sim.inject(_fault(kind, node, times=1000))
    with open_session(tmp_path, sim_router(sim, config_dir)) as session:
        with pytest.raises(RunStateError) as paused:
            _run_or_pause(session, start_input(DATE, review=False))
        stopped_at = session.state().next
    message = str(paused.value)
    assert message.startswith("paused before") and "\n" not in message
    assert "run the same command again" in message
    assert GRAPH_NODE.get(node, node) in stopped_at

    sim.clear_faults()
    with open_session(tmp_path, sim_router(sim, config_dir)) as session:  # the same command, again
        _run_or_pause(session, None)
        state = session.state()
        calls = session.ledger.calls(session.thread_id)
    assert state.values["status"] == "drafted" and not state.next
    assert any(c.outcome != "ok" and c.node == _ledger_node(node) for c in calls)
    assert_no_completed_call_repeated(calls)
    assert_complete_package(tmp_path / "out")
